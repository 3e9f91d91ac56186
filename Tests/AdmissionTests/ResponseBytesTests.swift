import Admission
import JSON
import XCTest

/// Whole responses, byte for byte: the API server and the conformance replay compare what tenantry
/// sends, so the member order, the escapes and the constant pieces must never move.
final class ResponseBytesTests: XCTestCase {
    private func text(_ response: AdmissionResponse, _ version: AdmissionVersion = .v1) -> String {
        String(decoding: AdmissionResponseEncoder.bytes(response, version: version), as: UTF8.self)
    }

    func testADenialWithWarningsAndAuditAnnotations() {
        let response = AdmissionResponse.validating(
            uid: "9b2f7c1e", allowed: false,
            status: .forbidden(#"tenantry: [priority-class] Pod tenant-acme/web: priorityClassName "platform-critical" is not allowed"#),
            warnings: ["careful\tnow", "careful now"],
            auditAnnotations: [("tenant", "acme"), ("actor", "tenant"), ("decision", "deny"), ("rules", "priority-class,quota-fit")])
        XCTAssertEqual(
            text(response),
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"9b2f7c1e","allowed":false,"#
                + #""status":{"metadata":{},"status":"Failure","message":"tenantry: [priority-class] Pod tenant-acme/web: "#
                + #"priorityClassName \"platform-critical\" is not allowed","reason":"Forbidden","code":403},"#
                + #""warnings":["careful now"],"#
                + #""auditAnnotations":{"tenant":"acme","actor":"tenant","decision":"deny","rules":"priority-class,quota-fit"}}}"#)
    }

    func testAMutatingAllowInV1beta1() {
        let patch = #"[{"op":"add","path":"/metadata/labels/tenant","value":"acme"}]"#
        let response = AdmissionResponse.mutating(
            uid: "u", allowed: true, patch: Array(patch.utf8), auditAnnotations: [("tenant", "acme"), ("bad/key", "x")])
        XCTAssertEqual(
            text(response, .v1beta1),
            #"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","response":{"uid":"u","allowed":true,"#
                + #""patch":"\#(Base64.encode(Array(patch.utf8)))","patchType":"JSONPatch","auditAnnotations":{"tenant":"acme"}}}"#)
    }

    func testStatusCodesOfEveryWidth() {
        for (code, sent) in [(-5, "400"), (403, "403"), (1000, "1000"), (99_999, "99999"), (Int.max, String(Int.max))] {
            let response = AdmissionResponse.validating(uid: "u", allowed: false, status: .init(code: code, reason: "R", message: "m"))
            XCTAssertTrue(text(response).hasSuffix(#""reason":"R","code":\#(sent)}}}"#), "code \(code): \(text(response))")
        }
    }

    /// Longer than the room the encoder sets aside, with escapes and non-ASCII all along.
    func testALongMessageWithEscapesAndNonASCII() throws {
        let message = String(repeating: "denied: \"x\" is é-not\nallowed\\ 中 ", count: 200)
        let bytes = AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: false, status: .forbidden(message)), version: .v1)
        XCTAssertEqual(try JSONReader.parse(bytes)["response"]?["status"]?["message"]?.stringValue, message)
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains(#""message":"denied: \"x\" is é-not\nallowed\\ 中 denied"#))
    }

    func testAuditAnnotationKeysAtTheEdgesOfTheAllowedCharacters() throws {
        // Each invalid key has a character next to an allowed range: '/' ':' '@' '[' '`' '{'.
        let annotations: [(key: String, value: String)] = [
            ("a/", "1"), ("a:b", "2"), ("@a", "3"), ("a[", "4"), ("`a", "5"), ("a{", "6"),
            ("09AZaz", "kept"), ("0.9-A_z", "kept too"), ("09AZaz", "repeated"),
        ]
        let bytes = AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: true, auditAnnotations: annotations), version: .v1)
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).hasSuffix(#""auditAnnotations":{"09AZaz":"kept","0.9-A_z":"kept too"}}}"#))
    }
}
