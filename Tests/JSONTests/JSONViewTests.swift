import XCTest

@testable import JSON

/// A `JSONView` reads a value where it lies; whatever it reads must be what the `JSON` value built from
/// the same place holds, in the tape, in a built value and in a parsed value a change materialized.
final class JSONViewTests: XCTestCase {
    private let text = #"{"k\u0065y":"esc\u0061ped","plain":"café","n":1.50,"t":true,"f":false,"z":null,"#
        + #""a":[1,"two",{"x":true},[3]],"o":{"p":null,"q":"r"},"e":{},"l":[]}"#

    /// The document parsed, built again from that, and parsed with its top level and `o` changed and
    /// changed back (materialized, same content).
    private func forms() throws -> [(String, JSON)] {
        let parsed = try JSONReader.parse(text)
        let built = Fixtures.builtOfMembers(try JSONReader.parse(JSONWriter.bytes(parsed)))
        guard case .object(var root) = try JSONReader.parse(text), case .object(var o)? = root["o"] else {
            throw XCTSkip("not an object")
        }
        o["added"] = 1
        o["added"] = nil
        root["o"] = .object(o)
        // Changed in place, as patches change objects: the root stays in the tape but for `o` and `plain`.
        guard case .object(var inPlace) = try JSONReader.parse(text), case .object(var p)? = inPlace["o"] else {
            throw XCTSkip("not an object")
        }
        p["q"] = "r"
        inPlace["o"] = .object(p)
        inPlace["plain"] = "café"
        guard case .changed = inPlace.storage, case .changed = p.storage else {
            XCTFail("assigning to a member of an object in the tape keeps it there but for that member")
            return []
        }
        return [("parsed", parsed), ("built", built), ("changed", .object(root)), ("patched", .object(inPlace))]
    }

    func testReadsMatchTheBuiltValues() throws {
        for (form, document) in try forms() {
            let view = JSONView(document)
            XCTAssertEqual(view.kind, .object, form)
            XCTAssertEqual(view.count, 10, form)
            XCTAssertEqual(view.value, document, form)
            XCTAssertEqual(view["key"]?.stringValue?.string, "escaped", form)
            XCTAssertEqual(view["key"]?.stringValue?.utf8Count, 7, form)
            XCTAssertNil(view["k\\u0065y"], form)
            XCTAssertEqual(view["plain"]?.stringValue?.string, "café", form)
            XCTAssertEqual(view["plain"]?.stringValue?.utf8Count, 5, form)
            XCTAssertEqual(view["n"]?.numberText?.string, "1.50", form)
            XCTAssertNil(view["n"]?.stringValue, form)
            XCTAssertNil(view["plain"]?.numberText, form)
            XCTAssertEqual(view["t"]?.boolValue, true, form)
            XCTAssertEqual(view["f"]?.boolValue, false, form)
            XCTAssertNil(view["z"]?.boolValue, form)
            XCTAssertEqual(view["z"]?.isNull, true, form)
            XCTAssertEqual(view["z"]?.kind, .null, form)
            XCTAssertNil(view["missing"], form)
            XCTAssertNil(view["t"]?["x"], "a member of a scalar (\(form))")
            XCTAssertNil(view["a"]?["0"], "arrays have no members (\(form))")
            XCTAssertEqual(view["o"]?["q"]?.stringValue?.string, "r", form)
            XCTAssertEqual(view["o"]?["p"]?.isNull, true, form)
            XCTAssertEqual(view["o"]?.value, ["p": nil, "q": "r"], form)
            XCTAssertEqual(view["e"]?.count, 0, form)
            XCTAssertEqual(view["l"]?.count, 0, form)
            XCTAssertEqual(view["t"]?.count, 0, form)

            var elements: [JSON] = []
            var indexes: [Int] = []
            view["a"]?.forEachElement { index, element in
                indexes.append(index)
                elements.append(element.value)
            }
            XCTAssertEqual(indexes, [0, 1, 2, 3], form)
            XCTAssertEqual(elements, [1, "two", ["x": true], [3]], form)
            var none = 0
            view["o"]?.forEachElement { _, _ in none += 1 }
            view["l"]?.forEachElement { _, _ in none += 1 }
            XCTAssertEqual(none, 0, form)
        }
    }

