import Admission
import JSON
import XCTest

@testable import Policy

final class CrossTenantRuleTests: XCTestCase {
    private func check(_ request: AdmissionRequest) -> [String] {
        RuleFixtures.actorViolations(CrossTenantRule.self, request).details
    }

    func testOwnNamespacesAreAllowed() {
        XCTAssertEqual(check(RuleFixtures.request(resource: "configmaps", namespace: "tenant-acme", object: [:])), [])
        XCTAssertEqual(check(RuleFixtures.request(.delete, resource: "pods", namespace: "acme-dev")), [])
    }

    func testExecIntoAnotherTenantsPodIsDenied() {
        let request = RuleFixtures.request(.connect, resource: "pods", subResource: "exec", namespace: "tenant-globex", name: "db-0")
        let violations = RuleFixtures.actorViolations(CrossTenantRule.self, request)
        XCTAssertEqual(violations.map(\.rule), [.crossTenant])
        XCTAssertEqual(
            violations.details,
            ["namespace \"tenant-globex\" belongs to tenant globex; tenant acme may act only in its own namespaces (allowed: tenant-acme, acme-*)"])
    }

    func testSystemAndUnownedNamespacesAreDenied() {
        XCTAssertEqual(
            check(RuleFixtures.request(resource: "secrets", namespace: "kube-system", object: [:])),
            ["namespace \"kube-system\" is a system namespace; tenant acme may act only in its own namespaces (allowed: tenant-acme, acme-*)"])
        XCTAssertEqual(
            check(RuleFixtures.request(.update, resource: "deployments", namespace: "default", object: [:])),
            ["namespace \"default\" belongs to no tenant; tenant acme may act only in its own namespaces (allowed: tenant-acme, acme-*)"])
    }

    func testClusterScopedAndNamespaceRequestsAreOtherRulesConcern() {
        XCTAssertEqual(check(RuleFixtures.request(group: "rbac.authorization.k8s.io", resource: "clusterroles", namespace: "", object: [:])), [])
        XCTAssertEqual(check(RuleFixtures.request(resource: "namespaces", namespace: "tenant-globex", name: "tenant-globex", object: [:])), [])
    }

    func testLongerPrefixOfAnotherTenantWins() {
        let shared = Tenant(name: "acme", ownerGroups: ["a"], namespacePrefixes: ["team-"])
        let narrower = Tenant(name: "initech", ownerGroups: ["i"], namespacePrefixes: ["team-init"])
        let policies = RuleFixtures.policies(tenants: [shared, narrower])
        let request = RuleFixtures.request(resource: "pods", namespace: "team-initial", object: [:])
        XCTAssertEqual(RuleFixtures.actorViolations(CrossTenantRule.self, request, policies: policies).count, 1)
        let own = RuleFixtures.request(resource: "pods", namespace: "team-web", object: [:])
        XCTAssertEqual(RuleFixtures.actorViolations(CrossTenantRule.self, own, policies: policies), [])
    }
}
