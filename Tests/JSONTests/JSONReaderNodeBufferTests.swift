import JSON
import XCTest

/// The reader allocates its node buffer once, for the most nodes its input could make it write (half
/// a node per byte, half more per open container), and appends without checking for room; debug
/// builds, which run these, check every append against that bound. Its loop works on its own copy of
/// the buffer and hands it back on every way out. These read documents as dense in nodes as JSON
/// allows, whole, cut at every length, and failing at several depths.
final class JSONReaderNodeBufferTests: XCTestCase {
    /// `[{"a":[[0,0,…]]}]`: one node per two bytes inside the innermost array, three levels below
    /// the top.
    private func nested(_ count: Int, closing: String = "]]}]") -> String {
        #"[{"a":[["# + Array(repeating: "0", count: count).joined(separator: ",") + closing
    }

    func testDenseArraysInsideNestedContainersKeepEveryNode() throws {
        for count in [1, 10, 100, 1000, 5000] {
            let parsed = try JSONReader.parse(nested(count))
            XCTAssertEqual(parsed.arrayValue?.first?["a"]?.arrayValue?.first?.arrayValue?.count, count)
            // Siblings after the dense part are read on into the same buffer.
            let text = "[" + nested(count, closing: "]]}],") + #"{"b":[1,2,{"c":"d"}]},"e"]"#
            let sibling = try JSONReader.parse(text).arrayValue
            XCTAssertEqual(sibling?[1]["b"]?.arrayValue?[2]["c"], "d")
            XCTAssertEqual(sibling?[2], "e")
        }
    }

    /// Failing after a dense part, inside its container or in one around it: the error is the one at
    /// that place, and the buffer is freed once.
    func testFailingAfterADensePartReportsTheError() {
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

    /// Documents as dense in nodes as JSON allows (a node per two or three bytes), of every size up to
    /// 300 values, read whole and right.
    func testDenseDocumentsOfEverySize() throws {
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

    /// The densest documents JSON allows and the densest prefixes of them (numbers last in their
    /// arrays, `[1]` in `[1]`, unclosed containers, a name whose value is missing, a string cut in
    /// its middle), cut after every byte: each is read or refused, and never writes past the bound.
    func testEveryPrefixOfTheDensestDocumentsStaysWithinTheBound() {
        let documents = [
            "[" + Array(repeating: "[1]", count: 40).joined(separator: ",") + "]",
            String(repeating: "[", count: 60) + "1" + String(repeating: "]", count: 60),
            "[" + Array(repeating: "0", count: 80).joined(separator: ",") + "]",
            String(repeating: "[1,", count: 50) + "1" + String(repeating: "]", count: 50),
            String(repeating: #"{"":"#, count: 40) + "0" + String(repeating: "}", count: 40),
            String(repeating: #"{"":["#, count: 30) + "1" + String(repeating: "]}", count: 30),
            "{" + (0..<30).map { #""\#($0)":[1]"# }.joined(separator: ",") + "}",
            "[" + Array(repeating: #"{},[],"",0,true,null"#, count: 10).joined(separator: ",") + "]",
            String(repeating: "[[", count: 40) + #""abc""# + String(repeating: "]]", count: 40),
        ]
        for document in documents {
            let bytes = Array(document.utf8)
            for length in 0...bytes.count {
                let prefix = Array(bytes[0..<length])
                _ = try? JSONReader.parse(prefix)
                _ = try? JSONReader.parse(prefix, limits: JSONLimits(maxDepth: Int.max))
                _ = try? JSONReader.parse(prefix, limits: JSONLimits(maxDepth: 0))
            }
            XCTAssertNoThrow(try JSONReader.parse(document), document)
        }
    }

    /// Deep nesting left open, with the depth limit lifted: one node a byte, each container's closing
    /// byte never read. The bound's half node per open container covers them.
    func testUnclosedNestingWithTheLimitLifted() {
        for opener in ["[", #"{"":"#, "[1,", #"{"a":[0,"#] {
            let text = String(repeating: opener, count: 20_000)
            XCTAssertThrowsError(try JSONReader.parse(text, limits: JSONLimits(maxDepth: Int.max))) { error in
                XCTAssertEqual((error as? JSONParseError)?.offset, text.utf8.count, opener)
            }
        }
    }
}
