import Admission
import JSON
import ReviewFixtures
import XCTest

/// Every field of the request contract, from reviews shaped like the API server's.
final class ReviewDecodingTests: XCTestCase {
    /// A kind of the core group, whose name is "".
    private func core(_ version: String, _ kind: String) -> GroupVersionKind {
        GroupVersionKind(group: "", version: version, kind: kind)
    }

    func testPodCreateDecodesEveryField() throws {
        let review = try decodeReview(ReviewFixtures.podCreate)
        let raw = try parseJSON(ReviewFixtures.podCreate)
        let request = review.request

        XCTAssertEqual(review.version, .v1)
        XCTAssertFalse(review.isBareRequest)
        XCTAssertEqual(request.uid, "0df28fbd-5f5f-4d5e-8c1a-3b0f1c5a9e01")
        XCTAssertEqual(request.kind, GroupVersionKind(group: "", version: "v1", kind: "Pod"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "", version: "v1", resource: "pods"))
        XCTAssertEqual(request.subResource, "")
        XCTAssertEqual(request.requestKind, GroupVersionKind(group: "", version: "v1", kind: "Pod"))
        XCTAssertEqual(request.requestResource, GroupVersionResource(group: "", version: "v1", resource: "pods"))
        XCTAssertEqual(request.requestSubResource, "")
        XCTAssertEqual(request.name, "web-7d4b9")
        XCTAssertEqual(request.namespace, "tenant-acme")
        XCTAssertEqual(request.operation, .create)
        XCTAssertEqual(
            request.userInfo,
            UserInfo(username: "alice@acme.example", uid: "oidc:3f1c9a", groups: ["tenant-acme-admins", "system:authenticated"]))
        XCTAssertEqual(request.object, raw["request"]?["object"])
        XCTAssertNil(request.oldObject, "oldObject: null is none")
        XCTAssertFalse(request.dryRun)
        XCTAssertEqual(request.options, raw["request"]?["options"])

        // The object is carried whole: managedFields, the escaped last-applied annotation, exact numbers.
        let metadata = request.object?["metadata"]
        XCTAssertEqual(metadata?["managedFields"]?[0]?["manager"]?.stringValue, "kubectl-client-side-apply")
        XCTAssertEqual(metadata?["managedFields"]?[0]?["fieldsV1"]?["f:spec"]?["f:containers"]?.objectValue?.keys, [#"k:{"name":"web"}"#])
        XCTAssertEqual(
            metadata?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"]?.stringValue?.hasSuffix("}}\n"), true)
        XCTAssertEqual(metadata?["creationTimestamp"], .null)
        XCTAssertEqual(request.object?["spec"]?["volumes"]?[0]?["projected"]?["defaultMode"]?.numberValue?.text, "420")
        XCTAssertEqual(request.object?["spec"]?["containers"]?[0]?["image"]?.stringValue, "registry.acme.io/web:1.4.2")
        XCTAssertEqual(request.options?["kind"]?.stringValue, "CreateOptions")
        XCTAssertEqual(request.options?["fieldValidation"]?.stringValue, "Strict")
    }

    func testV1beta1EnvelopeKeepsItsVersion() throws {
        let review = try decodeReview(ReviewFixtures.serviceCreateV1beta1)
        let request = review.request
        XCTAssertEqual(review.version, .v1beta1)
        XCTAssertFalse(review.isBareRequest)
        XCTAssertEqual(request.uid, "9b1e6a52-1c0e-4f0b-a3a8-6c2d0e7f4b11")
        XCTAssertEqual(request.kind, core("v1", "Service"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "", version: "v1", resource: "services"))
        XCTAssertEqual(request.requestKind, core("v1", "Service"))
        XCTAssertEqual(request.requestResource, GroupVersionResource(group: "", version: "v1", resource: "services"))
        XCTAssertEqual(request.name, "frontend")
        XCTAssertEqual(request.namespace, "tenant-globex")
        XCTAssertEqual(request.operation, .create)
        XCTAssertEqual(request.userInfo, UserInfo(username: "bob", groups: ["tenant-globex-admins", "system:authenticated"]))
        XCTAssertEqual(request.object?["spec"]?["type"]?.stringValue, "LoadBalancer")
        XCTAssertEqual(request.object?["spec"]?["ports"]?[0]?["targetPort"]?.intValue, 8080)
        XCTAssertNil(request.oldObject)
        XCTAssertFalse(request.dryRun)
        XCTAssertEqual(request.options, ["kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"])
    }

    func testDeleteHasNoObjectAndTheStoredOldObject() throws {
        let review = try decodeReview(ReviewFixtures.podDelete)
        let raw = try parseJSON(ReviewFixtures.podDelete)
        let request = review.request
        XCTAssertEqual(request.uid, "c4f7a0f2-2b9d-4a47-9d0e-5e8a3b1f6c22")
        XCTAssertEqual(request.operation, .delete)
        XCTAssertEqual(request.kind, core("v1", "Pod"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "", version: "v1", resource: "pods"))
        XCTAssertEqual(request.name, "worker-0")
        XCTAssertEqual(request.namespace, "tenant-acme")
        XCTAssertNil(request.object, "object: null is none")
        XCTAssertEqual(request.oldObject, raw["request"]?["oldObject"])
        XCTAssertEqual(request.oldObject?["metadata"]?["resourceVersion"]?.stringValue, "48213")
        XCTAssertEqual(request.options?["kind"]?.stringValue, "DeleteOptions")
        XCTAssertEqual(request.options?["propagationPolicy"]?.stringValue, "Background")
        XCTAssertFalse(request.dryRun)
    }

    func testConnectExecCarriesTheOptionsObjectAndNullOptions() throws {
        let review = try decodeReview(ReviewFixtures.podExecConnect)
        let request = review.request
        XCTAssertEqual(request.uid, "5cf446fc-5745-47a1-aecd-f4231a676bd6")
        XCTAssertEqual(request.operation, .connect)
        XCTAssertEqual(request.kind, core("v1", "PodExecOptions"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "", version: "v1", resource: "pods"))
        XCTAssertEqual(request.subResource, "exec")
        XCTAssertEqual(request.requestKind, core("v1", "PodExecOptions"))
        XCTAssertEqual(request.requestSubResource, "exec")
        XCTAssertEqual(request.name, "api-6595874d85-2bhgt")
        XCTAssertEqual(request.namespace, "tenant-globex")
        XCTAssertEqual(request.userInfo.username, "alice@acme.example")
        XCTAssertEqual(request.userInfo.groups, ["tenant-acme-admins", "system:authenticated"])
        XCTAssertEqual(request.object?["kind"]?.stringValue, "PodExecOptions")
        XCTAssertEqual(request.object?["command"], ["/bin/sh", "-c", "echo \"who am i: $(id -u)\" && cat /etc/hostname\tand\\more"])
        XCTAssertEqual(request.object?["tty"]?.boolValue, true)
        XCTAssertNil(request.object?["metadata"], "connect options have no metadata")
        XCTAssertNil(request.oldObject)
        XCTAssertNil(request.options, "options: null is none")
        XCTAssertFalse(request.dryRun)
    }

    func testScaleSubresourceKeepsItsOwnKindAndToleratesAMissingOldObject() throws {
        let review = try decodeReview(ReviewFixtures.deploymentScaleUpdate)
        let request = review.request
        XCTAssertEqual(request.uid, "705ab4f5-6393-11e8-b7cc-42010a800002")
        XCTAssertEqual(request.operation, .update)
        XCTAssertEqual(request.kind, GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "apps", version: "v1", resource: "deployments"))
        XCTAssertEqual(request.subResource, "scale")
        XCTAssertEqual(request.requestKind, GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale"))
        XCTAssertEqual(request.requestResource, GroupVersionResource(group: "apps", version: "v1", resource: "deployments"))
        XCTAssertEqual(request.requestSubResource, "scale")
        XCTAssertEqual(request.name, "web")
        XCTAssertEqual(request.namespace, "tenant-acme")
        XCTAssertEqual(request.object?["spec"]?["replicas"]?.intValue, 12)
        XCTAssertNil(request.oldObject, "an absent oldObject key is none")
        XCTAssertEqual(request.options?["kind"]?.stringValue, "UpdateOptions")
        XCTAssertFalse(request.dryRun)
    }

    func testNamespaceCreateHasNamespaceEqualToName() throws {
        let request = try decodeReview(ReviewFixtures.namespaceCreate).request
        XCTAssertEqual(request.uid, "e1d2c3b4-a596-4877-8899-aabbccddeeff")
        XCTAssertEqual(request.kind, core("v1", "Namespace"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "", version: "v1", resource: "namespaces"))
        XCTAssertEqual(request.name, "acme-staging")
        XCTAssertEqual(request.namespace, request.name)
        XCTAssertEqual(request.operation, .create)
        XCTAssertEqual(request.object?["metadata"]?["labels"]?["kubernetes.io/metadata.name"]?.stringValue, "acme-staging")
        XCTAssertNil(request.object?["metadata"]?["namespace"])
        XCTAssertNil(request.oldObject)
        XCTAssertEqual(request.options?["fieldManager"]?.stringValue, "kubectl-create")
    }

    func testGenerateNameCreateHasAnEmptyName() throws {
        let request = try decodeReview(ReviewFixtures.generateNameCreate).request
        XCTAssertEqual(request.uid, "3a9c0e5d-7f21-4c6b-b0d4-1e2f3a4b5c6d")
        XCTAssertEqual(request.name, "")
        XCTAssertEqual(request.namespace, "tenant-acme")
        XCTAssertEqual(request.operation, .create)
        XCTAssertEqual(request.userInfo.username, "system:serviceaccount:kube-system:replicaset-controller")
        XCTAssertEqual(request.userInfo.uid, "b7e1c2d3-0000-4000-8000-000000000001")
        XCTAssertEqual(
            request.userInfo.groups, ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"])
        XCTAssertEqual(request.userInfo.extra, [:])
        XCTAssertNil(request.object?["metadata"]?["name"])
        XCTAssertEqual(request.object?["metadata"]?["generateName"]?.stringValue, "web-7d4b9c6f8-")
        XCTAssertEqual(request.object?["metadata"]?["ownerReferences"]?[0]?["controller"]?.boolValue, true)
    }

    func testDryRunTrue() throws {
        let request = try decodeReview(ReviewFixtures.dryRunCreate).request
        XCTAssertTrue(request.dryRun)
        XCTAssertEqual(request.uid, "8d7c6b5a-4938-4271-a0b1-c2d3e4f50617")
        XCTAssertEqual(request.kind, core("v1", "ConfigMap"))
        XCTAssertEqual(request.name, "settings")
        XCTAssertEqual(request.options?["dryRun"], ["All"])
        XCTAssertEqual(request.object?["data"], ["LOG_LEVEL": "debug"])
    }

    func testMinimalReviewDefaultsEverythingItLeavesOut() throws {
        let review = try decodeReview(ReviewFixtures.minimal)
        let request = review.request
        XCTAssertEqual(review.version, .v1)
        XCTAssertFalse(review.isBareRequest)
        XCTAssertEqual(request.uid, "minimal-1")
        XCTAssertEqual(request.kind, core("v1", "Pod"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "", version: "v1", resource: "pods"))
        XCTAssertEqual(request.operation, .create)
        XCTAssertEqual(request.userInfo, UserInfo(username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"]))
        XCTAssertEqual(request.object?["metadata"]?["name"]?.stringValue, "nginx")
        XCTAssertEqual(request.subResource, "")
        XCTAssertNil(request.requestKind)
        XCTAssertNil(request.requestResource)
        XCTAssertEqual(request.requestSubResource, "")
        XCTAssertEqual(request.name, "")
        XCTAssertEqual(request.namespace, "")
        XCTAssertNil(request.oldObject)
        XCTAssertFalse(request.dryRun)
        XCTAssertNil(request.options)
    }

    func testBareRequestIsReadAsV1() throws {
        let review = try decodeReview(ReviewFixtures.bareRequest)
        let raw = try parseJSON(ReviewFixtures.bareRequest)
        let request = review.request
        XCTAssertTrue(review.isBareRequest)
        XCTAssertEqual(review.version, .v1)
        XCTAssertEqual(request.uid, "1299d386-525b-4032-98ae-1949f69f9cfc")
        let rbacKind = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding")
        let rbacResource = GroupVersionResource(group: "rbac.authorization.k8s.io", version: "v1", resource: "rolebindings")
        XCTAssertEqual(request.kind, rbacKind)
        XCTAssertEqual(request.resource, rbacResource)
        XCTAssertEqual(request.requestKind, rbacKind)
        XCTAssertEqual(request.requestResource, rbacResource)
        XCTAssertEqual(request.name, "ci-deployer")
        XCTAssertEqual(request.namespace, "tenant-acme")
        XCTAssertEqual(request.operation, .create)
        XCTAssertEqual(request.userInfo, UserInfo(username: "minikube-user", groups: ["system:masters", "system:authenticated"]))
        XCTAssertEqual(request.object, raw["object"])
        XCTAssertEqual(request.object?["roleRef"]?["name"]?.stringValue, "edit")
        XCTAssertNil(request.oldObject)
        XCTAssertFalse(request.dryRun)
        XCTAssertEqual(request.options, raw["options"])
    }

    func testUserInfoExtraIsDecodedKeyByKey() throws {
        let request = try decodeReview(ReviewFixtures.serviceAccountWithExtra).request
        XCTAssertEqual(request.operation, .update)
        XCTAssertEqual(request.namespace, "vc-acme")
        XCTAssertEqual(request.userInfo.username, "system:serviceaccount:vc-acme:vc-acme")
        XCTAssertEqual(request.userInfo.uid, "4c1f0e2d-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
        XCTAssertEqual(request.userInfo.groups, ["system:serviceaccounts", "system:serviceaccounts:vc-acme", "system:authenticated"])
        XCTAssertEqual(
            request.userInfo.extra,
            [
                "authentication.kubernetes.io/credential-id": ["JTI=7c6b1e52-0d1f-4a3b-9c8d-7e6f5a4b3c2d"],
                "authentication.kubernetes.io/node-name": ["worker-3"],
                "authentication.kubernetes.io/node-uid": ["a0b1c2d3-e4f5-4607-8819-2a3b4c5d6e7f"],
                "authentication.kubernetes.io/pod-name": ["vc-acme-0"],
                "authentication.kubernetes.io/pod-uid": ["0f1e2d3c-4b5a-4697-8877-665544332211"],
                "scopes": [],
            ])
        XCTAssertEqual(request.object?["data"]?["holder"]?.stringValue, "vc-acme-0")
        XCTAssertEqual(request.oldObject?["data"]?["holder"]?.stringValue, "vc-acme-1")
    }

    func testUnknownFieldsAreIgnoredAndUnknownOperationsKept() throws {
        let review = try decodeReview(ReviewFixtures.unknownFields)
        let request = review.request
        XCTAssertEqual(review.version, .v1)
        XCTAssertEqual(request.uid, "f00dfeed-0000-4000-8000-000000000042")
        XCTAssertEqual(request.operation, Operation("PATCH"))
        XCTAssertEqual(request.operation.description, "PATCH")
        XCTAssertNotEqual(request.operation, .update)
        XCTAssertEqual(request.kind, GroupVersionKind(group: "example.com", version: "v1alpha1", kind: "Widget"))
        XCTAssertEqual(request.resource, GroupVersionResource(group: "example.com", version: "v1alpha1", resource: "widgets"))
        XCTAssertEqual(request.userInfo, UserInfo(username: "carol", groups: ["tenant-globex-admins"]))
        XCTAssertEqual(request.object?["spec"]?["size"]?.numberValue?.text, "1.50", "CRD numbers stay as written")
        XCTAssertNil(request.options)
    }

    func testOperationsCompareByTheirWireName() {
        XCTAssertEqual(Operation("CREATE"), .create)
        XCTAssertEqual(Operation("UPDATE"), .update)
        XCTAssertEqual(Operation("DELETE"), .delete)
        XCTAssertEqual(Operation("CONNECT"), .connect)
        XCTAssertNotEqual(Operation("create"), .create, "the API server's names are case-sensitive")
    }

    func testDecodingAParsedValueMatchesDecodingTheBytes() throws {
        for fixture in [ReviewFixtures.podCreate, ReviewFixtures.serviceCreateV1beta1, ReviewFixtures.bareRequest] {
            let fromBytes = try decodeReview(fixture)
            let fromJSON = try AdmissionReview(json: try parseJSON(fixture))
            XCTAssertEqual(fromBytes, fromJSON)
        }
    }

    func testNullOptionalScalarsReadAsTheirZeroValues() throws {
        let review = try decodeReview(#"""
            {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
              "uid": "u", "kind": {"group": null, "version": "v1", "kind": "Pod"}, "resource": {"group": "", "version": "v1", "resource": "pods"},
              "subResource": null, "requestKind": null, "name": null, "namespace": null, "operation": "CREATE",
              "userInfo": null, "object": null, "oldObject": null, "dryRun": null, "options": null}}
            """#)
        let request = review.request
        XCTAssertEqual(request.kind, GroupVersionKind(group: "", version: "v1", kind: "Pod"))
        XCTAssertEqual(request.subResource, "")
        XCTAssertNil(request.requestKind)
        XCTAssertEqual(request.name, "")
        XCTAssertEqual(request.namespace, "")
        XCTAssertEqual(request.userInfo, UserInfo())
        XCTAssertNil(request.object)
        XCTAssertFalse(request.dryRun)
    }
}
