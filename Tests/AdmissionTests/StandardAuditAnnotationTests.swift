import Admission
import JSON
import XCTest

/// tenantry's own annotations are written as constants: the same bytes as the same annotations in a
/// list, which the encoder checks key by key.
final class StandardAuditAnnotationTests: XCTestCase {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    private func listed(_ standard: StandardAuditAnnotations) -> [(key: String, value: String)] {
        var list = [("tenant", standard.tenant), ("actor", standard.actor), ("decision", standard.decision)]
        if let rules = standard.rules { list.append(("rules", rules)) }
        return list
    }

    private let samples = [
        StandardAuditAnnotations(tenant: "acme", actor: "tenant", decision: "allow"),
        StandardAuditAnnotations(tenant: "none", actor: "system", decision: "deny", rules: "image-registry"),
        StandardAuditAnnotations(tenant: "a\"b\\c\u{1}", actor: "é", decision: "deny", rules: "image-registry,quota-fit"),
        StandardAuditAnnotations(tenant: "", actor: "", decision: "", rules: ""),
    ]

    func testTheSameBytesAsTheSameAnnotationsInAList() {
        for standard in samples {
            XCTAssertEqual(
                text(AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: true, auditAnnotations: standard), version: .v1)),
                text(AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: true, auditAnnotations: listed(standard)), version: .v1)))
        }
        let sent = text(AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: false, auditAnnotations: samples[1]), version: .v1))
        XCTAssertTrue(sent.hasSuffix(#","auditAnnotations":{"tenant":"none","actor":"system","decision":"deny","rules":"image-registry"}}}"#), sent)
        let escaped = text(AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: true, auditAnnotations: samples[2]), version: .v1))
        XCTAssertTrue(escaped.contains(#""tenant":"a\"b\\c\u0001""#), escaped)
    }

    func testTheKeysAreOnesTheAPIServerKeepsInTheOrderSent() {
        let standard = samples[1]
        XCTAssertEqual(standard.list.map(\.key), ["tenant", "actor", "decision", "rules"])
        XCTAssertEqual(standard.list.map(\.value), ["none", "system", "deny", "image-registry"])
        XCTAssertTrue(standard.list.allSatisfy { ResponseText.isValidAuditAnnotationKey($0.key) })
        XCTAssertEqual(Set(standard.list.map(\.key)).count, 4)
        XCTAssertEqual(samples[0].list.map(\.key), ["tenant", "actor", "decision"])
    }

    func testTheResponseShowsThemAsAList() {
        let response = AdmissionResponse.validating(uid: "u", allowed: true, auditAnnotations: samples[0])
        XCTAssertEqual(response.auditAnnotations.map(\.key), ["tenant", "actor", "decision"])
        XCTAssertEqual(response, .validating(uid: "u", allowed: true, auditAnnotations: [("tenant", "acme"), ("actor", "tenant"), ("decision", "allow")]))
    }

    func testAMutatingResponseWithThemIsTheSameAsWithTheList() {
        let patch = JSONPatch([.add(path: JSONPointer(tokens: ["metadata", "labels", "tenant"]), value: "acme")])
        for candidate in [patch, JSONPatch([])] {
            let standard = AdmissionResponse.mutating(uid: "u", allowed: true, patch: candidate, auditAnnotations: samples[0])
            let listed = AdmissionResponse.mutating(uid: "u", allowed: true, patch: candidate, auditAnnotations: listed(samples[0]))
            XCTAssertEqual(standard, listed)
            XCTAssertEqual(AdmissionResponseEncoder.bytes(standard, version: .v1beta1), AdmissionResponseEncoder.bytes(listed, version: .v1beta1))
        }
    }
}
