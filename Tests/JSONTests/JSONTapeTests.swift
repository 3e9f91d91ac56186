import JSON
import XCTest

/// Objects read by the reader stay in its tape until changed; these tests pin that reading, changing
/// and writing them behaves exactly as for objects built in memory.
final class JSONTapeTests: XCTestCase {
    let text = #"{"a":{"b":[1,{"c":"x"}],"e\u0301":"decomposed","\u00e9":"composed","k:{\"uid\":\"1\"}":true},"n":-1.5e3,"s":"tab\there \u263A \/"}"#

    func testLookupsReadTheTapeLikeABuiltObject() throws {
        let parsed = try JSONReader.parse(text)
        XCTAssertEqual(parsed["a"]?["b"]?[1]?["c"], "x")
        XCTAssertEqual(parsed["a"]?["e\u{301}"], "decomposed", "escaped keys are decoded before comparing")
        XCTAssertEqual(parsed["a"]?["\u{E9}"], "composed", "and compared by bytes, not canonical equivalence")
        XCTAssertEqual(parsed["a"]?[#"k:{"uid":"1"}"#], true)
        XCTAssertNil(parsed["a"]?["missing"])
        XCTAssertEqual(parsed["n"]?.numberValue?.text, "-1.5e3")
        XCTAssertEqual(parsed["s"], "tab\there \u{263A} /")
        XCTAssertEqual(parsed["a"]?.objectValue?.count, 4)
        XCTAssertEqual(parsed["a"]?.objectValue?.keys, ["b", "e\u{301}", "\u{E9}", #"k:{"uid":"1"}"#])
        XCTAssertEqual(parsed["a"]?.objectValue?.index(forKey: "\u{E9}"), 2)
    }

    func testEqualToTheSameValueBuiltInMemory() throws {
        let built: JSON = [
            "a": ["b": [1, ["c": "x"]], "e\u{301}": "decomposed", "\u{E9}": "composed", #"k:{"uid":"1"}"#: true],
            "n": .number(JSONNumber(uncheckedText: "-1500")), "s": "tab\there \u{263A} /",
        ]
        XCTAssertEqual(try JSONReader.parse(text), built)
        XCTAssertNotEqual(try JSONReader.parse(#"{"a":1}"#), ["a": 2] as JSON)
    }

    func testWritingATapeObjectIsTheCanonicalCompactForm() throws {
        let pretty = "{\n  \"a\" : [ 1 , {\"b\" : \"\\u0041\\/\"} ],\n  \"c\":null }"
        let parsed = try JSONReader.parse(pretty)
        XCTAssertEqual(JSONWriter.string(parsed), #"{"a":[1,{"b":"A/"}],"c":null}"#)
        // Written from the tape or from materialized members: the same bytes.
        guard case .object(let object) = parsed else { return XCTFail("expected an object") }
        XCTAssertEqual(JSONWriter.string(.object(JSONObject(object.members))), #"{"a":[1,{"b":"A/"}],"c":null}"#)
    }

    func testChangingATapeObjectMaterializesItAndKeepsTheRest() throws {
        var parsed = try JSONReader.parse(text)
        guard case .object(var object) = parsed else { return XCTFail("expected an object") }
        object["n"] = 2
        object["added"] = ["x": 1]
        object["s"] = nil
        parsed = .object(object)
        XCTAssertEqual(parsed["n"], 2)
        XCTAssertEqual(parsed["added"]?["x"], 1)
        XCTAssertNil(parsed["s"])
        XCTAssertEqual(parsed["a"]?["b"]?[1]?["c"], "x")
        XCTAssertEqual(JSONWriter.string(parsed),
                       #"{"a":{"b":[1,{"c":"x"}],"e\#u{301}":"decomposed","\#u{E9}":"composed","k:{\"uid\":\"1\"}":true},"n":2,"added":{"x":1}}"#)
    }

    func testPatchesApplyToTapeObjects() throws {
        let document = try JSONReader.parse(#"{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"c"}]}}"#)
        let patch = JSONPatch([
            .add(path: JSONPointer(tokens: ["metadata", "labels", "tenant"]), value: "acme"),
            .replace(path: JSONPointer(tokens: ["spec", "containers", "0", "name"]), value: "d"),
            .remove(path: JSONPointer(tokens: ["metadata", "name"])),
        ])
        let patched = try patch.apply(to: document)
        XCTAssertEqual(JSONWriter.string(patched), #"{"metadata":{"labels":{"app":"web","tenant":"acme"}},"spec":{"containers":[{"name":"d"}]}}"#)
        // The original is untouched.
        XCTAssertEqual(document["metadata"]?["name"], "web")
    }

    func testDuplicateKeysAreFoundThroughEscapes() {
        for text in [#"{"a":1,"\u0061":2}"#, #"{"\u0061":1,"a":2}"#, #"{"k\"":1,"k\u0022":2}"#] {
            XCTAssertThrowsError(try JSONReader.parse(text), text) { error in
                XCTAssertTrue((error as? JSONParseError)?.reason.hasPrefix("duplicate key") ?? false, "\(error)")
            }
        }
        XCTAssertNoThrow(try JSONReader.parse(#"{"e\u0301":1,"\u00e9":2}"#), "canonically equivalent keys are different keys")
    }

    func testLongPlainStringsAndEveryByteBoundary() throws {
        // The reader scans eight bytes at a time; put the special byte at every offset of a word.
        for length in 0..<24 {
            let plain = String(repeating: "a", count: length)
            XCTAssertEqual(try JSONReader.parse(#"["\#(plain)"]"#)[0]?.stringValue, plain)
            XCTAssertEqual(try JSONReader.parse(#"["\#(plain)\n\#(plain)"]"#)[0]?.stringValue, plain + "\n" + plain)
            XCTAssertEqual(try JSONReader.parse("[\"\(plain)é\(plain)\"]")[0]?.stringValue, plain + "é" + plain)
            XCTAssertThrowsError(try JSONReader.parse(Array("[\"\(plain)".utf8) + [0x01] + Array("\"]".utf8)), "control at \(length)")
            XCTAssertThrowsError(try JSONReader.parse(Array("[\"\(plain)".utf8) + [0xFF] + Array("\"]".utf8)), "invalid UTF-8 at \(length)")
        }
    }

    /// Strings up to 15 bytes are made inline (see `JSONTape.makeString`), longer ones on the heap;
    /// keys and values of every length around that boundary, ASCII or not, must come back byte for byte.
    func testStringsOfEveryLengthAroundTheInlineLimit() throws {
        for length in 0...20 {
            for unit in ["a", "é", "日", "\u{1F600}"] {
                let text = String(String(repeating: unit, count: length).unicodeScalars.prefix(length))
                let document = try JSONReader.parse(JSONWriter.string([text: .string(text), "list": [.string(text)]]))
                XCTAssertEqual(document.objectValue?.keys.first.map { Array($0.utf8) }, Array(text.utf8), "key \(text)")
                XCTAssertEqual(document[text]?.stringValue.map { Array($0.utf8) }, Array(text.utf8), "value \(text)")
                XCTAssertEqual(document["list"]?[0]?.stringValue.map { Array($0.utf8) }, Array(text.utf8), "element \(text)")
                var changed = try XCTUnwrap(document.objectValue)
                changed["x"] = 1  // materializes the members, making a String of each key
                XCTAssertEqual(changed.members.first.map { Array($0.key.utf8) }, Array(text.utf8), "materialized \(text)")
                XCTAssertEqual(changed.members.first?.value, .string(text), "materialized \(text)")
            }
        }
    }
}
