import JSON
import XCTest

@testable import Policy

final class TenantLabelMutationTests: XCTestCase {
    private let configMap: JSON = [
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": ["name": "settings", "namespace": "tenant-acme"],
        "data": ["mode": "production"],
    ]

    func testAddsTheLabelsMapWhenTheObjectHasNone() {
        let builder = mutate(TenantLabelMutation.self, configMap, resource: GroupResource(group: "", resource: "configmaps"))
        assertOperations(builder, [["op": "add", "path": "/metadata/labels", "value": ["tenant": "acme"]]])
    }

    func testAddsTheLabelBesideExistingLabels() {
        let builder = mutate(TenantLabelMutation.self, MutationFixtures.pod([MutationFixtures.container("web")]))
        assertOperations(builder, [["op": "add", "path": "/metadata/labels/tenant", "value": "acme"]])
        XCTAssertEqual(builder.document["metadata"]?["labels"], ["app": "web", "tenant": "acme"])
    }

    func testLabelsTheTenantsNamespaces() {
        let namespace: JSON = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "acme-dev"]]
        let builder = mutate(TenantLabelMutation.self, namespace, resource: .namespaces, namespace: "acme-dev", name: "acme-dev")
        assertOperations(builder, [["op": "add", "path": "/metadata/labels", "value": ["tenant": "acme"]]])
    }

    func testLabelsOnUpdateToo() {
        // An object created before tenantry was installed gets its label when it is next written.
        let builder = mutate(TenantLabelMutation.self, configMap, operation: .update)
        assertOperations(builder, [["op": "add", "path": "/metadata/labels", "value": ["tenant": "acme"]]])
    }

    func testLeavesALabelNamingAnotherTenant() {
        // Overwriting would hide the attempt; the tenant-label rule denies it visibly instead.
        let object: JSON = ["kind": "ConfigMap", "metadata": ["name": "x", "labels": ["tenant": "globex", "app": "x"]]]
        let builder = mutate(TenantLabelMutation.self, object)
        assertNoOperations(builder)
        XCTAssertEqual(builder.document, object)
    }

    func testLeavesTheRightLabelAlone() {
        let object: JSON = ["kind": "ConfigMap", "metadata": ["name": "x", "labels": ["tenant": "acme"]]]
        assertNoOperations(mutate(TenantLabelMutation.self, object))
    }

    func testEscapesSlashAndTildeInTheLabelKey() {
        var platform = MutationFixtures.platform
        platform.tenantLabel = "example.com/tenant"
        let builder = mutate(TenantLabelMutation.self, MutationFixtures.pod([]), platform: platform)
        assertOperations(builder, [["op": "add", "path": "/metadata/labels/example.com~1tenant", "value": "acme"]])

        platform.tenantLabel = "a~b/tenant"
        assertOperations(
            mutate(TenantLabelMutation.self, MutationFixtures.pod([]), platform: platform),
            [["op": "add", "path": "/metadata/labels/a~0b~1tenant", "value": "acme"]])
    }

    func testKeyWithSlashInsideANewLabelsMapIsNotEscaped() {
        // The key is a member of the added value here, not part of the path.
        var platform = MutationFixtures.platform
        platform.tenantLabel = "example.com/tenant"
        assertOperations(
            mutate(TenantLabelMutation.self, configMap, platform: platform),
            [["op": "add", "path": "/metadata/labels", "value": ["example.com/tenant": "acme"]]])
    }

    func testReplacesNullLabels() {
        // The API server decodes `labels: null` as no labels; RFC 6902 `add` under null would fail.
        let object: JSON = ["kind": "ConfigMap", "metadata": ["name": "x", "labels": nil]]
        assertOperations(
            mutate(TenantLabelMutation.self, object),
            [["op": "replace", "path": "/metadata/labels", "value": ["tenant": "acme"]]])
    }

    func testLeavesObjectsItCannotLabel() {
        // Invalid objects: the API server rejects them; the webhook must neither crash nor patch.
        let cases: [JSON] = [
            ["kind": "ConfigMap", "metadata": ["name": "x", "labels": "tenant=acme"]],
            ["kind": "ConfigMap", "metadata": "x"],
            ["kind": "ConfigMap", "metadata": nil],
            [1, 2, 3],
            "not an object",
        ]
        for object in cases {
            let builder = mutate(TenantLabelMutation.self, object)
            assertNoOperations(builder)
            XCTAssertEqual(builder.document, object)
        }
    }

    func testAddsMetadataWhenMissing() {
        assertOperations(
            mutate(TenantLabelMutation.self, ["kind": "ConfigMap"]),
            [["op": "add", "path": "/metadata", "value": ["labels": ["tenant": "acme"]]]])
    }

    func testIdempotentOverPatchedObjects() {
        let objects: [JSON] = [
            configMap,
            MutationFixtures.pod([MutationFixtures.container("web")]),
            ["kind": "ConfigMap", "metadata": ["name": "x", "labels": nil]],
            ["kind": "Secret"],
        ]
        for object in objects {
            // mutate() also checks that the patch, through its wire form, gives builder.document.
            let builder = mutate(TenantLabelMutation.self, object)
            XCTAssertEqual(builder.operations.count, 1)
            XCTAssertEqual(builder.document["metadata"]?["labels"]?["tenant"], "acme")
            assertNoOperations(mutate(TenantLabelMutation.self, builder.document))
        }
    }
}