    func testForEachMemberGivesDecodedKeysInOrderAndValuesOnDemand() throws {
        for (form, document) in try forms() {
            var keys: [String] = []
            var values: [JSON] = []
            JSONView(document).forEachMember { key, value in
                keys.append(String(decoding: key, as: UTF8.self))
                if JSONView.key(key, is: "key") || JSONView.key(key, is: "o") { values.append(value().value) }
            }
            XCTAssertEqual(keys, ["key", "plain", "n", "t", "f", "z", "a", "o", "e", "l"], form)
            XCTAssertEqual(values, ["escaped", ["p": nil, "q": "r"]], form)
            var scalars = 0
            JSONView(document)["n"]?.forEachMember { _, _ in scalars += 1 }
            JSONView(document)["a"]?.forEachMember { _, _ in scalars += 1 }
            XCTAssertEqual(scalars, 0, "only objects have members (\(form))")
        }
        XCTAssertTrue(JSONView.key(UnsafeBufferPointer(start: nil, count: 0), is: ""))
        XCTAssertFalse(Array("keys".utf8).withUnsafeBufferPointer { JSONView.key($0, is: "key") })
    }

    func testStringComparisons() throws {
        let document = try JSONReader.parse(#"{"kelvin":"\u212a","k":"K","e":"\u00e9","decomposed":"e\u0301","empty":""}"#)
        let view = JSONView(document)
        let kelvin = try XCTUnwrap(view["kelvin"]?.stringValue)
        XCTAssertFalse(kelvin.hasSameBytes(as: "K"), "different bytes")
        XCTAssertTrue(kelvin.equalsString("K"), "canonically equivalent, as String == says")
        XCTAssertTrue(try XCTUnwrap(view["k"]?.stringValue).equalsString("K"))
        XCTAssertTrue(try XCTUnwrap(view["k"]?.stringValue).hasSameBytes(as: "K"))
        XCTAssertFalse(try XCTUnwrap(view["k"]?.stringValue).equalsString("k"))
        let e = try XCTUnwrap(view["e"]?.stringValue)
        XCTAssertTrue(e.hasSameBytes(as: "\u{e9}"))
        XCTAssertFalse(e.hasSameBytes(as: "e\u{301}"))
        XCTAssertTrue(e.equalsString("e\u{301}"))
        XCTAssertFalse(e.equalsString("e"))
        XCTAssertTrue(try XCTUnwrap(view["decomposed"]?.stringValue).equalsString("\u{e9}"))
        let empty = try XCTUnwrap(view["empty"]?.stringValue)
        XCTAssertTrue(empty.isEmpty)
        XCTAssertTrue(empty.hasSameBytes(as: ""))
        XCTAssertFalse(empty.equalsString("x"))
        XCTAssertEqual(JSONStringView("built").withUTF8 { Array($0) }, Array("built".utf8))
        XCTAssertEqual(e.withUTF8 { Array($0) }, [0xC3, 0xA9])
    }

    /// A view of a `String` (a value a mutation wrote) compares as the same text in the tape does.
    func testStringComparisonsOfBuiltStrings() throws {
        let document = try JSONReader.parse(#"{"a":["\u212a","K","\u00e9","e\u0301","","tenant-workloads","x\u0000y","naïve"]}"#)
        var inTape: [JSONStringView] = []
        try XCTUnwrap(JSONView(document)["a"]).forEachElement { _, element in
            if let string = element.stringValue { inTape.append(string) }
        }
        XCTAssertEqual(inTape.count, 8)
        let others = ["K", "k", "\u{212A}", "\u{e9}", "e\u{301}", "e", "", "tenant-workloads", "tenant-workload", "x\u{0}y", "x", "naïve", "nai\u{308}ve"]
        for string in inTape {
            let built = JSONStringView(string.string)
            for other in others {
                XCTAssertEqual(built.equalsString(other), string.equalsString(other), "\(string.string) \(other)")
                XCTAssertEqual(built.equalsString(other), string.string == other, "\(string.string) \(other)")
                XCTAssertEqual(built.hasSameBytes(as: other), string.hasSameBytes(as: other), "\(string.string) \(other)")
            }
        }
        XCTAssertTrue(JSONStringView("\u{212A}").equalsString("K"))
        XCTAssertFalse(JSONStringView("\u{212A}").hasSameBytes(as: "K"))
        XCTAssertFalse(JSONStringView("tenant-workloads").equalsString("tenant-workloads "))
    }
}
