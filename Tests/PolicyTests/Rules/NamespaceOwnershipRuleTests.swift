import Admission
import JSON
import XCTest

@testable import Policy

final class NamespaceOwnershipRuleTests: XCTestCase {
    private func namespaceRequest(
        _ operation: Admission.Operation, _ name: String, labels: JSON? = nil, oldLabels: JSON? = nil, subResource: String = ""
    ) -> AdmissionRequest {
        RuleFixtures.request(
            operation, resource: "namespaces", kind: "Namespace", subResource: subResource, namespace: name, name: name,
            object: labels.map { ["metadata": ["name": .string(name), "labels": $0]] },
            oldObject: oldLabels.map { ["metadata": ["name": .string(name), "labels": $0]] })
    }

    private func check(_ request: AdmissionRequest) -> [String] {
        RuleFixtures.actorViolations(NamespaceOwnershipRule.self, request).details
    }

    func testOwnNamespaceWithItsLabelsIsAllowed() {
        XCTAssertEqual(check(namespaceRequest(.create, "tenant-acme", labels: ["tenant": "acme", "tier": "enterprise"])), [])
        XCTAssertEqual(check(namespaceRequest(.create, "acme-dev", labels: ["tenant": "acme", "tier": "enterprise", "team": "web"])), [])
    }

    func testAnotherTenantsNamespaceIsDenied() {
        XCTAssertEqual(
            check(namespaceRequest(.create, "tenant-globex", labels: ["tenant": "acme", "tier": "enterprise"])),
            ["namespace \"tenant-globex\" belongs to tenant globex; tenant acme may use only its own namespaces (allowed: tenant-acme, acme-*)"])
    }

    func testSystemAndUnownedNamespacesAreDenied() {
        XCTAssertEqual(
            check(namespaceRequest(.update, "kube-system", labels: [:], oldLabels: [:])),
            ["namespace \"kube-system\" is a system namespace; tenant acme may use only its own namespaces (allowed: tenant-acme, acme-*)"])
        XCTAssertEqual(
            check(namespaceRequest(.create, "payments", labels: ["tenant": "acme"])),
            ["namespace \"payments\" belongs to no tenant; tenant acme may use only its own namespaces (allowed: tenant-acme, acme-*)"])
    }

    func testDeleteChecksOwnershipOnly() {
        XCTAssertEqual(check(namespaceRequest(.delete, "acme-old")), [])
        XCTAssertEqual(check(namespaceRequest(.delete, "tenant-globex")).count, 1)
    }

    func testNameComesFromTheRequestOrTheObjectWhenNamespaceIsEmpty() {
        let byName = RuleFixtures.request(resource: "namespaces", namespace: "", name: "globex-x", object: ["metadata": ["name": "globex-x"]])
        XCTAssertEqual(check(byName).first?.hasPrefix("namespace \"globex-x\" belongs to tenant globex"), true)
        let byObject = RuleFixtures.request(
            resource: "namespaces", namespace: "", name: "", object: ["metadata": ["name": "acme-y", "labels": ["tenant": "acme", "tier": "enterprise"]]])
        XCTAssertEqual(check(byObject), [])
        let nameless = RuleFixtures.request(resource: "namespaces", namespace: "", name: "", object: ["metadata": ["generateName": "acme-"]])
        XCTAssertEqual(check(nameless).count, 1)
    }

    func testMissingOrWrongLabelsAreDenied() {
        XCTAssertEqual(
            check(namespaceRequest(.create, "acme-dev", labels: [:])),
            ["label \"tenant\" is missing (must be \"acme\")", "label \"tier\" is missing (must be \"enterprise\")"])
        XCTAssertEqual(
            check(namespaceRequest(.create, "acme-dev", labels: ["tenant": "globex", "tier": "gold"])),
            ["label \"tenant\" is \"globex\" (must be \"acme\")", "label \"tier\" is \"gold\" (must be \"enterprise\")"])
    }

