import JSON
import XCTest

@testable import Policy

final class NodeSelectorMutationTests: XCTestCase {
    private let web = MutationFixtures.container("web")

    func testAddsTheSelectorWhenThePodHasNone() {
        assertOperations(
            mutate(NodeSelectorMutation.self, MutationFixtures.pod([web])),
            [["op": "add", "path": "/spec/nodeSelector", "value": ["node-pool": "tenant-workloads"]]])
    }

    func testMergesIntoAnExistingSelector() {
        var tenant = MutationFixtures.acme
        tenant.nodeSelector = [KeyValue("node-pool", "tenant-workloads"), KeyValue("topology.kubernetes.io/zone", "eu-1a")]
        let pod = MutationFixtures.pod([web], spec: [("nodeSelector", ["kubernetes.io/arch": "amd64"])])
        let builder = mutate(NodeSelectorMutation.self, pod, tenant: tenant)
        assertOperations(
            builder,
            [
                ["op": "add", "path": "/spec/nodeSelector/node-pool", "value": "tenant-workloads"],
                ["op": "add", "path": "/spec/nodeSelector/topology.kubernetes.io~1zone", "value": "eu-1a"],
            ])
        XCTAssertEqual(
            builder.document["spec"]?["nodeSelector"],
            ["kubernetes.io/arch": "amd64", "node-pool": "tenant-workloads", "topology.kubernetes.io/zone": "eu-1a"])
    }

    func testLeavesAConflictingValueForTheValidator() {
        let pod = MutationFixtures.pod([web], spec: [("nodeSelector", ["node-pool": "gpu"])])
        let builder = mutate(NodeSelectorMutation.self, pod)
        assertNoOperations(builder)
        XCTAssertEqual(builder.document, pod)
    }

    func testReplacesANullSelector() {
        assertOperations(
            mutate(NodeSelectorMutation.self, MutationFixtures.pod([web], spec: [("nodeSelector", nil)])),
            [["op": "replace", "path": "/spec/nodeSelector", "value": ["node-pool": "tenant-workloads"]]])
    }

    func testDoesNothingForATenantWithoutSelector() {
        var tenant = MutationFixtures.acme
        tenant.nodeSelector = []
        assertNoOperations(mutate(NodeSelectorMutation.self, MutationFixtures.pod([web]), tenant: tenant))
    }

    func testDoesNotTouchWorkloadTemplates() {
        // GitOps tools compare what they applied with what is stored: a patched template is drift.
        let deployment: JSON = [
            "kind": "Deployment", "metadata": ["name": "web"],
            "spec": ["replicas": 2, "template": ["spec": ["containers": [web]]]],
        ]
        assertNoOperations(mutate(NodeSelectorMutation.self, deployment, resource: .deployments))
    }

    func testDoesNothingOnUpdate() {
        // nodeSelector is immutable on a running pod: patching an old pod would fail every later write.
        assertNoOperations(mutate(NodeSelectorMutation.self, MutationFixtures.pod([web]), operation: .update))
    }

    func testDoesNotInventASpecOrOverwriteAnInvalidSelector() {
        assertNoOperations(mutate(NodeSelectorMutation.self, ["kind": "Pod", "metadata": ["name": "x"]]))
        assertNoOperations(mutate(NodeSelectorMutation.self, ["kind": "Pod", "spec": "x"]))
        assertNoOperations(
            mutate(NodeSelectorMutation.self, MutationFixtures.pod([web], spec: [("nodeSelector", "node-pool=x")])))
    }

    func testIdempotent() {
        let pods = [
            MutationFixtures.pod([web]),
            MutationFixtures.pod([web], spec: [("nodeSelector", ["disk": "ssd"])]),
            MutationFixtures.pod([web], spec: [("nodeSelector", nil)]),
        ]
        for pod in pods {
            let builder = mutate(NodeSelectorMutation.self, pod)
            XCTAssertEqual(builder.document["spec"]?["nodeSelector"]?["node-pool"], "tenant-workloads")
            assertNoOperations(mutate(NodeSelectorMutation.self, builder.document))
        }
    }
}
