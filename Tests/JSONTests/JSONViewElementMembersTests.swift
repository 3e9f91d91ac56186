import XCTest

@testable import JSON

/// `JSONView.forEachElement(withMember:)`: the elements holding a non-null member, in order, as a walk
/// with a lookup in each element finds them, in the tape and outside it.
final class JSONViewElementMembersTests: XCTestCase {
    private static let text = #"""
        {"list": [{"hostPort": 80}, {"name": "a"}, {"hostPort": null}, "hostPort", 7, null, ["hostPort"], {},
         {"name": "b", "host\u0050ort": 0}, {"hostport": 1, "hostPort ": 2}, {"x": {"hostPort": 3}}, {"hostPort": {"n": 4}}]}
        """#

    /// What a walk with a lookup in each element finds: (index, element, member).
    private func expected(_ array: JSONView) -> [(Int, JSON, JSON)] {
        var found: [(Int, JSON, JSON)] = []
        array.forEachElement { index, element in
            guard let member = element["hostPort"], !member.isNull else { return }
            found.append((index, element.value, member.value))
        }
        return found
    }

    func testFindsTheElementsALookupFindsInEveryForm() throws {
        let parsed = try XCTUnwrap(JSONView(try JSONReader.parse(Self.text))["list"])
        XCTAssertNotNil(parsed.tapeNode, "an array in the tape")
        guard case .array(let elements) = parsed.value else { return XCTFail("an array") }
        // In the tape, built, and an array (outside the tape) of elements in the tape.
        for (form, view) in [("parsed", parsed), ("built", JSONView(try builtCopy(parsed.value))), ("mixed", JSONView(.array(elements)))] {
            var found: [(Int, JSON, JSON)] = []
            view.forEachElement(withMember: "hostPort") { found.append(($0, $1.value, $2.value)) }
            let wanted = expected(view)
            XCTAssertEqual(found.map(\.0), [0, 8, 11], form)
            XCTAssertEqual(found.map(\.0), wanted.map(\.0), form)
            XCTAssertEqual(found.map(\.1), wanted.map(\.1), form)
            XCTAssertEqual(found.map(\.2), [80, 0, ["n": 4]], form)
        }
    }

    func testNothingForWhatIsNotAnArray() throws {
        for text in [#"{"hostPort": 80}"#, #""hostPort""#, "null", "[]"] {
            let value = try XCTUnwrap(JSONView(try JSONReader.parse(#"{"value": "# + text + "}"))["value"])
            XCTAssertNotNil(value.tapeNode, text)
            for view in [value, JSONView(try builtCopy(value.value))] {
                var called = false
                view.forEachElement(withMember: "hostPort") { _, _, _ in called = true }
                XCTAssertFalse(called, text)
            }
        }
    }

    /// `value` with every object built in memory (none left in a tape).
    private func builtCopy(_ value: JSON) throws -> JSON {
        switch value {
        case .array(let elements): return .array(try elements.map(builtCopy))
        case .object(let object):
            return .object(JSONObject(try object.keys.map { JSONObject.Member(key: $0, value: try builtCopy(try XCTUnwrap(object[$0]))) }))
        default: return value
        }
    }
}
