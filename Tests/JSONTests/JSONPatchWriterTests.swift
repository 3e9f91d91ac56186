import XCTest

import JSON

/// `JSONPatchWriter` must write exactly what `JSONWriter` writes for `patch.json`: responses and replay
/// output are compared byte for byte.
final class JSONPatchWriterTests: XCTestCase {
    private func assertSameAsJSONWriter(_ patch: JSONPatch, file: StaticString = #filePath, line: UInt = #line) {
        let expected = JSONWriter.string(patch.json)
        XCTAssertEqual(String(decoding: JSONPatchWriter.bytes(patch), as: UTF8.self), expected, file: file, line: line)
    }

    func testEveryOperationKind() {
        let labels = JSONPointer(tokens: ["metadata", "labels"])
        assertSameAsJSONWriter(JSONPatch([
            .add(path: labels.appending("tenant"), value: "acme"),
            .remove(path: labels.appending("old")),
            .replace(path: JSONPointer(tokens: ["spec", "priority"]), value: 100),
            .move(from: labels.appending("a"), path: labels.appending("b")),
            .copy(from: labels.appending("c"), path: labels.appending("d")),
            .test(path: JSONPointer(tokens: ["spec", "containers", "0", "resources"]),
                  value: ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": [:], "list": [1, true, nil]]),
        ]))
    }

    func testEmptyPatchAndRootPointer() {
        XCTAssertEqual(JSONPatchWriter.bytes(JSONPatch([])), Array("[]".utf8))
        assertSameAsJSONWriter(JSONPatch([.add(path: .root, value: ["a": 1])]))
        assertSameAsJSONWriter(JSONPatch([.add(path: JSONPointer(tokens: [""]), value: "empty key")]))
    }

    /// Tokens that need pointer escaping, JSON escaping or both take the slow path; the output is the same.
    func testTokensThatNeedEscaping() {
        let tokens = [
            "example.com/owner", "a~b", "~1", "quote\"d", "back\\slash", "tab\there", "new\nline", "nul\u{0}",
            "\u{7F}del", "é-unicode", "e\u{301}", "emoji 🎉", "\u{2028}",
        ]
        for token in tokens {
            assertSameAsJSONWriter(JSONPatch([
                .add(path: JSONPointer(tokens: ["metadata", "annotations", token]), value: .string(token)),
                .move(from: JSONPointer(tokens: [token]), path: JSONPointer(tokens: ["x", token])),
            ]))
        }
    }

    /// Tokens are checked eight bytes at a time and then as one word ending at their end: each special
    /// byte at every position of tokens up to 24 bytes, and bytes that are not special (`é`, DEL).
    func testEverySpecialByteAtEveryPositionOfAToken() {
        for special in ["~", "/", "\"", "\\", "\n", "\u{1}", "é", "\u{7F}", " "] {
            for length in 1...24 {
                for position in 0..<length {
                    var characters = Array(repeating: "t", count: length)
                    characters[position] = special
                    let token = characters.joined()
                    assertSameAsJSONWriter(JSONPatch([.remove(path: JSONPointer(tokens: ["metadata", token, "x"]))]))
                }
            }
        }
    }
}
