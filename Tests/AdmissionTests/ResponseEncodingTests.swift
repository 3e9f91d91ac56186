import Admission
import JSON
import XCTest

/// The response envelope as the API server will read it: each encoded body is parsed back with the
/// strict reader (which also proves it is valid JSON without duplicate members) and checked field by field.
final class ResponseEncodingTests: XCTestCase {
    private func encoded(_ response: AdmissionResponse, _ version: AdmissionVersion = .v1, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
        let bytes = AdmissionResponseEncoder.bytes(response, version: version)
        do {
            return try JSONReader.parse(bytes)
        } catch {
            XCTFail("encoded response is not JSON (\(error)): \(String(decoding: bytes, as: UTF8.self))", file: file, line: line)
            throw error
        }
    }

    private func responseKeys(_ envelope: JSON) -> [String] { envelope["response"]?.objectValue?.keys ?? [] }

    func testAllowInV1HasTheEnvelopeUIDAndAllowedOnly() throws {
        let envelope = try encoded(.validating(uid: "705ab4f5-6393-11e8-b7cc-42010a800002", allowed: true))
        XCTAssertEqual(envelope.objectValue?.keys, ["apiVersion", "kind", "response"])
        XCTAssertEqual(envelope["apiVersion"]?.stringValue, "admission.k8s.io/v1")
        XCTAssertEqual(envelope["kind"]?.stringValue, "AdmissionReview")
        XCTAssertEqual(envelope["response"]?["uid"]?.stringValue, "705ab4f5-6393-11e8-b7cc-42010a800002")
        XCTAssertEqual(envelope["response"]?["allowed"]?.boolValue, true)
        XCTAssertEqual(responseKeys(envelope), ["uid", "allowed"])
    }

    func testEnvelopeEchoesV1beta1() throws {
        let envelope = try encoded(.validating(uid: "u", allowed: true), .v1beta1)
        XCTAssertEqual(envelope["apiVersion"]?.stringValue, "admission.k8s.io/v1beta1")
        XCTAssertEqual(envelope["kind"]?.stringValue, "AdmissionReview")
        XCTAssertEqual(envelope["response"]?["uid"]?.stringValue, "u")
    }

    func testEveryVersionAnswersInItsOwnApiVersion() throws {
        for version in AdmissionVersion.allCases {
            XCTAssertEqual(try encoded(.validating(uid: "u", allowed: false), version)["apiVersion"]?.stringValue, version.rawValue)
        }
    }

    func testUIDIsEchoedExactlyEvenWithCharactersThatNeedEscaping() throws {
        let uid = "odd\"uid\\with\u{1}control-and-ünïcode"
        XCTAssertEqual(try encoded(.validating(uid: uid, allowed: true))["response"]?["uid"]?.stringValue, uid)
    }

    func testAllowedFalseIsWrittenExplicitly() throws {
        let envelope = try encoded(.validating(uid: "u", allowed: false))
        XCTAssertEqual(envelope["response"]?["allowed"], .bool(false))
        XCTAssertNil(envelope["response"]?["status"], "no status given, none invented")
    }

    func testDenialCarriesAForbiddenStatus() throws {
        let message = #"tenantry: [priority-class] Pod tenant-acme/web-7d4b9: priorityClassName "platform-critical" is not allowed for tenant acme (allowed: tenant-standard, tenant-batch)"#
        let envelope = try encoded(.validating(uid: "u-deny", allowed: false, status: .forbidden(message)))
        let status = envelope["response"]?["status"]
        XCTAssertEqual(envelope["response"]?["allowed"]?.boolValue, false)
        XCTAssertEqual(status?["code"]?.intValue, 403)
        XCTAssertEqual(status?["reason"]?.stringValue, "Forbidden")
        XCTAssertEqual(status?["message"]?.stringValue, message)
        XCTAssertEqual(status?["status"]?.stringValue, "Failure")
        XCTAssertEqual(status?["metadata"], .object(JSONObject()))
        XCTAssertNil(envelope["response"]?["patch"])
        XCTAssertNil(envelope["response"]?["patchType"])
    }

    func testStatusMessageSurvivesNewlinesAndQuotes() throws {
        let message = "line one\nline \"two\"\t\\ end"
        let envelope = try encoded(.validating(uid: "u", allowed: false, status: .forbidden(message)))
        XCTAssertEqual(envelope["response"]?["status"]?["message"]?.stringValue, message)
    }

    func testStatusIsLeftOutWhenAllowed() throws {
        let envelope = try encoded(.validating(uid: "u", allowed: true, status: .forbidden("ignored")))
        XCTAssertNil(envelope["response"]?["status"])
        XCTAssertEqual(responseKeys(envelope), ["uid", "allowed"])
    }

