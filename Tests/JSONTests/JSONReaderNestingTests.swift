@testable import JSON
import XCTest

/// The reader reads the whole document in one loop and, while something is nested in a container,
/// keeps that container's state (its member count, its duplicate-name filter, whether a name may
/// repeat) in the nodes, taking it back when the nested value closes. These nest every kind of value
/// in objects and arrays and check that what comes back is what was kept: names repeated across a
/// nested value are found, the outermost repeat wins over errors further in, and the finished nodes
/// keep nothing of it.
final class JSONReaderNestingTests: XCTestCase {
    /// Values to nest, from empty containers to a few levels of both kinds.
    private static let nested = [
        "{}", "[]", #"{"m":1}"#, #"["x",{"m":"y"}]"#, #"[{"m":[{"q":{}}]}]"#, #"{"a":{"b":{"c":[1,{"d":"e"}]}}}"#, "[[[]]]",
        #"{"r":"s","r2":{"t":[true,null,-1.5]}}"#,
    ]

    /// Names of many lengths and last bytes, so that between them they use every bit of the filter (of
    /// both halves the reader keeps in separate fields).
    private static let names: [String] = (0..<130).map { i in
        String(repeating: "k", count: i % 13) + String(UnicodeScalar(UInt8(0x61 + i % 26)))
    }

