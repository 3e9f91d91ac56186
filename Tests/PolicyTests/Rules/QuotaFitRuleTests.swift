import Admission
import JSON
import XCTest

@testable import Policy

final class QuotaFitRuleTests: XCTestCase {
    private func tenant(pods: Int64? = nil) -> Tenant {
        var t = RuleFixtures.acme
        t.quota = QuotaPolicy(
            requestsCPU: CompiledQuantity(text: "8", amount: 8000),
            requestsMemory: CompiledQuantity(text: "16Gi", amount: 16 << 30),
            limitsCPU: CompiledQuantity(text: "16", amount: 16000),
            limitsMemory: CompiledQuantity(text: "32Gi", amount: 32 << 30),
            pods: pods)
        return t
    }

    private func app(_ name: String = "app", requests: JSON? = nil, limits: JSON? = nil, restartPolicy: String? = nil) -> JSON {
        var fields = [RuleFixtures.resources(requests: requests, limits: limits)]
        if let restartPolicy { fields.append(("restartPolicy", .string(restartPolicy))) }
        return RuleFixtures.container(name, fields)
    }

    private func checkPod(_ spec: JSON, _ tenant: Tenant) -> [String] {
        RuleFixtures.objectViolations(QuotaFitRule.self, tenant: tenant, resource: "pods", object: RuleFixtures.pod(spec)).details
    }

    private func checkDeployment(replicas: Int?, _ spec: JSON, _ tenant: Tenant) -> [String] {
        RuleFixtures.objectViolations(
            QuotaFitRule.self, tenant: tenant, group: "apps", resource: "deployments", object: RuleFixtures.deployment(replicas: replicas, spec)
        ).details
    }

    func testReplicasTimesRequestsOverTheQuotaShowTheArithmetic() {
        let spec: JSON = ["containers": [app(requests: ["cpu": "500m", "memory": "128Mi"])]]
        XCTAssertEqual(
            checkDeployment(replicas: 100, spec, tenant()),
            ["100 replicas × 500m cpu requests = 50 cpu exceeds tenant acme's quota requests.cpu 8"])
        XCTAssertEqual(checkDeployment(replicas: 16, spec, tenant()), [])
    }

    func testReplicasOverThePodQuotaAreDenied() {
        let spec: JSON = ["containers": [app(requests: ["cpu": "10m"])]]
        XCTAssertEqual(checkDeployment(replicas: 60, spec, tenant(pods: 50)), ["60 replicas exceed tenant acme's quota pods 50"])
        XCTAssertEqual(checkDeployment(replicas: 50, spec, tenant(pods: 50)), [])
        XCTAssertEqual(checkDeployment(replicas: 0, ["containers": [app(requests: ["cpu": "100"])]], tenant(pods: 0)), [])
        XCTAssertEqual(checkPod(spec, tenant(pods: 0)), ["1 pod exceeds tenant acme's quota pods 0"])
    }

    func testMissingReplicasCountsOne() {
        let spec: JSON = ["containers": [app(limits: ["memory": "40Gi"])]]
        XCTAssertEqual(
            checkDeployment(replicas: nil, spec, tenant()),
            [
                "1 replica × 40Gi memory requests = 40Gi memory exceeds tenant acme's quota requests.memory 16Gi",
                "1 replica × 40Gi memory limits = 40Gi memory exceeds tenant acme's quota limits.memory 32Gi",
            ])
    }

    func testPodTotalsAddContainersAndCompareWithTheQuota() {
        let fits: JSON = ["containers": [app("a", requests: ["cpu": "4"], limits: ["cpu": "8"]), app("b", requests: ["cpu": "4"], limits: ["cpu": "8"])]]
        XCTAssertEqual(checkPod(fits, tenant()), [])
        let over: JSON = ["containers": [app("a", requests: ["cpu": "4"], limits: ["cpu": "8"]), app("b", requests: ["cpu": "4001m"], limits: ["cpu": "9"])]]
        XCTAssertEqual(
            checkPod(over, tenant()),
            [
                "per-pod cpu requests 8001m exceed tenant acme's quota requests.cpu 8",
                "per-pod cpu limits 17 exceed tenant acme's quota limits.cpu 16",
            ])
    }

    func testInitContainersCountAtTheirLargestNotAdded() {
        let spec: JSON = [
            "initContainers": [app("migrate", requests: ["cpu": "6"]), app("warm", requests: ["cpu": "3"])],
            "containers": [app("a", requests: ["cpu": "4"])],
        ]
        XCTAssertEqual(checkPod(spec, tenant()), [])
        let big: JSON = ["initContainers": [app("migrate", requests: ["cpu": "9"])], "containers": [app("a", requests: ["cpu": "1"])]]
        XCTAssertEqual(checkPod(big, tenant()), ["per-pod cpu requests 9 exceed tenant acme's quota requests.cpu 8"])
    }

