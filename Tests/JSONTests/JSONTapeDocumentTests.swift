import JSON
import XCTest

/// Reading a parsed document through `JSONTapeDocument` must give exactly what the `JSON` values of the
/// same document give: names and strings decoded, types told apart, members and elements in order.
final class JSONTapeDocumentTests: XCTestCase {
    private func document(_ text: String) throws -> JSONTapeDocument {
        try JSONTapeDocument(parsing: Array(text.utf8))
    }

    /// The members of `node` as (name, value) pairs, names decoded from the bytes the document gives.
    private func members(_ node: JSONTapeNode, _ doc: JSONTapeDocument) -> [(String, JSON)] {
        var out: [(String, JSON)] = []
        doc.forEachMember(of: node) { name, value in out.append((String(decoding: name, as: UTF8.self), doc.value(value))) }
        return out
    }

    func testMembersComeInOrderWithEscapedNamesDecoded() throws {
        let doc = try document(#"{"a": 1, "u\u0069d": "x", "\"q\"": [true], "": null, "é\n": {"k": "v"}}"#)
        let got = members(doc.root, doc)
        XCTAssertEqual(got.map(\.0), ["a", "uid", "\"q\"", "", "é\n"])
        XCTAssertEqual(got.map(\.1), [1, "x", [true], nil, ["k": "v"]])
        XCTAssertEqual(doc.count(doc.root), 5)
    }

    func testScalarsAndTheirTypes() throws {
        let doc = try document(#"[null, true, false, 0, "", "s", "\u00e9\t", [], {}]"#)
        var nodes: [JSONTapeNode] = []
        doc.forEachElement(of: doc.root) { nodes.append($0) }
        XCTAssertEqual(nodes.count, 9)
        XCTAssertEqual(nodes.map { doc.isNull($0) }, [true, false, false, false, false, false, false, false, false])
        XCTAssertEqual(nodes.map { doc.bool($0) }, [nil, true, false, nil, nil, nil, nil, nil, nil])
        XCTAssertEqual(nodes.map { doc.string($0) }, [nil, nil, nil, nil, "", "s", "é\t", nil, nil])
        XCTAssertEqual(nodes.map { doc.isArray($0) }, [false, false, false, false, false, false, false, true, false])
        XCTAssertEqual(nodes.map { doc.isObject($0) }, [false, false, false, false, false, false, false, false, true])
        XCTAssertEqual(nodes.map { doc.count($0) }, [0, 0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(nodes.map { doc.value($0).typeName }, ["null", "boolean", "boolean", "number", "string", "string", "string", "array", "object"])
    }

    func testIterationOverAScalarDoesNothing() throws {
        let doc = try document(#""text""#)
        var calls = 0
        doc.forEachMember(of: doc.root) { _, _ in calls += 1 }
        doc.forEachElement(of: doc.root) { _ in calls += 1 }
        XCTAssertEqual(calls, 0)
        XCTAssertEqual(doc.count(doc.root), 0)
    }

    func testIsStringComparesDecodedBytes() throws {
        let doc = try document(#"["admission.k8s.io/v1", "admission.k8s.io\/v1", "admission.k8s.io/v1 ", "", 1]"#)
        var nodes: [JSONTapeNode] = []
        doc.forEachElement(of: doc.root) { nodes.append($0) }
        XCTAssertEqual(nodes.map { doc.isString($0, "admission.k8s.io/v1") }, [true, true, false, false, false])
        XCTAssertEqual(nodes.map { doc.isString($0, "") }, [false, false, false, true, false])
    }

    func testIsWrittenTheSame() throws {
        let doc = try document(#"""
            [{"group": "", "version": "v1", "kind": "Pod"},
             {"group":"","version":"v1","kind":"Pod"},
             {"group": "", "version": "v1", "kind": "Pods"},
             {"group": "", "version": "v2", "kind": "Pod"},
             {"version": "v1", "group": "", "kind": "Pod"},
             {"group": "", "version": "v\u0031", "kind": "Pod"},
             {"group": "", "version": "v1", "kind": "Pod", "x": null},
             {"group": "", "version": "v1"},
             {"group": "", "version": ["v1"], "kind": "Pod"},
             {"group": "", "version": 1.0, "kind": "Pod"},
             {"group": "", "version": 1, "kind": "Pod"},
             [1, [2, 3], {}], [1, [2, 3], {}], [1, [2], 3, {}], [1, [2, 3, {}]], "Pod", "Pod", "Pods", null, null, true, false]
            """#)
        var n: [JSONTapeNode] = []
        doc.forEachElement(of: doc.root) { n.append($0) }
        XCTAssertTrue(doc.isWrittenTheSame(n[0], n[0]))
        XCTAssertTrue(doc.isWrittenTheSame(n[0], n[1]), "whitespace aside")
        XCTAssertTrue(doc.isWrittenTheSame(n[1], n[0]))
        for other in 2...10 {
            XCTAssertFalse(doc.isWrittenTheSame(n[0], n[other]), "element \(other)")
            XCTAssertFalse(doc.isWrittenTheSame(n[other], n[0]), "element \(other)")
        }
        XCTAssertFalse(doc.isWrittenTheSame(n[9], n[10]), "equal numbers written differently")
        XCTAssertTrue(doc.isWrittenTheSame(n[11], n[12]))
        XCTAssertFalse(doc.isWrittenTheSame(n[11], n[13]), "same node count, different nesting")
        XCTAssertFalse(doc.isWrittenTheSame(n[11], n[14]), "same node count, different nesting")
        XCTAssertTrue(doc.isWrittenTheSame(n[15], n[16]))
        XCTAssertFalse(doc.isWrittenTheSame(n[15], n[17]))
        XCTAssertTrue(doc.isWrittenTheSame(n[18], n[19]))
        XCTAssertFalse(doc.isWrittenTheSame(n[20], n[21]))
        XCTAssertFalse(doc.isWrittenTheSame(n[18], n[15]))
    }

    func testIsObjectWrittenAs() throws {
        let doc = try document(#"""
            [{"group":"","version":"v1","kind":"Pod"},
             {"group": "", "version": "v1", "kind": "Pod"},
             {"group":"","version":"v1","kind":"Pod" },
             { "group":"","version":"v1","kind":"Pod"},
             {"version":"v1","group":"","kind":"Pod"},
             {"group":"","version":"v\u0031","kind":"Pod"},
             {"group":"","version":"v1","kind":"Pod","x":null},
             {"group":"","version":"v1","kind":"Pods"},
             {"group":"","version":"v1","kind":"Po"},
             {"group":"","version":"v1"},
             {"group":"","version":"v1","kind":{"Pod":1}},
             {}, ["group", "", "version", "v1", "kind", "Pod"], "\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"", null,
             {"n":1}, {"n":1.0}, {"n":true}]
            """#)
        var n: [JSONTapeNode] = []
        doc.forEachElement(of: doc.root) { n.append($0) }
        let pod: StaticString = #""group":"","version":"v1","kind":"Pod""#
        XCTAssertTrue(doc.isObject(n[0], writtenAs: pod))
        // From the first name to the last value, only the exact text: a space between members is not it.
        XCTAssertFalse(doc.isObject(n[1], writtenAs: pod))
        // Spaces inside the braces but around the members lie outside their text (and change nothing).
        XCTAssertTrue(doc.isObject(n[2], writtenAs: pod), "space before the closing brace")
        XCTAssertTrue(doc.isObject(n[3], writtenAs: pod), "space after the opening brace")
        for other in 4...14 {
            XCTAssertFalse(doc.isObject(n[other], writtenAs: pod), "element \(other)")
        }
        XCTAssertTrue(doc.isObject(n[15], writtenAs: #""n":1"#))
        XCTAssertFalse(doc.isObject(n[16], writtenAs: #""n":1"#))
        XCTAssertFalse(doc.isObject(n[17], writtenAs: #""n":true"#), "a last value whose end the tape does not record")
        XCTAssertFalse(doc.isObject(n[11], writtenAs: ""), "an empty object has no members' text")
    }

    func testParseErrorsAreTheReadersOwn() {
        for text in ["", "{", #"{"a": 1, "a": 2}"#, "[1,]", "\"\u{1}\""] {
            var fromReader: JSONParseError?
            do { _ = try JSONReader.parse(Array(text.utf8)) } catch { fromReader = error }
            var fromDocument: JSONParseError?
            do { _ = try JSONTapeDocument(parsing: Array(text.utf8)) } catch { fromDocument = error }
            XCTAssertNotNil(fromReader, text)
            XCTAssertEqual(fromReader, fromDocument, text)
        }
        XCTAssertThrowsError(try JSONTapeDocument(parsing: Array("[[[1]]]".utf8), limits: JSONLimits(maxDepth: 2)))
    }

    func testATapeNodeOfAParsedObject() throws {
        let parsed = try JSONReader.parse(#"{"spec": {"a": [1, "two"]}, "n": 1}"#)
        let (doc, node) = try XCTUnwrap(parsed.tapeNode)
        XCTAssertEqual(doc.value(node), parsed)
        XCTAssertEqual(members(node, doc).map(\.0), ["spec", "n"])
        let spec = try XCTUnwrap(parsed["spec"]?.tapeNode)
        XCTAssertEqual(spec.document.value(spec.node), ["a": [1, "two"]])

        // Values that are not objects in the tape have none: scalars, arrays, objects built or changed.
        XCTAssertNil(parsed["n"]?.tapeNode)
        XCTAssertNil(parsed["spec"]?["a"]?.tapeNode)
        let built: JSON = ["a": 1]
        XCTAssertNil(built.tapeNode)
        var changed = try XCTUnwrap(parsed.objectValue)
        changed["n"] = 2
        XCTAssertNil(JSON.object(changed).tapeNode)
    }

    func testIsWrittenTheSameWhateverTheLastValue() throws {
        // Objects whose text matches byte for byte are compared in one piece when their last value is a
        // string or number; otherwise (a literal, a container) node by node. Both must agree.
        let doc = try document(#"""
            [{"a": 1}, {"a": 1}, {"a": 12}, {"a": true}, {"a": true}, {"a": null}, {"a": {}}, {"a": {}}, {"a": []},
             {"a": [1, "x"]}, {"a": [1, "x"]}, {"a": [1, "y"]}, {"a": "\u0041"}, {"a": "A"}, {"a": "\u0041"}, {}, {}, {"a": {"b": 1}}, {"a": {"b": 1}, "c": 1}]
            """#)
        var n: [JSONTapeNode] = []
        doc.forEachElement(of: doc.root) { n.append($0) }
        let same: [(Int, Int)] = [(0, 1), (3, 4), (6, 7), (9, 10), (12, 14), (15, 16)]
        let different: [(Int, Int)] = [(0, 2), (0, 3), (3, 5), (5, 6), (6, 8), (9, 11), (12, 13), (17, 18), (15, 6)]
        for (a, b) in same {
            XCTAssertTrue(doc.isWrittenTheSame(n[a], n[b]), "\(a) \(b)")
            XCTAssertTrue(doc.isWrittenTheSame(n[b], n[a]), "\(b) \(a)")
        }
        for (a, b) in different {
            XCTAssertFalse(doc.isWrittenTheSame(n[a], n[b]), "\(a) \(b)")
            XCTAssertFalse(doc.isWrittenTheSame(n[b], n[a]), "\(b) \(a)")
        }
    }
}
