import Admission
import JSON
import XCTest

/// Annotations whose keys are literals are written from the literal's bytes, under the same rules as
/// any others: invalid keys dropped, a repeated key sent once with its first value, the order kept.
final class LiteralAuditAnnotationTests: XCTestCase {
    private func sent(_ annotations: [AuditAnnotation]) -> String {
        let bytes = AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: true, auditAnnotations: annotations), version: .v1)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func sent(_ annotations: [(key: String, value: String)]) -> String {
        let bytes = AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: true, auditAnnotations: annotations), version: .v1)
        return String(decoding: bytes, as: UTF8.self)
    }

    func testTheSameBytesAsTheSameAnnotationsWithStringKeys() {
        let literal = [
            AuditAnnotation("tenant", "acme"), AuditAnnotation("actor", "tenant"), AuditAnnotation("decision", "deny"),
            AuditAnnotation("rules", "image-registry,quota-fit \"q\" é"),
        ]
        XCTAssertEqual(sent(literal), sent(literal.map { ($0.keyText, $0.value) }))
        XCTAssertTrue(sent(literal).hasSuffix(
            #","auditAnnotations":{"tenant":"acme","actor":"tenant","decision":"deny","rules":"image-registry,quota-fit \"q\" é"}}}"#))
    }

    func testInvalidAndRepeatedKeysAreDroppedAsForStringKeys() {
        let literal = [
            AuditAnnotation("a/b", "slash"), AuditAnnotation("tenant", "first"), AuditAnnotation("-x", "dash"),
            AuditAnnotation("", "empty"), AuditAnnotation("tenant", "second"), AuditAnnotation("x", "one scalar"),
            AuditAnnotation("é", "not ASCII"), AuditAnnotation("x", "again"), AuditAnnotation("rules", "r"),
        ]
        XCTAssertEqual(sent(literal), sent(literal.map { ($0.keyText, $0.value) }))
        XCTAssertTrue(sent(literal).hasSuffix(#""auditAnnotations":{"tenant":"first","x":"one scalar","rules":"r"}}}"#), sent(literal))
    }

    func testNoneValidMeansNoObject() {
        XCTAssertFalse(sent([AuditAnnotation("a.", "x"), AuditAnnotation("_", "y")]).contains("auditAnnotations"))
        XCTAssertFalse(sent([AuditAnnotation]()).contains("auditAnnotations"))
    }

    func testTheResponseShowsThemAsStringsAndTakesStringsBack() {
        var response = AdmissionResponse.validating(uid: "u", allowed: true, auditAnnotations: [AuditAnnotation("tenant", "acme")])
        XCTAssertEqual(response.auditAnnotations.map(\.key), ["tenant"])
        XCTAssertEqual(response.auditAnnotations.map(\.value), ["acme"])
        XCTAssertEqual(response, .validating(uid: "u", allowed: true, auditAnnotations: [("tenant", "acme")]))
        response.auditAnnotations = [("actor", "admin")]
        XCTAssertTrue(sent(response.auditAnnotations).hasSuffix(#""auditAnnotations":{"actor":"admin"}}}"#))
        XCTAssertEqual(
            AdmissionResponseEncoder.bytes(response, version: .v1),
            AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: true, auditAnnotations: [("actor", "admin")]), version: .v1))
    }
}
