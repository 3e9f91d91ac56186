import XCTest

@testable import JSON

/// Between tape positions and views (`JSONTapeDocumentViews.swift`): each read must give what the same
/// read through a `JSONView` gives.
final class JSONTapeDocumentViewsTests: XCTestCase {
    private func elements(_ text: String) throws -> (JSONTapeDocument, [JSONTapeNode]) {
        let document = try JSONTapeDocument(parsing: Array(text.utf8))
        var nodes: [JSONTapeNode] = []
        document.forEachElement(of: document.root) { nodes.append($0) }
        return (document, nodes)
    }

    func testAViewOfTheTapeKnowsItsNodeAndOneOfAValueDoesNot() throws {
        let parsed = try JSONReader.parse(#"{"a": {"b": [1, "x"]}, "c": "d"}"#)
        let (document, root) = try XCTUnwrap(JSONView(parsed).tapeNode)
        XCTAssertEqual(root, document.root)
        let inner = try XCTUnwrap(JSONView(parsed)["a"]?["b"]?.tapeNode)
        XCTAssertEqual(document.view(inner.node).value, [1, "x"])
        XCTAssertEqual(inner.node, document.member("b", of: try XCTUnwrap(document.member("a", of: root))))
        // Built values, and objects a change took out of the tape, lie nowhere in it.
        XCTAssertNil(JSONView(["a": 1]).tapeNode)
        XCTAssertNil(JSONView("text").tapeNode)
        guard case .object(var object) = parsed else { return XCTFail("an object") }
        object["e"] = 1
        let changed = JSON.object(object)
        XCTAssertNil(JSONView(changed).tapeNode)
        // Its untouched members still do.
        XCTAssertNotNil(JSONView(changed)["a"]?.tapeNode)
        XCTAssertNil(JSONView(changed)["e"]?.tapeNode)
    }

    func testAPointerFromANodeFindsWhatValueAtFinds() throws {
        let text = #"{"spec": {"replicas": 3, "list": [{"n": "a"}, {"n": "b"}], "s": "x"}, "e": {}}"#
        let document = try JSONTapeDocument(parsing: Array(text.utf8))
        let parsed = try JSONReader.parse(text)
        for path in ["", "/spec", "/spec/replicas", "/spec/list/1/n", "/spec/list/0", "/e",
                     "/spec/missing", "/spec/list/2", "/spec/list/x", "/spec/s/0", "/spec/replicas/a", "/e/x"] {
            let pointer = try JSONPointer(parsing: path)
            let found = document.node(at: pointer, from: document.root).map { document.view($0).value }
            XCTAssertEqual(found, parsed.value(at: pointer), path)
        }
        // From an inner node, the pointer is relative to it.
        let spec = try XCTUnwrap(document.member("spec", of: document.root))
        XCTAssertEqual(document.node(at: try JSONPointer(parsing: "/list/0/n"), from: spec).map { document.view($0).value }, "a")
    }

    func testViewsAndStringViewsReadAsTheViewsOfTheSameValue() throws {
        let (document, nodes) = try elements(#"["plain", "", "caf\u00e9 \"q\"", "naïve", 7, 1.50, null, true, {"k": "v"}, ["a"]]"#)
        let array = JSONView(try JSONReader.parse(#"["plain", "", "caf\u00e9 \"q\"", "naïve", 7, 1.50, null, true, {"k": "v"}, ["a"]]"#))
        for (index, node) in nodes.enumerated() {
            let expected = try XCTUnwrap(array.element(at: index))
            XCTAssertEqual(document.view(node).value, expected.value, "\(index)")
            XCTAssertEqual(document.view(node).kind, expected.kind, "\(index)")
            XCTAssertEqual(document.stringView(node)?.string, expected.stringValue?.string, "\(index)")
        }
        XCTAssertEqual(document.stringView(nodes[2])?.string, "café \"q\"")
        XCTAssertEqual(document.stringView(nodes[3])?.utf8Count, 6)
        XCTAssertNil(document.stringView(nodes[4]))
        XCTAssertNil(document.stringView(nodes[8]))
    }

    func testMembersByNameCompareDecodedBytes() throws {
        let text = #"{"plain": 1, "esc\u0061ped": 2, "naïve": 3, "e\u0301": 4, "": 5, "nested": {"plain": 6}, "null": null}"#
        let document = try JSONTapeDocument(parsing: Array(text.utf8))
        let root = document.root
        func number(_ node: JSONTapeNode?) -> JSON? { node.map { document.value($0) } }
        for (name, value) in [("plain", 1), ("escaped", 2), ("naïve", 3), ("e\u{301}", 4), ("", 5)] as [(String, JSON)] {
            XCTAssertEqual(number(document.member(name, of: root)), value, name)
        }
        XCTAssertEqual(number(document.member(StaticString("esc\u{61}ped"), of: root)), 2)
        // Bytes, not canonical equivalence; no prefix, no case folding; only this level. `as String`:
        // a bare literal is the `StaticString` overload, each asked separately here.
        XCTAssertNil(document.member("\u{e9}" as String, of: root), "é, where the name is e and a combining accent")
        XCTAssertNil(document.member(StaticString("\u{e9}"), of: root))
        XCTAssertNil(document.member("plai" as String, of: root))
        XCTAssertNil(document.member("Plain" as String, of: root))
        XCTAssertNil(document.member(StaticString("esc\\u0061ped"), of: root), "the name decoded, not as written")
        let nested = try XCTUnwrap(document.member("nested" as String, of: root))
        XCTAssertEqual(number(document.member("plain" as String, of: nested)), 6)
        XCTAssertNil(document.member("escaped" as String, of: nested))
        // A member whose value is null is there.
        XCTAssertEqual(number(document.member("null" as String, of: root)), .null)
        XCTAssertEqual(number(document.member(StaticString("null"), of: root)), .null)
    }

    func testMembersOfWhatIsNotAnObjectAreAbsent() throws {
        let (document, nodes) = try elements(#"[["plain"], "plain", 1, null, true, {}]"#)
        for node in nodes {
            XCTAssertNil(document.member("plain" as String, of: node))
            XCTAssertNil(document.member(StaticString("plain"), of: node))
            XCTAssertNil(document.member("0" as String, of: node), "array elements are not members")
        }
    }

    func testWithStringOrNumberTextAsTheView() throws {
        let text = #"["500m", 2, 1.50e3, "\u0031Gi", "", -0, null, true, false, {"cpu": "1"}, ["1"]]"#
        let (document, nodes) = try elements(text)
        let array = JSONView(try JSONReader.parse(text))
        for (index, node) in nodes.enumerated() {
            var fromTape: [UInt8]?
            var fromView: [UInt8]?
            let tapeIsText = document.withStringOrNumberText(node) { fromTape = Array($0) }
            let viewIsText = try XCTUnwrap(array.element(at: index)).withStringOrNumberText { fromView = Array($0) }
            XCTAssertEqual(tapeIsText, viewIsText, "\(index)")
            XCTAssertEqual(fromTape, fromView, "\(index)")
            XCTAssertEqual(tapeIsText, fromTape != nil, "the body is called exactly for text (\(index))")
        }
        var texts: [String] = []
        for node in nodes { _ = document.withStringOrNumberText(node) { texts.append(String(decoding: $0, as: UTF8.self)) } }
        XCTAssertEqual(texts, ["500m", "2", "1.50e3", "1Gi", "", "-0"])
    }
}
