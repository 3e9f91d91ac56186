import Admission
import JSON
import XCTest

@testable import Policy

final class NodeIsolationRuleTests: XCTestCase {
    private var tenant: Tenant {
        var t = RuleFixtures.acme
        t.nodeSelector = [KeyValue("node-pool", "tenant-workloads")]
        return t
    }

    private func check(_ spec: JSON, operation: Admission.Operation = .create, oldSpec: JSON? = nil, tenant: Tenant? = nil) -> [String] {
        RuleFixtures.objectViolations(
            NodeIsolationRule.self, tenant: tenant ?? self.tenant, resource: "pods", operation: operation, object: RuleFixtures.pod(spec),
            oldObject: oldSpec.map { RuleFixtures.pod($0) }
        ).details
    }

    func testNodeNameIsDenied() {
        XCTAssertEqual(
            check(["nodeName": "node-7", "containers": []]),
            ["nodeName \"node-7\" bypasses the scheduler and tenant acme's nodeSelector node-pool=tenant-workloads; leave it unset"])
        XCTAssertEqual(check(["nodeName": "node-7", "containers": []], tenant: RuleFixtures.acme), ["nodeName \"node-7\" bypasses the scheduler; leave it unset"])
    }

    func testUpdateReportsTheSameDetailForAnUnchangedBinding() {
        // The engine drops details the old object already produced; that needs them to be identical.
        let bound: JSON = ["nodeName": "node-7", "containers": []]
        let old = check(bound)
        XCTAssertEqual(old.count, 1)
        XCTAssertEqual(check(bound, operation: .update, oldSpec: bound), old)
        XCTAssertNotEqual(check(["nodeName": "node-8", "containers": []], operation: .update, oldSpec: bound), old)
    }

    func testWorkloadTemplatesAreChecked() {
        let deployment = RuleFixtures.deployment(["nodeName": "node-7", "nodeSelector": ["node-pool": "gpu"], "containers": []])
        XCTAssertEqual(
            RuleFixtures.objectViolations(NodeIsolationRule.self, tenant: tenant, group: "apps", resource: "deployments", object: deployment).count, 2)
    }

    func testContradictingSelectorIsDenied() {
        XCTAssertEqual(
            check(["nodeSelector": ["node-pool": "gpu", "zone": "a"], "containers": []]),
            ["nodeSelector \"node-pool\" is \"gpu\", contradicting tenant acme's \"node-pool\": \"tenant-workloads\""])
    }

    /// The details written into one buffer read as the joined pieces did, for hostile and non-ASCII
    /// text, several selector pairs, and a tenant that sets none.
    func testDetailsReadAsTheJoinedPiecesDid() {
        var tenant = self.tenant
        tenant.nodeSelector = [KeyValue("po\"ol\n", "t\u{e9}nant"), KeyValue("zone", "a\tb")]
        let node = "n\u{e9}\"de\u{2028}7"
        let selector = " and tenant " + tenant.name + "'s nodeSelector " + tenant.nodeSelector.map { $0.key + "=" + $0.value }.joined(separator: ", ")
        XCTAssertEqual(
            check(["nodeName": .string(node), "nodeSelector": ["po\"ol\n": "gpu\u{1F642}", "zone": 3], "containers": []], tenant: tenant),
            [
                "nodeName " + RuleText.quoted(node) + " bypasses the scheduler" + selector + "; leave it unset",
                "nodeSelector " + RuleText.quoted("po\"ol\n") + " is " + RuleText.quoted("gpu\u{1F642}") + ", contradicting tenant acme's "
                    + RuleText.quoted("po\"ol\n") + ": " + RuleText.quoted("t\u{e9}nant"),
                "nodeSelector \"zone\" is 3, contradicting tenant acme's \"zone\": " + RuleText.quoted("a\tb"),
            ])
        XCTAssertEqual(
            check(["nodeName": "n", "containers": []], tenant: RuleFixtures.acme), ["nodeName \"n\" bypasses the scheduler; leave it unset"])
    }

    func testMatchingOrAdditionalSelectorsAreAllowed() {
        XCTAssertEqual(check(["nodeSelector": ["node-pool": "tenant-workloads", "zone": "a"], "containers": []]), [])
        XCTAssertEqual(check(["nodeSelector": ["zone": "a"], "containers": []]), [])
        XCTAssertEqual(check(["containers": []]), [])
        XCTAssertEqual(check(["nodeSelector": ["node-pool": "gpu"], "containers": []], tenant: RuleFixtures.acme), [])
    }
}
