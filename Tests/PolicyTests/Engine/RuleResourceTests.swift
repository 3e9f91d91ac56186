import XCTest

@testable import Policy

/// `RuleResource` tells apart exactly what comparing `GroupResource`s with `==` tells apart.
final class RuleResourceTests: XCTestCase {
    func testEachCaseIsItsGroupResourceAndNothingElse() {
        let known = RuleResource.allCases.map(\.groupResource)
        var resources = known + [
            GroupResource(group: "apps", resource: "deployments"), GroupResource(group: "", resource: "configmaps"),
            GroupResource(group: "", resource: ""), GroupResource(group: "core", resource: "pods"),
            GroupResource(group: "", resource: "Pods"), GroupResource(group: "", resource: "pods "),
            GroupResource(group: "apps", resource: "pods"), GroupResource(group: "policy", resource: "podsecuritypolicies"),
            GroupResource(group: "rbac.authorization.k8s.io", resource: "clusterrolebindings"),
            GroupResource(group: "external-secrets.io", resource: "clustersecretstores"),
            GroupResource(group: "batch", resource: "statefulsets"), GroupResource(group: "", resource: "statefulsets"),
        ]
        // Every resource of one case in every other's group, and the other way round.
        for a in known {
            for b in known { resources.append(GroupResource(group: a.group, resource: b.resource)) }
        }
        for resource in resources {
            for kind in RuleResource.allCases {
                XCTAssertEqual(RuleResource(resource) == kind, resource == kind.groupResource, "\(resource) \(kind)")
            }
            XCTAssertEqual(RuleResource(resource) == nil, !known.contains(resource), "\(resource)")
        }
        XCTAssertEqual(Set(known).count, RuleResource.allCases.count, "one resource per case")
    }

    func testTheContextClassifiesItsRequestOnce() {
        let namespace = RuleFixtures.context(
            RuleFixtures.request(resource: "namespaces", kind: "Namespace", namespace: "team", name: "team"), policies: RuleFixtures.policies(),
            actor: nil)
        XCTAssertEqual(namespace.ruleResource, .namespaces)
        XCTAssertTrue(namespace.isNamespaceRequest)
        let pod = RuleFixtures.context(
            RuleFixtures.request(resource: "pods", kind: "Pod"), policies: RuleFixtures.policies(), actor: nil)
        XCTAssertEqual(pod.ruleResource, .pods)
        XCTAssertFalse(pod.isNamespaceRequest)
    }
}
