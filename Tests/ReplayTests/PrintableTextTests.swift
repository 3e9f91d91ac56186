import Replay
import XCTest

final class PrintableTextTests: XCTestCase {
    func testOrdinaryTextIsUnchanged() {
        XCTAssertEqual(PrintableText.escape("alice@acme.example zoë \\ \"q\""), "alice@acme.example zoë \\ \"q\"")
        XCTAssertEqual(PrintableText.escape(""), "")
    }

    func testControlCharactersAreEscaped() {
        XCTAssertEqual(PrintableText.escape("a\nb\r\tc"), "a\\nb\\r\\tc")
        XCTAssertEqual(PrintableText.escape("\u{1B}[31mred"), "\\u{1b}[31mred")
        XCTAssertEqual(PrintableText.escape("del\u{7F} csi\u{9B}"), "del\\u{7f} csi\\u{9b}")
        XCTAssertEqual(PrintableText.escape("\r\n"), "\\r\\n")
    }
}
