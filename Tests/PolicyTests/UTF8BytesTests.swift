import XCTest

@testable import Policy

/// `withUTF8Bytes` hands the request path a string's UTF-8 bytes; they must be exactly `utf8`'s, for
/// small (stored inline) and large strings, ASCII or not, and for substrings turned into strings.
final class UTF8BytesTests: XCTestCase {
    func testGivesExactlyTheUTF8Bytes() {
        let large = String(repeating: "registry.acme.io/", count: 5)
        let utf16 = String(decoding: Array("caf\u{e9}/registry.acme.io:5000/app".utf16), as: UTF16.self)
        let cases = [
            "", "a", "500m", "registry.acme.io/storefront/web:2.14.1", "é-unicode e\u{301} 🎉", large, String(large.dropFirst(3)),
            "fifteen bytes..", "sixteen bytes..!", utf16, "\(large.count) \(utf16)", String(Substring("docker.io/library")),
        ]
        for text in cases {
            XCTAssertEqual(text.withUTF8Bytes { Array($0) }, Array(text.utf8), text)
        }
    }

    func testUTF8PrefixComparesBytes() {
        XCTAssertTrue("system:serviceaccount:ns:name".hasUTF8Prefix("system:"))
        XCTAssertTrue("system:".hasUTF8Prefix("system:"))
        XCTAssertTrue("anything".hasUTF8Prefix(""))
        XCTAssertFalse("system".hasUTF8Prefix("system:"))
        XCTAssertFalse("System:x".hasUTF8Prefix("system:"))
        // Unlike hasPrefix, a combining mark after the prefix does not hide it.
        XCTAssertTrue("system:\u{301}x".hasUTF8Prefix("system:"))
        XCTAssertFalse("system:\u{301}x".hasPrefix("system:"))
    }
}
