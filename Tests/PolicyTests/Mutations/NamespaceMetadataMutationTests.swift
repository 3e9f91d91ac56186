import JSON
import XCTest

@testable import Policy

final class NamespaceMetadataMutationTests: XCTestCase {
    private func namespace(labels: JSON? = nil, annotations: JSON? = nil) -> JSON {
        var metadata: JSON = ["name": "tenant-acme"]
        if case .object(var object) = metadata {
            if let labels { object["labels"] = labels }
            if let annotations { object["annotations"] = annotations }
            metadata = .object(object)
        }
        return ["apiVersion": "v1", "kind": "Namespace", "metadata": metadata]
    }

    private func mutateNamespace(
        _ object: JSON, tenant: Tenant = MutationFixtures.acme, file: StaticString = #filePath, line: UInt = #line
    ) -> JSONPatchBuilder {
        mutate(
            NamespaceMetadataMutation.self, object, resource: .namespaces, namespace: "tenant-acme",
            name: "tenant-acme", tenant: tenant, file: file, line: line)
    }

    func testAddsLabelsAndAnnotationsAsWholeMaps() {
        assertOperations(
            mutateNamespace(namespace()),
            [
                ["op": "add", "path": "/metadata/labels", "value": ["tier": "enterprise"]],
                ["op": "add", "path": "/metadata/annotations", "value": ["linkerd.io/inject": "enabled"]],
            ])
    }

    func testAddsMissingKeysToExistingMapsEscapingSlashes() {
        let builder = mutateNamespace(
            namespace(labels: ["kubernetes.io/metadata.name": "tenant-acme"], annotations: ["owner": "team-a"]))
        assertOperations(
            builder,
            [
                ["op": "add", "path": "/metadata/labels/tier", "value": "enterprise"],
                ["op": "add", "path": "/metadata/annotations/linkerd.io~1inject", "value": "enabled"],
            ])
        XCTAssertEqual(builder.document["metadata"]?["annotations"], ["owner": "team-a", "linkerd.io/inject": "enabled"])
    }

    func testAddsSeveralKeysInPolicyOrder() {
        var tenant = MutationFixtures.acme
        tenant.namespaceLabels = [KeyValue("tier", "enterprise"), KeyValue("cost-center", "cc-42"), KeyValue("zone", "eu")]
        assertOperations(
            mutateNamespace(namespace(labels: ["zone": "us"]), tenant: tenant),
            [
                ["op": "add", "path": "/metadata/labels/tier", "value": "enterprise"],
                ["op": "add", "path": "/metadata/labels/cost-center", "value": "cc-42"],
                ["op": "add", "path": "/metadata/annotations", "value": ["linkerd.io/inject": "enabled"]],
            ])
    }

    func testLeavesConflictingValuesForTheValidator() {
        let object = namespace(labels: ["tier": "free"], annotations: ["linkerd.io/inject": "disabled"])
        let builder = mutateNamespace(object)
        assertNoOperations(builder)
        XCTAssertEqual(builder.document, object)
    }

    func testLeavesANamespaceThatAlreadyHasEverything() {
        assertNoOperations(
            mutateNamespace(namespace(labels: ["tier": "enterprise"], annotations: ["linkerd.io/inject": "enabled"])))
    }

    func testDoesNothingToOtherResources() {
        // A ConfigMap in a tenant namespace gets the tenant label only, not the namespace metadata.
        let configMap: JSON = ["kind": "ConfigMap", "metadata": ["name": "settings", "namespace": "tenant-acme"]]
        assertNoOperations(
            mutate(NamespaceMetadataMutation.self, configMap, resource: GroupResource(group: "", resource: "configmaps")))
        assertNoOperations(mutate(NamespaceMetadataMutation.self, MutationFixtures.pod([])))
    }

    func testDoesNothingForATenantWithoutNamespaceMetadata() {
        var tenant = MutationFixtures.acme
        tenant.namespaceLabels = []
        tenant.namespaceAnnotations = []
        assertNoOperations(mutateNamespace(namespace(), tenant: tenant))
    }

    func testAppliesOnUpdate() {
        let builder = mutate(
            NamespaceMetadataMutation.self, namespace(labels: ["tenant": "acme"], annotations: [:]), resource: .namespaces,
            namespace: "tenant-acme", name: "tenant-acme", operation: .update)
        assertOperations(
            builder,
            [
                ["op": "add", "path": "/metadata/labels/tier", "value": "enterprise"],
                ["op": "add", "path": "/metadata/annotations/linkerd.io~1inject", "value": "enabled"],
            ])
    }

    func testLeavesMapsThatAreNotMaps() {
        let builder = mutateNamespace(namespace(labels: ["a", "b"], annotations: nil))
        assertOperations(
            builder, [["op": "add", "path": "/metadata/annotations", "value": ["linkerd.io/inject": "enabled"]]])
    }

    func testIdempotent() {
        let objects = [
            namespace(),
            namespace(labels: ["tenant": "acme"], annotations: nil),
            namespace(labels: ["tier": "free"], annotations: [:]),
        ]
        for object in objects {
            let builder = mutateNamespace(object)
            XCTAssertFalse(builder.operations.isEmpty)
            assertNoOperations(mutateNamespace(builder.document))
        }
    }
}