    func testCodesBelow400AreRaisedTo400AndOthersKept() throws {
        for (code, sent) in [(0, 400), (200, 400), (399, 400), (400, 400), (403, 403), (422, 422), (500, 500)] {
            let status = AdmissionResponse.Status(code: code, reason: "Invalid", message: "m")
            let envelope = try encoded(.validating(uid: "u", allowed: false, status: status))
            XCTAssertEqual(envelope["response"]?["status"]?["code"]?.intValue, sent, "code \(code)")
            XCTAssertEqual(envelope["response"]?["status"]?["reason"]?.stringValue, "Invalid")
        }
    }

    func testMutatingPatchIsBase64OfThePatchWithJSONPatchType() throws {
        let patchText = #"[{"op":"add","path":"/metadata/labels/tenant","value":"acme"},{"op":"add","path":"/spec/nodeSelector","value":{"node-pool":"tenant-workloads"}}]"#
        let envelope = try encoded(.mutating(uid: "u-m", allowed: true, patch: Array(patchText.utf8)))
        let response = try XCTUnwrap(envelope["response"])
        XCTAssertEqual(response["patchType"]?.stringValue, "JSONPatch")
        let encodedPatch = try XCTUnwrap(response["patch"]?.stringValue)
        let decoded = try XCTUnwrap(Base64.decode(encodedPatch), "patch is not standard base64: \(encodedPatch)")
        XCTAssertEqual(decoded, Array(patchText.utf8))
        XCTAssertEqual(try JSONReader.parse(decoded), try JSONReader.parse(patchText))
        XCTAssertEqual(try JSONReader.parse(decoded)[1]?["value"]?["node-pool"]?.stringValue, "tenant-workloads")
        XCTAssertEqual(responseKeys(envelope), ["uid", "allowed", "patch", "patchType"])
    }

    func testPatchOfEveryLengthRoundTrips() throws {
        // 1, 2 and 3 trailing bytes exercise every padding case of the patch encoding.
        for tail in ["", "x", "xy"] {
            let patchText = #"[{"op":"remove","path":"/metadata/labels/a~1b\#(tail)"}]"#
            let response = try encoded(.mutating(uid: "u", allowed: true, patch: Array(patchText.utf8)))["response"]
            XCTAssertEqual(response?["patch"]?.stringValue.flatMap(Base64.decode), Array(patchText.utf8))
        }
    }

    func testEmptyOrAbsentPatchSendsNeitherPatchNorPatchType() throws {
        for patch in [nil, [], Array("[]".utf8)] as [[UInt8]?] {
            let response = AdmissionResponse.mutating(uid: "u", allowed: true, patch: patch)
            XCTAssertNil(response.patch)
            let envelope = try encoded(response)
            XCTAssertNil(envelope["response"]?["patch"], "patch \(String(describing: patch))")
            XCTAssertNil(envelope["response"]?["patchType"])
            XCTAssertEqual(responseKeys(envelope), ["uid", "allowed"])
        }
    }

    func testValidatingResponsesNeverCarryAPatch() throws {
        let response = AdmissionResponse.validating(uid: "u", allowed: true, warnings: ["w"], auditAnnotations: [("tenant", "acme")])
        XCTAssertNil(response.patch)
        let envelope = try encoded(response)
        XCTAssertNil(envelope["response"]?["patch"])
        XCTAssertNil(envelope["response"]?["patchType"])
    }

