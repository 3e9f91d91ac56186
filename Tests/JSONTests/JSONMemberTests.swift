import JSON
import XCTest

/// Members of a materialized level stay in the tape until changed, and share their key and value between
/// copies until one copy changes: these check that both stay invisible, as value semantics.
final class JSONMemberTests: XCTestCase {
    private let text = #"{"k\u0065y":"escaped","a-rather-long-key-name":[1,{"x":true}],"n":1.50,"o":{"p":null}}"#

    func testMembersReadFromTheTapeMatchBuiltOnes() throws {
        guard case .object(let object) = try JSONReader.parse(text) else { return XCTFail("not an object") }
        let members = object.members
        XCTAssertEqual(members.map(\.key), ["key", "a-rather-long-key-name", "n", "o"])
        XCTAssertEqual(members[0].value, "escaped")
        XCTAssertEqual(members[1].value, [1, ["x": true]])
        XCTAssertEqual(members[2].value.numberValue?.text, "1.50")
        XCTAssertEqual(members[3], JSONObject.Member(key: "o", value: ["p": nil]))
        XCTAssertNotEqual(members[3], JSONObject.Member(key: "o", value: ["p": 1]))
    }

    func testLookupsOnAMaterializedLevelFindTapeAndChangedMembers() throws {
        var parsed = try JSONReader.parse(text)
        guard case .object(var object) = parsed else { return XCTFail("not an object") }
        object["added"] = "new"  // materializes the level: the other members stay in the tape
        object["n"] = 2
        parsed = .object(object)
        XCTAssertEqual(parsed["key"], "escaped", "an escaped key is compared decoded")
        XCTAssertEqual(parsed["a-rather-long-key-name"]?[1]?["x"], true)
        XCTAssertEqual(parsed["n"], 2)
        XCTAssertEqual(parsed["added"], "new")
        XCTAssertNil(parsed["k\\u0065y"])
        XCTAssertNil(parsed["a-rather-long-key-namf"], "same length, different bytes")
        XCTAssertEqual(object.keys, ["key", "a-rather-long-key-name", "n", "o", "added"])
        XCTAssertEqual(
            JSONWriter.string(parsed),
            #"{"key":"escaped","a-rather-long-key-name":[1,{"x":true}],"n":2,"o":{"p":null},"added":"new"}"#)
    }

    func testChangingOneCopyOfAMemberLeavesTheOtherAlone() throws {
        guard case .object(let object) = try JSONReader.parse(text) else { return XCTFail("not an object") }
        var first = object.members[3]
        let untouched = first
        first.value = ["p": 1]
        XCTAssertEqual(untouched.value, ["p": nil])
        XCTAssertEqual(first.value, ["p": 1])

        var second = first  // now both share one owned key and value
        Self.addQ(to: &second.value)  // in place, through the value's modify accessor
        second.key = "renamed"
        XCTAssertEqual(first, JSONObject.Member(key: "o", value: ["p": 1]))
        XCTAssertEqual(second, JSONObject.Member(key: "renamed", value: ["p": 1, "q": 2]))

        // Lookups compare stored key lengths first: a renamed member is found under its new name only.
        let both = JSONObject([first, second])
        XCTAssertEqual(both["renamed"], ["p": 1, "q": 2])
        XCTAssertEqual(both["o"], ["p": 1])
        XCTAssertNil(both["renamex"])
    }

    private static func addQ(to value: inout JSON) {
        guard case .object(var object) = value else { return }
        value = .null
        object["q"] = 2
        value = .object(object)
    }

    func testNestedChangesThroughAMaterializedLevelDoNotReachTheOriginal() throws {
        let original = try JSONReader.parse(text)
        let patched = try JSONPatch([
            .add(path: JSONPointer(tokens: ["o", "q"]), value: 1),
            .replace(path: JSONPointer(tokens: ["a-rather-long-key-name", "1", "x"]), value: false),
        ]).apply(to: original)
        XCTAssertEqual(original["o"], ["p": nil])
        XCTAssertEqual(original["a-rather-long-key-name"]?[1]?["x"], true)
        XCTAssertEqual(patched["o"], ["p": nil, "q": 1])
        XCTAssertEqual(patched["a-rather-long-key-name"]?[1]?["x"], false)
        XCTAssertEqual(patched["key"], "escaped")
    }
}
