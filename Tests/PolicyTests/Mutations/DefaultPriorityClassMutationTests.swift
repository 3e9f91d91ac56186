import JSON
import XCTest

@testable import Policy

final class DefaultPriorityClassMutationTests: XCTestCase {
    private let web = MutationFixtures.container("web")

    /// A pod as the Priority plugin leaves it when the pod names no class and the cluster has no global
    /// default: priority 0 and the default preemption policy, no class name.
    func testSetsTheDefaultClassAndItsValueOnAPodWithoutClass() {
        let pod = MutationFixtures.pod([web], spec: [("priority", 0), ("preemptionPolicy", "PreemptLowerPriority")])
        let builder = mutate(DefaultPriorityClassMutation.self, pod)
        assertOperations(
            builder,
            [
                ["op": "add", "path": "/spec/priorityClassName", "value": "tenant-standard"],
                ["op": "replace", "path": "/spec/priority", "value": 100],
            ])
    }

    func testAddsAllThreeFieldsWhenNoneIsThere() {
        // A review captured before the Priority plugin ran, or written by hand for replay.
        assertOperations(
            mutate(DefaultPriorityClassMutation.self, MutationFixtures.pod([web])),
            [
                ["op": "add", "path": "/spec/priorityClassName", "value": "tenant-standard"],
                ["op": "add", "path": "/spec/priority", "value": 100],
                ["op": "add", "path": "/spec/preemptionPolicy", "value": "PreemptLowerPriority"],
            ])
    }

    func testReplacesTheGlobalDefaultTheTenantMayNotUse() {
        // The Priority plugin wrote the global default's name and value into a pod that named no class.
        var tenant = MutationFixtures.acme
        tenant.priorityClasses = TenantPriorityClasses(allowed: ["tenant-standard", "tenant-batch"], defaultClass: "tenant-batch")
        let pod = MutationFixtures.pod(
            [web],
            spec: [("priorityClassName", "cluster-default"), ("priority", 1000), ("preemptionPolicy", "PreemptLowerPriority")])
        assertOperations(
            mutate(DefaultPriorityClassMutation.self, pod, tenant: tenant),
            [
                ["op": "replace", "path": "/spec/priorityClassName", "value": "tenant-batch"],
                ["op": "replace", "path": "/spec/priority", "value": 10],
                ["op": "replace", "path": "/spec/preemptionPolicy", "value": "Never"],
            ])
    }

    func testTreatsAnEmptyOrNullClassNameAsNone() {
        for name: JSON in ["", nil] {
            let pod = MutationFixtures.pod([web], spec: [("priorityClassName", name), ("priority", 0)])
            assertOperations(
                mutate(DefaultPriorityClassMutation.self, pod),
                [
                    ["op": "replace", "path": "/spec/priorityClassName", "value": "tenant-standard"],
                    ["op": "replace", "path": "/spec/priority", "value": 100],
                    ["op": "add", "path": "/spec/preemptionPolicy", "value": "PreemptLowerPriority"],
                ])
        }
    }

    func testKeepsTheGlobalDefaultWhenTheTenantAllowsIt() {
        var tenant = MutationFixtures.acme
        tenant.priorityClasses = TenantPriorityClasses(allowed: ["cluster-default", "tenant-standard"], defaultClass: "tenant-standard")
        let pod = MutationFixtures.pod([web], spec: [("priorityClassName", "cluster-default"), ("priority", 1000)])
        assertNoOperations(mutate(DefaultPriorityClassMutation.self, pod, tenant: tenant))
    }

    func testLeavesAnExplicitlyChosenClassAllowedOrNot() {
        // A forbidden choice is the priority-class rule's to deny, with a message; swapping it would hide it.
        for name: JSON in ["tenant-batch", "platform-critical", "no-such-class"] {
            let pod = MutationFixtures.pod([web], spec: [("priorityClassName", name), ("priority", 10)])
            let builder = mutate(DefaultPriorityClassMutation.self, pod)
            assertNoOperations(builder)
            XCTAssertEqual(builder.document, pod)
        }
    }

    func testDoesNothingWithoutADefaultThePlatformKnows() {
        let pod = MutationFixtures.pod([web], spec: [("priority", 0)])
        var noDefault = MutationFixtures.acme
        noDefault.priorityClasses = TenantPriorityClasses(allowed: ["tenant-standard"])
        assertNoOperations(mutate(DefaultPriorityClassMutation.self, pod, tenant: noDefault))

        var noClasses = MutationFixtures.acme
        noClasses.priorityClasses = nil
        assertNoOperations(mutate(DefaultPriorityClassMutation.self, pod, tenant: noClasses))

        // The value is unknown, so the API server would reject a pod given only the name.
        var unknownDefault = MutationFixtures.acme
        unknownDefault.priorityClasses = TenantPriorityClasses(allowed: ["gold"], defaultClass: "gold")
        assertNoOperations(mutate(DefaultPriorityClassMutation.self, pod, tenant: unknownDefault))
    }

    func testWithoutAGlobalDefaultAnyNamedClassIsKept() {
        var platform = MutationFixtures.platform
        platform.priorityClasses = platform.priorityClasses.filter { !$0.globalDefault }
        let pod = MutationFixtures.pod([web], spec: [("priorityClassName", "cluster-default")])
        assertNoOperations(mutate(DefaultPriorityClassMutation.self, pod, platform: platform))
    }

    func testDoesNothingOnUpdateOrToOtherKinds() {
        let pod = MutationFixtures.pod([web], spec: [("priority", 0)])
        // priorityClassName and priority are immutable once the pod exists.
        assertNoOperations(mutate(DefaultPriorityClassMutation.self, pod, operation: .update))
        let deployment: JSON = ["kind": "Deployment", "spec": ["template": ["spec": ["containers": [web]]]]]
        assertNoOperations(mutate(DefaultPriorityClassMutation.self, deployment, resource: .deployments))
        assertNoOperations(mutate(DefaultPriorityClassMutation.self, ["kind": "Pod", "metadata": ["name": "x"]]))
        assertNoOperations(mutate(DefaultPriorityClassMutation.self, MutationFixtures.pod([web], spec: [("priorityClassName", 7)])))
    }

    func testIdempotent() {
        let pods = [
            MutationFixtures.pod([web]),
            MutationFixtures.pod([web], spec: [("priority", 0), ("preemptionPolicy", "PreemptLowerPriority")]),
            MutationFixtures.pod([web], spec: [("priorityClassName", "cluster-default"), ("priority", 1000)]),
        ]
        for pod in pods {
            let builder = mutate(DefaultPriorityClassMutation.self, pod)
            XCTAssertEqual(builder.document["spec"]?["priorityClassName"], "tenant-standard")
            XCTAssertEqual(builder.document["spec"]?["priority"], 100)
            XCTAssertEqual(builder.document["spec"]?["preemptionPolicy"], "PreemptLowerPriority")
            assertNoOperations(mutate(DefaultPriorityClassMutation.self, builder.document))
        }
    }
}
