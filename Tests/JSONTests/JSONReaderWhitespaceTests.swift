import JSON
import XCTest

/// Whitespace is skipped a byte at a time but for runs of spaces, which go eight at a time (a word
/// compared with eight spaces); these put runs of every length, mixed with the other whitespace bytes,
/// between every kind of token, at the end of the input, and before errors, whose offsets must not move.
final class JSONReaderWhitespaceTests: XCTestCase {
    private let runs: [String] = (0..<20).map { String(repeating: " ", count: $0) }
        + ["\n", "\n  ", "\r\n    ", "\t", " \t ", "\n" + String(repeating: " ", count: 17), "  \n\t" + String(repeating: " ", count: 9) + "\r"]

    func testRunsOfEveryLengthBetweenTokens() throws {
        let expected: JSON = ["a": [1, true, "x", [:], []], "b": -25, "c": nil]
        for run in runs {
            let w = run
            let text = "\(w){\(w)\"a\"\(w):\(w)[\(w)1\(w),\(w)true\(w),\(w)\"x\"\(w),\(w){\(w)}\(w),\(w)[\(w)]\(w)]\(w),"
                + "\(w)\"b\"\(w):\(w)-25\(w),\(w)\"c\"\(w):\(w)null\(w)}\(w)"
            XCTAssertEqual(try JSONReader.parse(text), expected, "run of \(run.utf8.count) bytes")
        }
    }

    /// Runs that reach the end of the input, where fewer than eight bytes are left to read as a word.
    func testRunsAtTheEndOfTheInput() throws {
        for run in runs {
            for tail in ["", " ", "  ", "       "] {
                XCTAssertEqual(try JSONReader.parse("1" + run + tail), 1)
                XCTAssertEqual(try JSONReader.parse("[0" + run + tail + "]" + run), [0])
            }
        }
    }

    /// An error after a run of spaces is at the byte after the run, on its line and column.
    func testErrorsAfterRunsKeepTheirPositions() {
        for count in 1..<20 {
            let spaces = String(repeating: " ", count: count)
            let cases: [(text: String, offset: Int, reason: String)] = [
                ("[1," + spaces + "x]", 3 + count, "unexpected \"x\": expected a value"),
                ("{\"a\"" + spaces + "1}", 4 + count, "unexpected \"1\": expected \":\" after a member name"),
                ("[1" + spaces + "2]", 2 + count, "unexpected \"2\": expected \",\" or \"]\" in an array"),
                ("1" + spaces + "2", 1 + count, "unexpected data after the top-level value"),
                ("[" + spaces, 1 + count, "unexpected end of input: expected a value"),
                ("{\"a\":1," + spaces + "\u{01}}", 7 + count, "unexpected byte 0x01: expected a member name in double quotes"),
                ("\n" + spaces + "[\n" + spaces + "}", 3 + 2 * count, "unexpected \"}\": expected a value"),
            ]
            for (text, offset, reason) in cases {
                XCTAssertThrowsError(try JSONReader.parse(text), text) { error in
                    guard let error = error as? JSONParseError else { return XCTFail("\(error)") }
                    XCTAssertEqual(error.reason, reason, text)
                    XCTAssertEqual(error.offset, offset, text)
                }
            }
        }
        // Line and column count the runs' bytes.
        XCTAssertThrowsError(try JSONReader.parse("{\n" + String(repeating: " ", count: 13) + "x")) { error in
            XCTAssertEqual((error as? JSONParseError)?.line, 2)
            XCTAssertEqual((error as? JSONParseError)?.column, 14)
        }
    }

    /// A byte that is not whitespace inside what looks like a run (a control character, a non-breaking
    /// space's bytes) ends it and is reported where it is.
    func testNonWhitespaceInsideARunEndsIt() {
        for count in 0..<12 {
            for intruder: [UInt8] in [[0x0B], [0x0C], [0x00], [0xC2, 0xA0]] {
                let bytes = Array("[1,".utf8) + [UInt8](repeating: 0x20, count: count) + intruder + Array("   2]".utf8)
                XCTAssertThrowsError(try JSONReader.parse(bytes)) { error in
                    XCTAssertEqual((error as? JSONParseError)?.offset, 3 + count, "\(intruder) after \(count) spaces")
                }
            }
        }
    }
}
