import Admission
import JSON
import XCTest

/// `AdmissionRequest` keeps its fields in a shared copy-on-write box; it must still behave as a plain
/// value: a changed copy leaves the original alone, and equality compares fields.
final class RequestValueSemanticsTests: XCTestCase {
    private func request() -> AdmissionRequest {
        AdmissionRequest(
            uid: "u", kind: GroupVersionKind(group: "", version: "v1", kind: "Pod"),
            resource: GroupVersionResource(group: "", version: "v1", resource: "pods"), namespace: "ns",
            operation: .create, userInfo: UserInfo(username: "alice", groups: ["g"]), object: ["a": 1])
    }

    func testCopiesChangeIndependently() {
        let original = request()
        var copy = original
        copy.object = ["a": 2]
        copy.namespace = "other"
        copy.userInfo.groups.append("h")
        XCTAssertEqual(original.object, ["a": 1])
        XCTAssertEqual(original.namespace, "ns")
        XCTAssertEqual(original.userInfo.groups, ["g"])
        XCTAssertEqual(copy.object, ["a": 2])
        XCTAssertEqual(copy.namespace, "other")
        XCTAssertEqual(copy.userInfo.groups, ["g", "h"])
        XCTAssertNotEqual(original, copy)
    }

    func testEqualityComparesFields() {
        XCTAssertEqual(request(), request())
        var changed = request()
        changed.dryRun = true
        XCTAssertNotEqual(request(), changed)
        changed.dryRun = false
        XCTAssertEqual(request(), changed)
    }

    /// `object` is kept beside the shared box: a copy that changes only the object still shares every
    /// other field, and equality must look at the object too.
    func testACopyWithAnotherObjectIsAnotherValue() {
        let original = request()
        var patched = original
        patched.object = ["a": 1, "b": 2]
        XCTAssertNotEqual(original, patched)
        XCTAssertEqual(original.object, ["a": 1])
        XCTAssertEqual(patched.namespace, original.namespace)
        XCTAssertEqual(patched.userInfo, original.userInfo)
        patched.object = ["a": 1]
        XCTAssertEqual(original, patched)
        patched.object = nil
        XCTAssertNotEqual(original, patched)
        XCTAssertNil(patched.object)
        // A change to another field after the object's leaves the original alone too.
        patched.namespace = "other"
        XCTAssertEqual(original.namespace, "ns")
        XCTAssertEqual(original.object, ["a": 1])
    }

    /// A decoded `requestKind`/`requestResource` written as `kind`/`resource` are held as "the same";
    /// they must read, compare and change as if they were copies.
    func testARequestKindThatRepeatsKindActsAsACopy() throws {
        let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")
        let pods = GroupVersionResource(group: "", version: "v1", resource: "pods")
        let review = try decodeReview(#"""
            {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE",
              "kind": {"group": "", "version": "v1", "kind": "Pod"}, "resource": {"group": "", "version": "v1", "resource": "pods"},
              "requestKind": {"group": "", "version": "v1", "kind": "Pod"}, "requestResource": {"group": "", "version": "v1", "resource": "pods"}}}
            """#)
        var decoded = review.request
        XCTAssertEqual(decoded.requestKind, pod)
        XCTAssertEqual(decoded.requestResource, pods)
        let built = AdmissionRequest(uid: "u", kind: pod, resource: pods, requestKind: pod, requestResource: pods, operation: .create)
        XCTAssertEqual(decoded, built)
        XCTAssertNotEqual(decoded, AdmissionRequest(uid: "u", kind: pod, resource: pods, operation: .create))

        // Changing kind leaves the request's kind as it was sent.
        let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
        let deployments = GroupVersionResource(group: "apps", version: "v1", resource: "deployments")
        decoded.kind = deployment
        decoded.resource = deployments
        XCTAssertEqual(decoded.kind, deployment)
        XCTAssertEqual(decoded.requestKind, pod)
        XCTAssertEqual(decoded.resource, deployments)
        XCTAssertEqual(decoded.requestResource, pods)
        XCTAssertEqual(review.request.kind, pod)
        XCTAssertEqual(review.request.requestKind, pod)

        // Setting them sets them, and clears them.
        var changed = review.request
        changed.requestKind = deployment
        changed.requestResource = nil
        XCTAssertEqual(changed.kind, pod)
        XCTAssertEqual(changed.requestKind, deployment)
        XCTAssertNil(changed.requestResource)
        XCTAssertEqual(changed.resource, pods)
        changed.requestKind = pod
        changed.requestResource = pods
        XCTAssertEqual(changed, review.request)
    }

    func testARequestKindWrittenOtherwiseIsDecodedOnItsOwn() throws {
        let review = try decodeReview(#"""
            {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE",
              "kind": {"group": "", "version": "v1", "kind": "Pod"}, "resource": {"group": "", "version": "v1", "resource": "pods"},
              "requestKind": {"group": "", "version": "v1", "kind": "Binding"}}}
            """#)
        XCTAssertEqual(review.request.requestKind, GroupVersionKind(group: "", version: "v1", kind: "Binding"))
        XCTAssertNil(review.request.requestResource)
        XCTAssertEqual(review.request.kind, GroupVersionKind(group: "", version: "v1", kind: "Pod"))
    }

    func testAUniqueValueChangesInPlaceRepeatedly() {
        var value = request()
        for i in 0..<100 { value.name = "n\(i)" }
        XCTAssertEqual(value.name, "n99")
        XCTAssertEqual(value.uid, "u")
    }
}
