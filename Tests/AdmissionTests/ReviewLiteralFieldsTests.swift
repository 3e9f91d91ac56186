import Admission
import JSON
import XCTest

/// Values the decoder reads as literals when the bytes match (`v1` as a kind's or resource's
/// version, `Pod` as a kind, `pods` as a resource) decode exactly as any other string does, escaped or not, and wrong types are still errors.
final class ReviewLiteralFieldsTests: XCTestCase {
    private func request(kind: String, resource: String) -> String {
        #"{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE", "kind": \#(kind), "resource": \#(resource)}}"#
    }

    func testVersionsDecodeAsWritten() throws {
        for (written, version) in [(#""v1""#, "v1"), (#""v\u0031""#, "v1"), (#""v1beta1""#, "v1beta1"), (#""v2""#, "v2"),
                                   (#""V1""#, "V1"), (#""v1 ""#, "v1 "), (#""""#, ""), ("null", "")] {
            let text = request(kind: #"{"group": "apps", "version": \#(written), "kind": "Deployment"}"#,
                               resource: #"{"group": "apps", "version": \#(written), "resource": "deployments"}"#)
            let fromBytes = try decodeReview(text).request
            XCTAssertEqual(fromBytes.kind, GroupVersionKind(group: "apps", version: version, kind: "Deployment"), written)
            XCTAssertEqual(fromBytes.resource, GroupVersionResource(group: "apps", version: version, resource: "deployments"), written)
            // The same from a value built in memory, which takes the other reading path.
            let built = try AdmissionReview(json: .object(JSONObject([
                JSONObject.Member(key: "uid", value: .string("u")), JSONObject.Member(key: "operation", value: .string("CREATE")),
                JSONObject.Member(key: "kind", value: .object(JSONObject([
                    JSONObject.Member(key: "group", value: .string("apps")), JSONObject.Member(key: "version", value: written == "null" ? .null : .string(version)),
                    JSONObject.Member(key: "kind", value: .string("Deployment"))]))),
                JSONObject.Member(key: "resource", value: .object(JSONObject([
                    JSONObject.Member(key: "group", value: .string("apps")), JSONObject.Member(key: "version", value: written == "null" ? .null : .string(version)),
                    JSONObject.Member(key: "resource", value: .string("deployments"))]))),
            ]))).request
            XCTAssertEqual(built.kind, fromBytes.kind, written)
            XCTAssertEqual(built.resource, fromBytes.resource, written)
        }
    }

    /// A Pod's kind and resource written as the API server writes them are read by their text; any other
    /// spelling member by member, with the same result for the same members.
    func testPodKindAndResourceDecodeTheSameHoweverWritten() throws {
        let kinds: [(String, GroupVersionKind?)] = [
            (#"{"group":"","version":"v1","kind":"Pod"}"#, GroupVersionKind(group: "", version: "v1", kind: "Pod")),
            (#"{"group": "", "version": "v1", "kind": "Pod"}"#, GroupVersionKind(group: "", version: "v1", kind: "Pod")),
            (#"{"kind":"Pod","version":"v1","group":""}"#, GroupVersionKind(group: "", version: "v1", kind: "Pod")),
            (#"{"group":"","version":"v1","kind":"Pod"}"#, GroupVersionKind(group: "", version: "v1", kind: "Pod")),
            (#"{"group":"","version":"v1","kind":"Pod","x":1}"#, GroupVersionKind(group: "", version: "v1", kind: "Pod")),
            (#"{"group":"","version":"v1","kind":"Pods"}"#, GroupVersionKind(group: "", version: "v1", kind: "Pods")),
            (#"{"group":"x","version":"v1","kind":"Pod"}"#, GroupVersionKind(group: "x", version: "v1", kind: "Pod")),
            (#"{"group":"","version":"v1"}"#, GroupVersionKind(group: "", version: "v1", kind: "")),
            (#"{"group":"","version":"v1","kind":"Pod","kind":"Job"}"#, nil),
        ]
        let resources: [(String, GroupVersionResource?)] = [
            (#"{"group":"","version":"v1","resource":"pods"}"#, GroupVersionResource(group: "", version: "v1", resource: "pods")),
            (#"{"group":"","version":"v1","resource":"pods" }"#, GroupVersionResource(group: "", version: "v1", resource: "pods")),
            (#"{"resource":"pods","group":"","version":"v1"}"#, GroupVersionResource(group: "", version: "v1", resource: "pods")),
            (#"{"group":"","version":"v1","resource":"pods/"}"#, GroupVersionResource(group: "", version: "v1", resource: "pods/")),
            (#"{"group":"","version":"v2","resource":"pods"}"#, GroupVersionResource(group: "", version: "v2", resource: "pods")),
            (#"{"group":"","version":"v1","resource":"pods","resource":"jobs"}"#, nil),
        ]
        // Every kind with a resource, each resource more than once (the Pod's with a Pod's kind and others).
        for (index, (kindText, kind)) in kinds.enumerated() {
            let (resourceText, resource) = resources[index % resources.count]
            let text = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":\#(kindText),"resource":\#(resourceText),"requestKind":\#(kindText),"requestResource":\#(resourceText),"operation":"CREATE"}}"#
            guard let kind, let resource else {
                // A repeated member: the reader refuses the document, as it refuses any.
                XCTAssertThrowsError(try AdmissionReview.decode(Array(text.utf8)), text)
                continue
            }
            let fromBytes = try decodeReview(text).request
            XCTAssertEqual(fromBytes.kind, kind, text)
            XCTAssertEqual(fromBytes.requestKind, kind, text)
            XCTAssertEqual(fromBytes.resource, resource, text)
            XCTAssertEqual(fromBytes.requestResource, resource, text)
            // The same read from a value built in memory, which has no text to compare.
            let built = try AdmissionReview(json: rebuilt(JSONReader.parse(Array(text.utf8)))).request
            XCTAssertEqual(built, fromBytes, text)
        }
    }

    /// `json` rebuilt member by member, so that nothing of it is in a reader's tape.
    private func rebuilt(_ json: JSON) -> JSON {
        switch json {
        case .object(let object): return .object(JSONObject(object.members.map { JSONObject.Member(key: $0.key, value: rebuilt($0.value)) }))
        case .array(let elements): return .array(elements.map(rebuilt))
        default: return json
        }
    }

    func testAVersionOfAnotherTypeIsAnError() {
        XCTAssertEqual(decodeError(request(kind: #"{"group": "", "version": 1, "kind": "Pod"}"#, resource: #"{"resource": "pods"}"#)),
                       AdmissionDecodeError(path: "request.kind.version", reason: "expected a string, found number"))
        XCTAssertEqual(decodeError(request(kind: #"{"kind": "Pod"}"#, resource: #"{"version": ["v1"], "resource": "pods"}"#)),
                       AdmissionDecodeError(path: "request.resource.version", reason: "expected a string, found array"))
    }

    func testPodKindsAndResourcesDecodeAsWritten() throws {
        for (written, name) in [(#""Pod""#, "Pod"), (#""\u0050od""#, "Pod"), (#""Pods""#, "Pods"), (#""Po""#, "Po"),
                                (#""pod""#, "pod"), (#""Pod ""#, "Pod "), (#""""#, ""), ("null", "")] {
            let text = request(kind: #"{"group": "", "version": "v1", "kind": \#(written)}"#,
                               resource: #"{"group": "", "version": "v1", "resource": \#(written)}"#)
            let decoded = try decodeReview(text).request
            XCTAssertEqual(decoded.kind, GroupVersionKind(group: "", version: "v1", kind: name), written)
            XCTAssertEqual(decoded.resource, GroupVersionResource(group: "", version: "v1", resource: name), written)
        }
        for (written, name) in [(#""pods""#, "pods"), (#""p\u006fds""#, "pods"), (#""pods/""#, "pods/"), (#""pod""#, "pod")] {
            let text = request(kind: #"{"kind": "Pod"}"#, resource: #"{"resource": \#(written)}"#)
            XCTAssertEqual(try decodeReview(text).request.resource.resource, name, written)
        }
    }

    func testAPodKindOrResourceOfAnotherTypeIsAnError() {
        XCTAssertEqual(decodeError(request(kind: #"{"kind": ["Pod"]}"#, resource: #"{"resource": "pods"}"#)),
                       AdmissionDecodeError(path: "request.kind.kind", reason: "expected a string, found array"))
        XCTAssertEqual(decodeError(request(kind: #"{"kind": "Pod"}"#, resource: #"{"resource": true}"#)),
                       AdmissionDecodeError(path: "request.resource.resource", reason: "expected a string, found boolean"))
    }
}
