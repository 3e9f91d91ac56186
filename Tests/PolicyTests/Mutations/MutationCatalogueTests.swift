import JSON
import XCTest

@testable import Policy

final class MutationCatalogueTests: XCTestCase {
    func testListsEveryMutationOnceInContractOrder() {
        XCTAssertEqual(MutationCatalogue.all.map { $0.id }, MutationID.allCases)
    }

    private func runAll(_ object: JSON, resource: GroupResource, namespace: String = "tenant-acme") -> JSONPatchBuilder {
        var builder = JSONPatchBuilder(document: object)
        let context = MutationFixtures.context(object, resource: resource, namespace: namespace)
        for mutation in MutationCatalogue.all {
            mutation.apply(context, tenant: MutationFixtures.acme, to: &builder)
        }
        return builder
    }

    func testAPodGetsEveryDefaultInOnePatchAndASecondPassAddsNothing() throws {
        let pod = MutationFixtures.pod(
            [MutationFixtures.container("web", resources: [:])],
            spec: [("priority", 0), ("preemptionPolicy", "PreemptLowerPriority")])
        let builder = runAll(pod, resource: .pods)
        assertOperations(
            builder,
            [
                ["op": "add", "path": "/metadata/labels/tenant", "value": "acme"],
                ["op": "add", "path": "/spec/priorityClassName", "value": "tenant-standard"],
                ["op": "replace", "path": "/spec/priority", "value": 100],
                ["op": "add", "path": "/spec/containers/0/resources/requests", "value": ["cpu": "100m", "memory": "128Mi"]],
                ["op": "add", "path": "/spec/containers/0/resources/limits", "value": ["cpu": "500m", "memory": "512Mi"]],
                ["op": "add", "path": "/spec/nodeSelector", "value": ["node-pool": "tenant-workloads"]],
            ])
        XCTAssertTrue(strictlyEqual(try JSONPatch(parsing: builder.patch.json).apply(to: pod), builder.document))
        assertNoOperations(runAll(builder.document, resource: .pods))
    }

    func testANamespaceGetsItsLabelThenTheTenantsMetadata() throws {
        let namespace: JSON = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "acme-dev"]]
        let builder = runAll(namespace, resource: .namespaces, namespace: "acme-dev")
        assertOperations(
            builder,
            [
                ["op": "add", "path": "/metadata/labels", "value": ["tenant": "acme"]],
                ["op": "add", "path": "/metadata/labels/tier", "value": "enterprise"],
                ["op": "add", "path": "/metadata/annotations", "value": ["linkerd.io/inject": "enabled"]],
            ])
        XCTAssertTrue(strictlyEqual(try JSONPatch(parsing: builder.patch.json).apply(to: namespace), builder.document))
        assertNoOperations(runAll(builder.document, resource: .namespaces, namespace: "acme-dev"))
    }
}
