import Admission
import JSON
import XCTest

@testable import Policy

final class PriorityClassRuleTests: XCTestCase {
    private var tenant: Tenant {
        var t = RuleFixtures.acme
        t.priorityClasses = TenantPriorityClasses(allowed: ["tenant-standard", "tenant-batch"], defaultClass: "tenant-standard")
        return t
    }

    func testDisallowedClassOnAPodIsDenied() {
        let pod = RuleFixtures.pod(["priorityClassName": "platform-critical", "containers": [RuleFixtures.container("app")]])
        let violations = RuleFixtures.objectViolations(PriorityClassRule.self, tenant: tenant, resource: "pods", object: pod)
        XCTAssertEqual(violations.map(\.rule), [.priorityClass])
        XCTAssertEqual(
            violations.details,
            ["priorityClassName \"platform-critical\" is not allowed for tenant acme (allowed: tenant-standard, tenant-batch)"])
    }

    func testDisallowedClassInAWorkloadTemplateIsDenied() {
        let deployment = RuleFixtures.deployment(["priorityClassName": "platform-critical", "containers": [RuleFixtures.container("app")]])
        XCTAssertEqual(RuleFixtures.objectViolations(PriorityClassRule.self, tenant: tenant, group: "apps", resource: "deployments", object: deployment).count, 1)
        let cronJob: JSON = [
            "spec": ["jobTemplate": ["spec": ["template": ["spec": ["priorityClassName": "system-node-critical", "containers": []]]]]]
        ]
        XCTAssertEqual(RuleFixtures.objectViolations(PriorityClassRule.self, tenant: tenant, group: "batch", resource: "cronjobs", object: cronJob).count, 1)
    }

    func testAllowedMissingOrUnrestrictedClassIsAllowed() {
        let allowed = RuleFixtures.pod(["priorityClassName": "tenant-batch", "containers": []])
        XCTAssertEqual(RuleFixtures.objectViolations(PriorityClassRule.self, tenant: tenant, resource: "pods", object: allowed), [])
        let none = RuleFixtures.pod(["containers": []])
        XCTAssertEqual(RuleFixtures.objectViolations(PriorityClassRule.self, tenant: tenant, resource: "pods", object: none), [])
        let critical = RuleFixtures.pod(["priorityClassName": "platform-critical", "containers": []])
        XCTAssertEqual(RuleFixtures.objectViolations(PriorityClassRule.self, tenant: RuleFixtures.acme, resource: "pods", object: critical), [])
    }

    func testNonWorkloadsAreIgnored() {
        let config: JSON = ["spec": ["priorityClassName": "platform-critical"]]
        XCTAssertEqual(RuleFixtures.objectViolations(PriorityClassRule.self, tenant: tenant, resource: "configmaps", object: config), [])
    }
}
