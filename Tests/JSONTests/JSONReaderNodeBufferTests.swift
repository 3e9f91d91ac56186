import JSON
import XCTest

/// The reader starts its node buffer at about one node per eight input bytes and grows it as it goes;
/// its loop works on its own copy of the buffer and hands it back on every way out. These grow
/// the buffer deep inside nested containers, then finish, or fail at several depths, after it moved.
final class JSONReaderNodeBufferTests: XCTestCase {
    /// `[{"a":[[0,0,…]]}]`: one node per two bytes inside the innermost array, so the buffer grows
    /// there, several times, three levels below the top.
    private func nested(_ count: Int, closing: String = "]]}]") -> String {
        #"[{"a":[["# + Array(repeating: "0", count: count).joined(separator: ",") + closing
    }

    func testBufferGrownInsideNestedContainersKeepsEveryNode() throws {
        for count in [1, 10, 100, 1000, 5000] {
            let parsed = try JSONReader.parse(nested(count))
            XCTAssertEqual(parsed.arrayValue?.first?["a"]?.arrayValue?.first?.arrayValue?.count, count)
            // Siblings after the grown part are still read into the (moved) buffer.
            let text = "[" + nested(count, closing: "]]}],") + #"{"b":[1,2,{"c":"d"}]},"e"]"#
            let sibling = try JSONReader.parse(text).arrayValue
            XCTAssertEqual(sibling?[1]["b"]?.arrayValue?[2]["c"], "d")
            XCTAssertEqual(sibling?[2], "e")
        }
    }

    /// Failing after the buffer moved, inside the container that grew it or in one around it: the
    /// error is the one at that place, and the buffer (wherever it now is) is freed once.
    func testFailingAfterTheBufferGrewReportsTheError() {
        let cases: [(closing: String, reason: String)] = [
            (",x]]}]", "unexpected \"x\": expected a value"),
            ("]]]", "unexpected \"]\": expected \",\" or \"}\" in an object"),
            ("]],\"a\":1}]", "duplicate key \"a\""),
            ("]]}", "unexpected end of input: expected \",\" or \"]\""),
            ("]]}]]", "unexpected data after the top-level value"),
        ]
        for count in [1000, 5000] {
            for (closing, reason) in cases {
                let text = nested(count, closing: closing)
                XCTAssertThrowsError(try JSONReader.parse(text), closing) { error in
                    XCTAssertEqual((error as? JSONParseError)?.reason, reason, closing)
                }
            }
        }
    }

    /// The loops make room once per member (its name's node and its value's first) or element, and
    /// append without checks: documents as dense in nodes as JSON allows (a node per two or three
    /// bytes, where the buffer starts at one per eight), of every size around the points where it
    /// grows, read whole and right.
    func testDenseDocumentsOfEverySizeAroundEachGrowth() throws {
        for count in 0..<300 {
            let numbers = (0..<count).map { _ in "0" }
            XCTAssertEqual(try JSONReader.parse("[" + numbers.joined(separator: ",") + "]").arrayValue?.count, count)
            let empties = (0..<count).map { $0 % 2 == 0 ? "{}" : "[]" }
            let array = try JSONReader.parse("[" + empties.joined(separator: ",") + "]")
            XCTAssertEqual(array.arrayValue?.count, count)
            if count > 0 { XCTAssertEqual(array.arrayValue?.last, count % 2 == 1 ? [:] : []) }
            // Members with short names, then scalars, empty containers and nested members by turns.
            let values: [(text: String, value: JSON)] = [("0", 0), ("{}", [:]), ("[]", []), ("\"\"", ""), ("[0]", [0]), (#"{"a":0}"#, ["a": 0])]
            let members = (0..<count).map { "\"k\($0)\":" + values[$0 % 6].text }
            let parsed = try JSONReader.parse("{" + members.joined(separator: ",") + "}")
            XCTAssertEqual(parsed.objectValue?.count, count)
            for i in [0, count / 2, count - 1] where i >= 0 && count > 0 {
                XCTAssertEqual(parsed["k\(i)"], values[i % 6].value, "\(count) members, k\(i)")
            }
        }
    }
}
