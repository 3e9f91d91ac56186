import XCTest

@testable import JSON

/// A tape document's strings read where they lie: `isString`, `withStringBytes`.
final class JSONTapeDocumentTextTests: XCTestCase {
    private func elements(_ text: String) throws -> (JSONTapeDocument, [JSONTapeNode]) {
        let document = try JSONTapeDocument(parsing: Array(text.utf8))
        var nodes: [JSONTapeNode] = []
        document.forEachElement(of: document.root) { nodes.append($0) }
        return (document, nodes)
    }

    func testStringsInPlaceAndEscaped() throws {
        let (document, nodes) = try elements(#"["plain", "", "caf\u00e9\/\n", "e\u0301", "\ud83d\ude00", 1, null, true, {"a": "b"}, ["c"]]"#)
        let expected: [String?] = ["plain", "", "café/\n", "e\u{301}", "😀", nil, nil, nil, nil, nil]
        for (node, string) in zip(nodes, expected) {
            XCTAssertEqual(document.isString(node), string != nil)
            XCTAssertEqual(document.withStringBytes(node) { Array($0) }, string.map { Array($0.utf8) })
            // The same as `string(_:)` gives, byte for byte.
            XCTAssertEqual(document.string(node).map { Array($0.utf8) }, string.map { Array($0.utf8) })
        }
    }

    func testNotAStringDoesNotCallTheBody() throws {
        let (document, nodes) = try elements(#"[1, {}]"#)
        for node in nodes {
            var called = false
            XCTAssertNil(document.withStringBytes(node) { _ in called = true })
            XCTAssertFalse(called)
        }
    }
}