    func testSidecarsKeepRunningAndAddUp() {
        // 3 (sidecar) + 6 (app) = 9 > 8; the plain init container runs beside the sidecar: 3 + 4 = 7.
        let spec: JSON = [
            "initContainers": [app("proxy", requests: ["cpu": "3"], restartPolicy: "Always"), app("migrate", requests: ["cpu": "4"])],
            "containers": [app("a", requests: ["cpu": "6"])],
        ]
        XCTAssertEqual(checkPod(spec, tenant()), ["per-pod cpu requests 9 exceed tenant acme's quota requests.cpu 8"])
        // A plain init container after the sidecar: 3 + 6 = 9 > 8 although the regular containers need 1.
        let late: JSON = [
            "initContainers": [app("proxy", requests: ["cpu": "3"], restartPolicy: "Always"), app("migrate", requests: ["cpu": "6"])],
            "containers": [app("a", requests: ["cpu": "1"])],
        ]
        XCTAssertEqual(checkPod(late, tenant()), ["per-pod cpu requests 9 exceed tenant acme's quota requests.cpu 8"])
    }

    func testLimitStandsInForAMissingRequestAndOverheadCounts() {
        let limitOnly: JSON = ["containers": [app(limits: ["cpu": "9"])]]
        XCTAssertEqual(checkPod(limitOnly, tenant()), ["per-pod cpu requests 9 exceed tenant acme's quota requests.cpu 8"])
        let overhead: JSON = ["overhead": ["memory": "1Gi"], "containers": [app(requests: ["memory": "15.5Gi"], limits: ["memory": "31.5Gi"])]]
        XCTAssertEqual(
            checkPod(overhead, tenant()),
            [
                "per-pod memory requests 16896Mi exceed tenant acme's quota requests.memory 16Gi",
                "per-pod memory limits 33280Mi exceed tenant acme's quota limits.memory 32Gi",
            ])
    }

    func testHugeReplicaCountsSaturateInsteadOfOverflowing() {
        let spec: JSON = ["containers": [app(requests: ["memory": "8Ei"])]]
        let details = checkDeployment(replicas: Int.max, spec, tenant())
        XCTAssertEqual(details.count, 1)
        XCTAssertTrue(details.first?.contains("requests.memory 16Gi") == true, details.description)
    }

    func testTenantWithoutQuotaAndNonWorkloadsAreNotChecked() {
        let spec: JSON = ["containers": [app(requests: ["cpu": "100"])]]
        XCTAssertEqual(checkPod(spec, RuleFixtures.acme), [])
        XCTAssertEqual(RuleFixtures.objectViolations(QuotaFitRule.self, tenant: tenant(pods: 0), resource: "services", object: ["spec": [:]]), [])
    }

    func testDaemonSetPodsAreCheckedOneAtATime() {
        let daemonSet: JSON = ["spec": ["template": ["spec": ["containers": [app(requests: ["cpu": "10"])]]]]]
        XCTAssertEqual(
            RuleFixtures.objectViolations(QuotaFitRule.self, tenant: tenant(), group: "apps", resource: "daemonsets", object: daemonSet).details,
            ["per-pod cpu requests 10 exceed tenant acme's quota requests.cpu 8"])
    }

    /// The rule compares each key's amount before it copies the quantity out: the same limit either way,
    /// set or not.
    func testEachKeysAmountIsItsLimits() {
        let quotas = [
            QuotaPolicy(),
            QuotaPolicy(requestsCPU: CompiledQuantity(text: "8", amount: 8000), limitsMemory: CompiledQuantity(text: "1Gi", amount: 1 << 30)),
            QuotaPolicy(
                requestsCPU: CompiledQuantity(text: "1", amount: 1000), requestsMemory: CompiledQuantity(text: "2", amount: 2),
                limitsCPU: CompiledQuantity(text: "3", amount: 3000), limitsMemory: CompiledQuantity(text: "4", amount: 4), pods: 5),
        ]
        for quota in quotas {
            for key in QuotaKey.all {
                XCTAssertEqual(key.limitAmount(in: quota), key.limit(in: quota)?.amount, "\(key) \(quota)")
            }
        }
        XCTAssertEqual(QuotaKey.all.map { $0.limitAmount(in: quotas[2]) }, [1000, 2, 3000, 4])
    }
}
