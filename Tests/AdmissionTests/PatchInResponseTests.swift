import Admission
import JSON
import XCTest

/// A response built from a patch's operations is written (and its patch base64-encoded) straight into
/// the response's bytes; it must be byte for byte the response built from the patch's JSON text.
final class PatchInResponseTests: XCTestCase {
    private func patch(valueLength: Int, token: String = "tenant") -> JSONPatch {
        JSONPatch([
            .add(path: JSONPointer(tokens: ["metadata", "labels", token]), value: .string(String(repeating: "v", count: valueLength))),
            .add(path: JSONPointer(tokens: ["spec", "nodeSelector"]), value: ["node-pool": "tenant-workloads"]),
            .replace(path: JSONPointer(tokens: ["spec", "priority"]), value: 100),
        ])
    }

    private func assertSameResponse(_ patch: JSONPatch, _ version: AdmissionVersion = .v1, file: StaticString = #filePath, line: UInt = #line) throws {
        let fromOperations = AdmissionResponse.mutating(
            uid: "u-1", allowed: true, patch: patch,
            auditAnnotations: [("tenant", "acme"), ("actor", "tenant"), ("decision", "allow")])
        let fromText = AdmissionResponse.mutating(
            uid: "u-1", allowed: true, patch: JSONPatchWriter.bytes(patch),
            auditAnnotations: [("tenant", "acme"), ("actor", "tenant"), ("decision", "allow")])
        XCTAssertEqual(fromOperations, fromText, file: file, line: line)
        XCTAssertEqual(fromOperations.patch, JSONPatchWriter.bytes(patch), file: file, line: line)
        let bytes = AdmissionResponseEncoder.bytes(fromOperations, version: version)
        XCTAssertEqual(
            String(decoding: bytes, as: UTF8.self),
            String(decoding: AdmissionResponseEncoder.bytes(fromText, version: version), as: UTF8.self), file: file, line: line)
        var appended = Array("prefix".utf8)
        AdmissionResponseEncoder.encode(fromOperations, version: version, into: &appended)
        XCTAssertEqual(appended, Array("prefix".utf8) + bytes, file: file, line: line)
        let sent = try XCTUnwrap(try JSONReader.parse(bytes)["response"]?["patch"]?.stringValue, file: file, line: line)
        XCTAssertEqual(Base64.decode(sent), JSONPatchWriter.bytes(patch), file: file, line: line)
    }

    func testEveryPaddingCaseInBothVersions() throws {
        // Three consecutive lengths of one value give patch texts of every length modulo 3.
        for length in 0..<6 {
            for version in AdmissionVersion.allCases {
                try assertSameResponse(patch(valueLength: length), version)
            }
        }
    }

    func testTokensAndValuesThatNeedEscapingOrAreNotASCII() throws {
        for token in ["example.com/owner", "a~b", "quote\"d", "tab\there", "é-ünïcode", "emoji 🎉", ""] {
            try assertSameResponse(patch(valueLength: 3, token: token))
            try assertSameResponse(JSONPatch([.add(path: JSONPointer(tokens: ["x"]), value: .string(token))]))
        }
    }

    func testAPatchLongerThanTheResponseExpectsGrowsItsBuffer() throws {
        let operations = (0..<200).map { i in
            JSONPatchOperation.add(path: JSONPointer(tokens: ["metadata", "annotations", "key-\(i)"]), value: .string(String(repeating: "é", count: i)))
        }
        try assertSameResponse(JSONPatch(operations))
    }

    func testAPatchWithoutOperationsIsNoPatch() throws {
        let response = AdmissionResponse.mutating(uid: "u", allowed: true, patch: JSONPatch([]))
        XCTAssertNil(response.patch)
        XCTAssertEqual(response, .mutating(uid: "u", allowed: true, patch: nil))
        let envelope = try JSONReader.parse(AdmissionResponseEncoder.bytes(response, version: .v1))
        XCTAssertNil(envelope["response"]?["patch"])
        XCTAssertNil(envelope["response"]?["patchType"])
    }

    func testEverythingTogetherWithAPatchOfOperations() throws {
        let patch = patch(valueLength: 4)
        let operations = AdmissionResponse.mutating(
            uid: "u", allowed: false, status: .forbidden("no \"way\""), patch: patch, warnings: ["w"],
            auditAnnotations: [("tenant", "acme")])
        let text = AdmissionResponse.mutating(
            uid: "u", allowed: false, status: .forbidden("no \"way\""), patch: JSONPatchWriter.bytes(patch), warnings: ["w"],
            auditAnnotations: [("tenant", "acme")])
        XCTAssertEqual(AdmissionResponseEncoder.bytes(operations, version: .v1beta1), AdmissionResponseEncoder.bytes(text, version: .v1beta1))
    }
}
