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

    func testAUniqueValueChangesInPlaceRepeatedly() {
        var value = request()
        for i in 0..<100 { value.name = "n\(i)" }
        XCTAssertEqual(value.name, "n99")
        XCTAssertEqual(value.uid, "u")
    }
}
