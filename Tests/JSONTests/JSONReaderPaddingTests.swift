import JSON
import XCTest

/// The reader reads a copy of the document followed by zeros, and its hot loops read blocks and
/// two-byte words past positions they know to be at most the end without testing them: whatever lies
/// after the document (in the array's spare capacity or elsewhere) is never read, and a document
/// that ends anywhere a block or word is read fails there as it did with every position tested.
final class JSONReaderPaddingTests: XCTestCase {
    private func assertError(_ text: String, _ reason: String, offset: Int, file: StaticString = #filePath, line: UInt = #line) {
        assertError(Array(text.utf8), reason, offset: offset, file: file, line: line)
    }

    private func assertError(_ bytes: [UInt8], _ reason: String, offset: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try JSONReader.parse(bytes), file: file, line: line) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, reason, file: file, line: line)
            XCTAssertEqual((error as? JSONParseError)?.offset, offset, file: file, line: line)
        }
    }

    /// The bytes that would complete the document are still in the array's storage, past its count.
    func testBytesAfterTheDocumentInTheArraysStorageAreNotRead() {
        for (text, cut, reason) in [
            (#"["ab"]"#, 2, "unexpected end of input in a string"),
            (#"{"a":"b"}"#, 2, "unexpected end of input in a string"),
            (#"{"a":"b","c":"d"}"#, 5, "unexpected end of input: expected \":\""),
            (#"[1,2]"#, 2, "unexpected end of input: expected a value"),
            (#"{"a":1}"#, 1, "unexpected end of input: expected \",\" or \"}\""),
            (#"["abcdefghijklmnopqrstuvwxyz"]"#, 10, "unexpected end of input in a string"),
        ] {
            var bytes = Array(text.utf8)
            bytes.removeLast(cut)
            XCTAssertGreaterThanOrEqual(bytes.capacity, text.utf8.count)
            assertError(bytes, reason, offset: bytes.count)
        }
    }

    /// Documents cut right where the compact paths read a word or the byte after a separator.
    func testDocumentsEndingWhereTheCompactPathsLookAhead() {
        assertError(#"{"a""#, "unexpected end of input: expected \":\"", offset: 4)
        assertError(#"{"a":"#, "unexpected end of input: expected a value", offset: 5)
        assertError(#"{"a":""#, "unexpected end of input in a string", offset: 6)
        assertError(#"{"a":1,"#, "unexpected end of input: expected a member name", offset: 7)
        assertError(#"{"a":1"#, "unexpected end of input: expected \",\" or \"}\"", offset: 6)
        assertError(#"{"a":"b","#, "unexpected end of input: expected a member name", offset: 9)
        assertError(#"{"#, "unexpected end of input: expected a member name", offset: 1)
        assertError(#"[1,"#, "unexpected end of input: expected a value", offset: 3)
        assertError(#"[1"#, "unexpected end of input: expected \",\" or \"]\"", offset: 2)
        assertError(#"["#, "unexpected end of input: expected a value", offset: 1)
        assertError(#"[tru"#, "unexpected end of input in literal \"true\"", offset: 1)
        assertError(#"[fals"#, "unexpected end of input in literal \"false\"", offset: 1)
    }

    /// Strings of every length up to two blocks, closed or not, as the last thing in the input; and
    /// runs of spaces of every length up to three words at its end.
    func testStringsAndSpacesEndingTheInputAtEveryLength() throws {
        for length in 0..<40 {
            let text = String(repeating: "s", count: length)
            XCTAssertEqual(try JSONReader.parse("\"\(text)\""), .string(text))
            XCTAssertEqual(try JSONReader.parse("{\"k\":\"\(text)\"}"), ["k": .string(text)])
            assertError("\"\(text)", "unexpected end of input in a string", offset: length + 1)
            assertError("{\"\(text)", "unexpected end of input in a string", offset: length + 2)
            let spaces = String(repeating: " ", count: length)
            XCTAssertEqual(try JSONReader.parse("[1\(spaces)]\(spaces)"), [1])
            assertError("[1,\(spaces)", "unexpected end of input: expected a value", offset: length + 3)
            assertError("{\"a\":\(spaces)", "unexpected end of input: expected a value", offset: length + 5)
        }
    }

    /// A value is read without testing for the end first: at the end the padding's zero fails as the
    /// end of the input, while a zero byte in the document is reported as the byte it is.
    func testAValueExpectedAtTheEndAndAZeroByteInTheDocument() {
        for text in ["[", "[[", "[1,", "[ ", "{\"a\":", "{\"a\":[", "{\"a\":{\"b\":", "[{\"a\":1},", "{\"a\": \n"] {
            assertError(text, "unexpected end of input: expected a value", offset: text.utf8.count)
        }
        assertError(Array("[".utf8) + [0] + Array("]".utf8), "unexpected byte 0x00: expected a value", offset: 1)
        assertError(Array("{\"a\":".utf8) + [0], "unexpected byte 0x00: expected a value", offset: 5)
        assertError(Array("[1,".utf8) + [0, 0x5D], "unexpected byte 0x00: expected a value", offset: 3)
        assertError([0], "unexpected byte 0x00: expected a value", offset: 0)
    }

    /// The rest of a string after its first escape or multi-byte sequence is read in blocks with no
    /// test of the end either: strings with an escape, a `\u` escape or a two-byte sequence, followed
    /// by plain bytes of every length up to two blocks, closed or cut at every byte; an escape cut
    /// after its backslash; a zero byte in such a string's text.
    func testStringsWithEscapesEndingTheInputAtEveryLength() throws {
        for (escape, decoded) in [("\\\"", "\""), ("\\u00e9", "\u{e9}"), ("\u{e9}", "\u{e9}"), ("\\n", "\n")] {
            for length in 0..<40 {
                let plain = String(repeating: "s", count: length)
                let text = "\"\(escape)\(plain)\""
                XCTAssertEqual(try JSONReader.parse(text), .string(decoded + plain))
                XCTAssertEqual(try JSONReader.parse("{\(text):1}"), [decoded + plain: 1])
                let bytes = Array(text.utf8)
                let escapeEnd = 1 + escape.utf8.count
                for cut in escapeEnd..<bytes.count {
                    assertError(Array(bytes[..<cut]), "unexpected end of input in a string", offset: cut)
                }
                assertError(Array(bytes[..<escapeEnd]) + [0] + Array(bytes[escapeEnd...]),
                            "control character byte 0x00 in string; it must be escaped", offset: escapeEnd)
            }
        }
        assertError("\"a\\\"\\", "unexpected end of input in an escape sequence", offset: 5)
        assertError("[\"\\\"\\", "unexpected end of input in an escape sequence", offset: 5)
        assertError("\"\\\"\\u00", "unexpected end of input in a \\u escape", offset: 5)
    }
}
