import Admission
import JSON
import XCTest

@testable import Policy

final class ClusterScopeRuleTests: XCTestCase {
    func testClusterScopedWriteIsDenied() {
        let request = RuleFixtures.request(
            group: "rbac.authorization.k8s.io", resource: "clusterroles", kind: "ClusterRole", namespace: "", name: "all",
            object: ["metadata": ["name": "all"]])
        XCTAssertEqual(
            RuleFixtures.actorViolations(ClusterScopeRule.self, request).details,
            ["cluster-scoped ClusterRole (rbac.authorization.k8s.io/clusterroles) writes are reserved to platform admins; tenant acme may write only in its own namespaces"])
    }

    func testConnectToClusterScopedSubresourceNamesIt() {
        let request = RuleFixtures.request(.connect, resource: "nodes", subResource: "proxy", namespace: "", name: "node-1")
        let violations = RuleFixtures.actorViolations(ClusterScopeRule.self, request)
        XCTAssertEqual(violations.count, 1)
        XCTAssertEqual(violations.first?.rule, .clusterScope)
        XCTAssertTrue(violations.first?.detail.hasPrefix("cluster-scoped nodes/proxy writes") == true, violations.details.description)
    }

    func testNamespacesAreLeftToNamespaceOwnership() {
        let request = RuleFixtures.request(resource: "namespaces", kind: "Namespace", namespace: "", name: "acme-dev", object: ["metadata": ["name": "acme-dev"]])
        XCTAssertEqual(RuleFixtures.actorViolations(ClusterScopeRule.self, request), [])
    }

    func testNamespacedWriteIsNotItsConcern() {
        let request = RuleFixtures.request(resource: "configmaps", kind: "ConfigMap", namespace: "tenant-globex", name: "x", object: [:])
        XCTAssertEqual(RuleFixtures.actorViolations(ClusterScopeRule.self, request), [])
    }
}
