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

    func testMatchingOrAdditionalSelectorsAreAllowed() {
        XCTAssertEqual(check(["nodeSelector": ["node-pool": "tenant-workloads", "zone": "a"], "containers": []]), [])
        XCTAssertEqual(check(["nodeSelector": ["zone": "a"], "containers": []]), [])
        XCTAssertEqual(check(["containers": []]), [])
        XCTAssertEqual(check(["nodeSelector": ["node-pool": "gpu"], "containers": []], tenant: RuleFixtures.acme), [])
    }
}
