import Admission
import JSON
import XCTest

@testable import Policy

final class ContainerLimitsRuleTests: XCTestCase {
    private var bounded: Tenant {
        var t = RuleFixtures.acme
        t.containers = ContainerPolicy(
            max: ResourceList(cpu: CompiledQuantity(text: "2", amount: 2000), memory: CompiledQuantity(text: "4Gi", amount: 4 << 30)))
        return t
    }

    private func check(_ tenant: Tenant, _ spec: JSON) -> [String] {
        RuleFixtures.objectViolations(ContainerLimitsRule.self, tenant: tenant, resource: "pods", object: RuleFixtures.pod(spec)).details
    }

    func testContainerWithinTheMaximumIsAllowed() {
        let app = RuleFixtures.container("app", [RuleFixtures.resources(requests: ["cpu": "500m", "memory": "1Gi"], limits: ["cpu": "2000m", "memory": "4294967296"])])
        XCTAssertEqual(check(bounded, ["containers": [app]]), [])
    }

    func testMissingLimitsAreDeniedWhenMaxIsSet() {
        let app = RuleFixtures.container("app")
        XCTAssertEqual(
            check(bounded, ["containers": [app]]),
            [
                "container \"app\": no resources.limits.cpu (required by tenant acme, at most 2)",
                "container \"app\": no resources.limits.memory (required by tenant acme, at most 4Gi)",
            ])
    }

    func testLimitsAndRequestsAboveTheMaximumAreDenied() {
        let app = RuleFixtures.container("app", [RuleFixtures.resources(requests: ["cpu": "2001m", "memory": "1Gi"], limits: ["cpu": "3", "memory": "4.5Gi"])])
        XCTAssertEqual(
            check(bounded, ["initContainers": [app]]),
            [
                "container \"app\": resources.limits.cpu 3 exceeds tenant acme's maximum 2",
                "container \"app\": resources.requests.cpu 2001m exceeds tenant acme's maximum 2",
                "container \"app\": resources.limits.memory 4.5Gi exceeds tenant acme's maximum 4Gi",
            ])
    }

    func testRequestAboveItsLimitIsDeniedWithoutMax() {
        var tenant = RuleFixtures.acme
        tenant.containers = ContainerPolicy(defaultRequest: ResourceList(cpu: CompiledQuantity(text: "100m", amount: 100)))
        let app = RuleFixtures.container("app", [RuleFixtures.resources(requests: ["cpu": "1", "memory": "256Mi"], limits: ["cpu": "500m", "memory": "256Mi"])])
        XCTAssertEqual(check(tenant, ["containers": [app]]), ["container \"app\": resources.requests.cpu 1 exceeds its limit 500m"])
        let fine = RuleFixtures.container("app", [RuleFixtures.resources(requests: ["cpu": "100m"])])
        XCTAssertEqual(check(tenant, ["containers": [fine]]), [])
    }

    func testUnparseableQuantitiesAreNamed() {
        let app = RuleFixtures.container("app", [RuleFixtures.resources(requests: ["cpu": true], limits: ["cpu": "lots", "memory": "1Gi"])])
        XCTAssertEqual(
            check(bounded, ["containers": [app]]),
            [
                "container \"app\": resources.limits.cpu \"lots\" is not a quantity",
                "container \"app\": resources.requests.cpu is true, not a quantity",
            ])
    }

    func testEphemeralContainersNeedNoLimitsButUnnamedContainersAreLocated() {
        let debug = RuleFixtures.container("debugger")
        let app = RuleFixtures.container("app", [RuleFixtures.resources(limits: ["cpu": "1", "memory": "1Gi"])])
        XCTAssertEqual(check(bounded, ["containers": [app], "ephemeralContainers": [debug]]), [])
        let unnamed: JSON = ["image": "registry.acme.io/x", "resources": ["limits": ["cpu": "8", "memory": "1Gi"]]]
        XCTAssertEqual(check(bounded, ["containers": [app, unnamed]]), ["containers[1]: resources.limits.cpu 8 exceeds tenant acme's maximum 2"])
    }

    func testTenantWithoutContainerPolicyIsNotChecked() {
        let app = RuleFixtures.container("app", [RuleFixtures.resources(requests: ["cpu": "4"], limits: ["cpu": "1"])])
        XCTAssertEqual(check(RuleFixtures.acme, ["containers": [app]]), [])
    }

    func testWorkloadTemplatesAreChecked() {
        let deployment = RuleFixtures.deployment(["containers": [RuleFixtures.container("app", [RuleFixtures.resources(limits: ["cpu": "1"])])]])
        XCTAssertEqual(
            RuleFixtures.objectViolations(ContainerLimitsRule.self, tenant: bounded, group: "apps", resource: "deployments", object: deployment).details,
            ["container \"app\": no resources.limits.memory (required by tenant acme, at most 4Gi)"])
    }
}