    private func assertDuplicate(_ text: String, _ name: String, at offset: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try JSONReader.parse(text), text, file: file, line: line) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, "duplicate key \"\(name)\"", text, file: file, line: line)
            XCTAssertEqual((error as? JSONParseError)?.offset, offset, text, file: file, line: line)
        }
    }

    func testNamesBeforeANestedValueAreStillSeenAfterIt() throws {
        for name in Self.names {
            for inner in Self.nested {
                // Compact, with the value last, and spaced.
                let text = "{\"\(name)\":1,\"~\":\(inner),\"\(name)\":2}"
                assertDuplicate(text, name, at: text.utf8.count - name.utf8.count - 5)
                let spaced = "{ \"\(name)\" : 1 , \"~\" : \(inner) , \"\(name)\" : 2 }"
                assertDuplicate(spaced, name, at: spaced.utf8.count - name.utf8.count - 8)
                // The same object as an element of an array in an object.
                let deeper = "{\"z\":[0,\(text)]}"
                assertDuplicate(deeper, name, at: deeper.utf8.count - name.utf8.count - 7)
                // Without the repeat: read whole.
                let parsed = try JSONReader.parse("{\"\(name)\":1,\"~\":\(inner),\"\(name)~\":2}")
                XCTAssertEqual(parsed[name], 1)
                XCTAssertEqual(parsed["~"], try JSONReader.parse(inner))
                XCTAssertEqual(parsed[name + "~"], 2)
                XCTAssertEqual(parsed.objectValue?.count, 3)
            }
        }
    }

    /// An escaped name makes the object's names checked when it closes, however many values were
    /// nested after it.
    func testAnEscapedNameBeforeANestedValueStillCounts() {
        for inner in Self.nested {
            let escapedFirst = #"{"\u0061":1,"~":"# + inner + #","a":2}"#
            assertDuplicate(escapedFirst, "a", at: escapedFirst.utf8.count - 6)
            let escapedLast = #"{"a":1,"~":"# + inner + #","\u0061":2}"#
            assertDuplicate(escapedLast, "a", at: escapedLast.utf8.count - 11)
            let twoLevels = #"{"\u0061":1,"~":{"b":"# + inner + #","c":[1]},"a":2}"#
            assertDuplicate(twoLevels, "a", at: twoLevels.utf8.count - 6)
        }
    }

    /// The first repeat in document order is reported: an outer object's repeat comes before
    /// anything nested in its last member, so it wins over a repeat or an error further in, wherever
    /// reading stops.
    func testTheOutermostRepeatWinsAtEveryDepth() {
        let open = #"{"a":1,"a":2,"b":[0,{"c":1,"c":2,"d":{"e":["#
        for tail in ["", "x", "1,", "1,]", "\"unterminated", "{\"f\":1,\"f\":2}", "1]}}]}", "1]}}]}x", "1]}}]"] {
            assertDuplicate(open + tail, "a", at: 7)
        }
        let inner = #"{"a":1,"b":[0,{"c":1,"c":2,"d":{"e":["#
        for tail in ["", "x", "{\"f\":1,\"f\":2}", "1]}}]}"] {
            assertDuplicate(inner + tail, "c", at: 21)
        }
        // A repeat found when an inner object closes gives way to one in the object around it.
        assertDuplicate(#"{"a":1,"a":2,"b":{"c":1,"c":2}}"#, "a", at: 7)
        assertDuplicate(#"{"a":1,"b":{"c":1,"c":2},"a":2}"#, "c", at: 18)
    }

    /// Deep alternating nesting, up to the depth limit: each level's name filter and count come back.
    func testDeepNestingTakesBackEveryLevel() throws {
        var limits = JSONLimits.default
        limits.maxDepth = 200
        let levels = 100  // an object and an array each: 200 deep
        // Each level's last name is "w<level>", or its first name again at level `repeated`.
        func document(repeating repeated: Int? = nil) -> String {
            var text = ""
            for level in 0..<levels { text += "{\"k\(level)\":1,\"v\":[\(level)," }
            text += "\"core\""
            for level in (0..<levels).reversed() { text += "],\"\(level == repeated ? "k" : "w")\(level)\":\(level)}" }
            return text
        }
        let text = document()
        let parsed = try JSONReader.parse(text, limits: limits)
        var value = parsed
        for level in 0..<levels {
            XCTAssertEqual(value.objectValue?.count, 3)
            XCTAssertEqual(value["k\(level)"], 1)
            XCTAssertEqual(value["w\(level)"]?.numberValue?.text, "\(level)")
            XCTAssertEqual(value["v"]?.arrayValue?.count, 2)
            XCTAssertEqual(value["v"]?[0]?.numberValue?.text, "\(level)")
            value = value["v"]?[1] ?? .null
        }
        XCTAssertEqual(value, "core")
        // A repeat of each level's first name after its nested value closed.
        for repeated in [0, 1, levels / 2, levels - 1] {
            XCTAssertThrowsError(try JSONReader.parse(document(repeating: repeated), limits: limits)) { error in
                XCTAssertEqual((error as? JSONParseError)?.reason, "duplicate key \"k\(repeated)\"")
            }
        }
        limits.maxDepth = 199
        XCTAssertThrowsError(try JSONReader.parse(text, limits: limits)) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, "nesting exceeds the maximum depth of 199")
        }
    }

    /// Nesting costs the reader no stack: with the depth limit lifted, a document nested far deeper
    /// than a recursive reader's stack would allow is read whole, or refused where it ends.
    func testNestingFarBeyondAnyStackIsReadWithoutTheLimit() throws {
        var limits = JSONLimits.default
        limits.maxDepth = .max
        let depth = 100_000
        let open = String(repeating: #"{"a":["#, count: depth)
        let close = String(repeating: "]}", count: depth)
        var value = try JSONReader.parse(open + "1" + close, limits: limits)
        for _ in 0..<depth { value = value["a"]?[0] ?? .null }
        XCTAssertEqual(value, 1)
        XCTAssertThrowsError(try JSONReader.parse(open + "1" + close.dropLast(), limits: limits)) { error in
            XCTAssertEqual((error as? JSONParseError)?.reason, "unexpected end of input: expected \",\" or \"}\"")
        }
    }

    /// What the reader kept in the nodes while containers were open is gone from the finished tape:
    /// containers start at 0 and are not escaped, scalars (member names included) end at the next
    /// node, and every container ends after its last descendant, with its count of children.
    func testFinishedNodesHoldNothingKept() throws {
        var texts = Self.nested
        texts.append(#"{"\u0061":{"b":[{"c":{"d":[]}},{"\"":{}}]},"x":[[{"y":"z"}],{"w":{}}],"q":"\t"}"#)
        texts.append(Self.names.map { "{\"\($0)\":[{\"\($0)\":\"\($0)\"},{}]}" }.joined(separator: ",").wrapped)
        for text in texts {
            let tape = try JSONReader.tape(Array(text.utf8), limits: .default)
            let nodes = tape.nodes
            for index in nodes.indices {
                let node = nodes[index]
                switch node.kind {
                case .object, .array:
                    XCTAssertEqual(node.start, 0, text)
                    XCTAssertFalse(node.escaped, text)
                    var child = index + 1
                    for _ in 0..<node.length {
                        if node.kind == .object {
                            XCTAssertEqual(nodes[child].kind, .string, text)
                            XCTAssertEqual(Int(nodes[child].end), child + 1, "a member name ends at its value")
                            child += 1
                        }
                        child = Int(nodes[child].end)
                    }
                    XCTAssertEqual(Int(node.end), child, text)
                default:
                    XCTAssertEqual(Int(node.end), index + 1, text)
                }
            }
        }
    }
}

private extension String {
    var wrapped: String { "[" + self + "]" }
}