    func testWarningsAreCleanedBeforeTheyAreSent() throws {
        let long = String(repeating: "x", count: 200)
        let response = AdmissionResponse.validating(
            uid: "u", allowed: true,
            warnings: ["tenantry: [pdb-drain] PodDisruptionBudget\nblocks drains", "", "  ", "dup", "dup", "bell\u{7}", long])
        let warnings = try encoded(response)["response"]?["warnings"]?.arrayValue?.compactMap(\.stringValue)
        XCTAssertEqual(
            warnings,
            ["tenantry: [pdb-drain] PodDisruptionBudget blocks drains", "dup", "bell", String(repeating: "x", count: 119) + "…"])
        for warning in warnings ?? [] {
            XCTAssertLessThanOrEqual(warning.unicodeScalars.count, 120)
            XCTAssertFalse(warning.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) })
        }
    }

    func testWarningsThatAllCleanAwayAreNotSent() throws {
        let envelope = try encoded(.validating(uid: "u", allowed: true, warnings: ["", "\n", "\t \r"]))
        XCTAssertNil(envelope["response"]?["warnings"])
    }

    func testWarningsStopAtTheRuneBudget() throws {
        // 40 distinct 120-rune warnings: 34 fit in 4096 runes (4080), the 35th would not.
        let warnings = (0..<40).map { i in "w\(i)-" + String(repeating: "é", count: 120 - "w\(i)-".count) }
        let sent = try encoded(.validating(uid: "u", allowed: true, warnings: warnings))["response"]?["warnings"]?.arrayValue
        XCTAssertEqual(sent?.count, 34)
        XCTAssertEqual(sent?.first?.stringValue, warnings[0])
        XCTAssertEqual(sent?.last?.stringValue, warnings[33])
        let total = sent?.compactMap(\.stringValue).reduce(0) { $0 + $1.unicodeScalars.count }
        XCTAssertEqual(total, 4080)
    }

    func testWarningsAreSentOnDenialsToo() throws {
        let envelope = try encoded(.validating(uid: "u", allowed: false, status: .forbidden("no"), warnings: ["careful"]))
        XCTAssertEqual(envelope["response"]?["warnings"], ["careful"])
        XCTAssertEqual(responseKeys(envelope), ["uid", "allowed", "status", "warnings"])
    }

    func testInvalidAuditAnnotationKeysAreDroppedAndValidOnesKeptInOrder() throws {
        let annotations: [(key: String, value: String)] = [
            ("tenant", "acme"),
            ("tenantry.dev/rules", "has a slash"),
            (String(repeating: "k", count: 64), "too long"),
            ("-leading-dash", "bad start"),
            ("trailing.", "bad end"),
            ("", "empty"),
            ("has space", "bad character"),
            ("actor", "tenant"),
            (String(repeating: "k", count: 63), "longest allowed"),
            ("decision", "allow"),
            ("rules", "priority-class,quota-fit"),
        ]
        let envelope = try encoded(.validating(uid: "u", allowed: true, auditAnnotations: annotations))
        let sent = try XCTUnwrap(envelope["response"]?["auditAnnotations"]?.objectValue)
        XCTAssertEqual(sent.keys, ["tenant", "actor", String(repeating: "k", count: 63), "decision", "rules"])
        XCTAssertEqual(sent["tenant"]?.stringValue, "acme")
        XCTAssertEqual(sent["rules"]?.stringValue, "priority-class,quota-fit")
        XCTAssertEqual(sent[String(repeating: "k", count: 63)]?.stringValue, "longest allowed")
    }

    func testNoAuditAnnotationsObjectWhenAllAreInvalid() throws {
        let envelope = try encoded(.validating(uid: "u", allowed: true, auditAnnotations: [("a/b", "x"), ("_x", "y")]))
        XCTAssertNil(envelope["response"]?["auditAnnotations"])
    }

    func testARepeatedAuditAnnotationKeyIsSentOnceWithItsFirstValue() throws {
        // Two members with one name are not JSON the strict reader accepts, and Go's decoder would keep the
        // last; the API server itself refuses to overwrite an annotation, so the first one stands.
        let annotations: [(key: String, value: String)] = [("tenant", "acme"), ("decision", "deny"), ("tenant", "globex")]
        let envelope = try encoded(.validating(uid: "u", allowed: true, auditAnnotations: annotations))
        let sent = try XCTUnwrap(envelope["response"]?["auditAnnotations"]?.objectValue)
        XCTAssertEqual(sent.keys, ["tenant", "decision"])
        XCTAssertEqual(sent["tenant"]?.stringValue, "acme")
    }

    func testEverythingTogetherKeepsAFixedOrder() throws {
        let response = AdmissionResponse.mutating(
            uid: "u", allowed: false, status: .forbidden("no"), patch: Array(#"[{"op":"remove","path":"/a"}]"#.utf8),
            warnings: ["w"], auditAnnotations: [("tenant", "acme")])
        let envelope = try encoded(response)
        XCTAssertEqual(responseKeys(envelope), ["uid", "allowed", "status", "patch", "patchType", "warnings", "auditAnnotations"])
    }

    func testEncodingAppendsToExistingBytes() throws {
        var out = Array("prefix:".utf8)
        AdmissionResponseEncoder.encode(.validating(uid: "u", allowed: true), version: .v1, into: &out)
        XCTAssertEqual(Array(out.prefix(7)), Array("prefix:".utf8))
        XCTAssertEqual(Array(out.dropFirst(7)), AdmissionResponseEncoder.bytes(.validating(uid: "u", allowed: true), version: .v1))
    }

    func testForbiddenStatusFactory() {
        XCTAssertEqual(AdmissionResponse.Status.forbidden("m"), AdmissionResponse.Status(code: 403, reason: "Forbidden", message: "m"))
    }
}