    func testChangingOrRemovingLabelsOnUpdateIsDenied() {
        let old: JSON = ["tenant": "acme", "tier": "enterprise"]
        XCTAssertEqual(
            check(namespaceRequest(.update, "tenant-acme", labels: ["tenant": "acme", "tier": "gold"], oldLabels: old)),
            ["changes label \"tier\" from \"enterprise\" to \"gold\" (must be \"enterprise\")"])
        XCTAssertEqual(
            check(namespaceRequest(.update, "tenant-acme", labels: ["tier": "enterprise"], oldLabels: old)),
            ["removes label \"tenant\" (must be \"acme\")"])
        XCTAssertEqual(check(namespaceRequest(.update, "tenant-acme", labels: old, oldLabels: old)), [])
    }

    func testCorrectingAWrongLabelIsAllowed() {
        XCTAssertEqual(
            check(namespaceRequest(.update, "tenant-acme", labels: ["tenant": "acme", "tier": "enterprise"], oldLabels: ["tenant": "acme", "tier": "gold"])),
            [])
    }

    func testSubresourcesAndOtherResourcesSkipLabelChecks() {
        XCTAssertEqual(check(namespaceRequest(.update, "tenant-acme", labels: [:], oldLabels: [:], subResource: "finalize")), [])
        XCTAssertEqual(check(namespaceRequest(.update, "tenant-globex", labels: [:], oldLabels: [:], subResource: "status")).count, 1)
        let pod = RuleFixtures.request(resource: "pods", namespace: "tenant-globex", name: "web", object: [:])
        XCTAssertEqual(check(pod), [])
    }

    func testTenantLabelKeyFollowsThePlatform() {
        var platform = RuleFixtures.platform
        platform.tenantLabel = "example.com/tenant"
        let policies = RuleFixtures.policies(platform: platform)
        let request = namespaceRequest(.create, "acme-dev", labels: ["tenant": "acme", "tier": "enterprise"])
        XCTAssertEqual(
            RuleFixtures.actorViolations(NamespaceOwnershipRule.self, request, policies: policies).details,
            ["label \"example.com/tenant\" is missing (must be \"acme\")"])
    }

    /// The allowed namespaces written into a detail's buffer read as the list made as a `String`.
    func testAllowedNamespacesWrittenAsListed() {
        let lists: [([String], [String])] = [([], []), (["acme"], []), ([], ["acme-"]), (["acme", "acme-prod"], ["acme-", "team-\u{e9}-"])]
        for (names, prefixes) in lists {
            var tenant = RuleFixtures.acme
            tenant.namespaceNames = names
            tenant.namespacePrefixes = prefixes
            var text = TextBuilder(capacity: 1)
            text.append("[")
            NamespaceOwner.allowedNamespaces(of: tenant, into: &text)
            XCTAssertEqual(text.text, "[" + NamespaceOwner.allowedNamespaces(of: tenant), "\(names) \(prefixes)")
            XCTAssertEqual(text.text, "[" + RuleText.allowed(names + prefixes.map { $0 + "*" }))
        }
        var tenant = RuleFixtures.acme
        tenant.namespaceNames = ["a"]
        tenant.namespacePrefixes = ["b-"]
        XCTAssertEqual(NamespaceOwner.allowedNamespaces(of: tenant), "(allowed: a, b-*)")
        tenant.namespaceNames = []
        tenant.namespacePrefixes = []
        XCTAssertEqual(NamespaceOwner.allowedNamespaces(of: tenant), "(allowed: none)")
    }

    /// Label details quote and escape the key and show other types by what they are.
    func testLabelDetailsEscapeAndDescribe() {
        let request = namespaceRequest(
            .update, "acme-dev", labels: ["tenant": 7, "tier": "enterprise"], oldLabels: ["tenant": "acme", "tier": "enterprise"])
        XCTAssertEqual(check(request), ["changes label \"tenant\" from \"acme\" to 7 (must be \"acme\")"])
        var tenant = RuleFixtures.acme
        tenant.namespaceLabels = [KeyValue("t\"ier\n", "gold")]
        let policies = RuleFixtures.policies(tenants: [tenant, RuleFixtures.globex])
        let odd = namespaceRequest(.create, "acme-dev", labels: ["tenant": "acme", "t\"ier\n": ["x"]])
        XCTAssertEqual(
            RuleFixtures.actorViolations(NamespaceOwnershipRule.self, odd, policies: policies).details,
            ["label \"t\\\"ier\\n\" is a JSON array (must be \"gold\")"])
    }
}
