import JSON
import XCTest

/// RFC 6902 JSON Patch: every Appendix A example, the edge cases of §4 and the wire form.
final class JSONPatchTests: XCTestCase {
    // MARK: - RFC 6902 Appendix A

    func testA1AddingAnObjectMember() throws {
        let result = try apply(#"[{ "op": "add", "path": "/baz", "value": "qux" }]"#, to: #"{ "foo": "bar" }"#)
        XCTAssertEqual(result, try parse(#"{ "baz": "qux", "foo": "bar" }"#))
        XCTAssertEqual(result.objectValue?.keys, ["foo", "baz"], "a new member goes at the end")
    }

    func testA2AddingAnArrayElement() throws {
        let result = try apply(
            #"[{ "op": "add", "path": "/foo/1", "value": "qux" }]"#, to: #"{ "foo": [ "bar", "baz" ] }"#)
        XCTAssertEqual(result, try parse(#"{ "foo": [ "bar", "qux", "baz" ] }"#))
    }

    func testA3RemovingAnObjectMember() throws {
        let result = try apply(#"[{ "op": "remove", "path": "/baz" }]"#, to: #"{ "baz": "qux", "foo": "bar" }"#)
        XCTAssertEqual(result, try parse(#"{ "foo": "bar" }"#))
    }

    func testA4RemovingAnArrayElement() throws {
        let result = try apply(
            #"[{ "op": "remove", "path": "/foo/1" }]"#, to: #"{ "foo": [ "bar", "qux", "baz" ] }"#)
        XCTAssertEqual(result, try parse(#"{ "foo": [ "bar", "baz" ] }"#))
    }

    func testA5ReplacingAValue() throws {
        let result = try apply(
            #"[{ "op": "replace", "path": "/baz", "value": "boo" }]"#, to: #"{ "baz": "qux", "foo": "bar" }"#)
        XCTAssertEqual(result, try parse(#"{ "baz": "boo", "foo": "bar" }"#))
        XCTAssertEqual(result.objectValue?.keys, ["baz", "foo"], "replace keeps the member where it was")
    }

    func testA6MovingAValue() throws {
        let result = try apply(
            #"[{ "op": "move", "from": "/foo/waldo", "path": "/qux/thud" }]"#,
            to: #"{ "foo": { "bar": "baz", "waldo": "fred" }, "qux": { "corge": "grault" } }"#)
        XCTAssertEqual(
            result, try parse(#"{ "foo": { "bar": "baz" }, "qux": { "corge": "grault", "thud": "fred" } }"#))
    }

    func testA7MovingAnArrayElement() throws {
        let result = try apply(
            #"[{ "op": "move", "from": "/foo/1", "path": "/foo/3" }]"#,
            to: #"{ "foo": [ "all", "grass", "cows", "eat" ] }"#)
        XCTAssertEqual(result, try parse(#"{ "foo": [ "all", "cows", "eat", "grass" ] }"#))
    }

    func testA8TestingAValueSuccess() throws {
        let document = #"{ "baz": "qux", "foo": [ "a", 2, "c" ] }"#
        let result = try apply(
            #"[{ "op": "test", "path": "/baz", "value": "qux" }, { "op": "test", "path": "/foo/1", "value": 2 }]"#,
            to: document)
        XCTAssertEqual(result, try parse(document))
    }

    func testA9TestingAValueError() throws {
        let error = try applyError(#"[{ "op": "test", "path": "/baz", "value": "bar" }]"#, to: #"{ "baz": "qux" }"#)
        XCTAssertEqual(error.operationIndex, 0)
        XCTAssertTrue(error.reason.contains("test \"/baz\""), error.reason)
        XCTAssertTrue(error.reason.contains("test failed"), error.reason)
    }

    func testA10AddingANestedMemberObject() throws {
        let result = try apply(
            #"[{ "op": "add", "path": "/child", "value": { "grandchild": { } } }]"#, to: #"{ "foo": "bar" }"#)
        XCTAssertEqual(result, try parse(#"{ "foo": "bar", "child": { "grandchild": { } } }"#))
    }

    func testA11IgnoringUnrecognizedElements() throws {
        let result = try apply(
            #"[{ "op": "add", "path": "/baz", "value": "qux", "xyz": 123 }]"#, to: #"{ "foo": "bar" }"#)
        XCTAssertEqual(result, try parse(#"{ "foo": "bar", "baz": "qux" }"#))
    }

    func testA12AddingToANonexistentTarget() throws {
        let error = try applyError(
            #"[{ "op": "add", "path": "/baz/bat", "value": "qux" }]"#, to: #"{ "foo": "bar" }"#)
        XCTAssertEqual(error.operationIndex, 0)
        XCTAssertEqual(error.reason, #"add "/baz/bat": no member "baz" in the object at the root"#)
    }

    /// A.13's patch repeats "op". Our reader already refuses duplicate keys; a patch built in memory
    /// with a repeated member is refused by the patch parser.
    func testA13InvalidJSONPatchDocument() throws {
        let text = #"[{ "op": "add", "path": "/baz", "value": "qux", "op": "remove" }]"#
        XCTAssertThrowsError(try JSONReader.parse(text)) { error in
            XCTAssertTrue((error as? JSONParseError)?.reason.contains("duplicate key") == true, "\(error)")
        }
        let operation = JSON.object(JSONObject([
            .init(key: "op", value: "add"), .init(key: "path", value: "/baz"),
            .init(key: "value", value: "qux"), .init(key: "op", value: "remove"),
        ]))
        XCTAssertEqual(
            try parsePatchError(.array([operation])),
            JSONPatchError(operationIndex: 0, reason: #""op" appears more than once"#))
    }

    func testA14TildeEscapeOrdering() throws {
        let document = #"{ "/": 9, "~1": 10 }"#
        let result = try apply(#"[{"op": "test", "path": "/~01", "value": 10}]"#, to: document)
        XCTAssertEqual(result, try parse(document))
    }

    func testA15ComparingStringsAndNumbers() throws {
        let error = try applyError(#"[{"op": "test", "path": "/~01", "value": "10"}]"#, to: #"{ "/": 9, "~1": 10 }"#)
        XCTAssertEqual(error.operationIndex, 0)
        XCTAssertEqual(error.reason, #"test "/~01": test failed: found number, expected string"#)
    }

    func testA16AddingAnArrayValue() throws {
        let result = try apply(
            #"[{ "op": "add", "path": "/foo/-", "value": ["abc", "def"] }]"#, to: #"{ "foo": ["bar"] }"#)
        XCTAssertEqual(result, try parse(#"{ "foo": ["bar", ["abc", "def"]] }"#))
    }

    // MARK: - add

    func testAddToAnExistingMemberReplacesItInPlace() throws {
        let result = try JSONPatch([.add(path: pointer("/a"), value: 10)]).apply(to: ["a": 1, "b": 2])
        XCTAssertEqual(JSONWriter.string(result), #"{"a":10,"b":2}"#)
    }

    func testAddToArrayAtCountOrDashAppends() throws {
        let document: JSON = ["list": [1, 2]]
        XCTAssertEqual(try JSONPatch([.add(path: pointer("/list/2"), value: 3)]).apply(to: document), ["list": [1, 2, 3]])
        XCTAssertEqual(try JSONPatch([.add(path: pointer("/list/-"), value: 3)]).apply(to: document), ["list": [1, 2, 3]])
        XCTAssertEqual(try JSONPatch([.add(path: pointer("/list/0"), value: 0)]).apply(to: document), ["list": [0, 1, 2]])
        XCTAssertEqual(try JSONPatch([.add(path: pointer("/-"), value: 0)]).apply(to: [1]), [1, 0])
    }

    func testAddToArrayRejectsBadIndexes() throws {
        let document: JSON = ["list": [1, 2]]
        let cases: [(String, String)] = [
            ("/list/3", #"index 3 is past the end of the array at "/list" (2 elements)"#),
            ("/list/01", #""01" is not an index into the array at "/list""#),
            ("/list/x", #""x" is not an index into the array at "/list""#),
            ("/list/-1", #""-1" is not an index into the array at "/list""#),
        ]
        for (path, detail) in cases {
            let error = try applyError([.add(path: pointer(path), value: 0)], to: document)
            XCTAssertEqual(error.reason, "add \"\(path)\": \(detail)")
        }
    }

    func testAddAtRootReplacesTheDocument() throws {
        XCTAssertEqual(try JSONPatch([.add(path: .root, value: ["new": true])]).apply(to: ["old": 1]), ["new": true])
        XCTAssertEqual(try JSONPatch([.add(path: .root, value: 5)]).apply(to: nil), 5)
    }

    func testAddNeedsAContainerParent() throws {
        let error = try applyError([.add(path: pointer("/a/b"), value: 1)], to: ["a": "text"])
        XCTAssertEqual(error.reason, #"add "/a/b": the value at "/a" is string, not an object or array"#)
        let nullParent = try applyError([.add(path: pointer("/a/b"), value: 1)], to: ["a": nil])
        XCTAssertTrue(nullParent.reason.contains("is null, not an object or array"), nullParent.reason)
        let scalarRoot = try applyError([.add(path: pointer("/a"), value: 1)], to: 3)
        XCTAssertTrue(scalarRoot.reason.contains("the value at the root is number"), scalarRoot.reason)
    }

    func testAddWithEmptyKeyAndEscapedKey() throws {
        let result = try JSONPatch([
            .add(path: pointer("/"), value: "empty"),
            .add(path: pointer("/a~1b~0c"), value: "escaped"),
        ]).apply(to: [:])
        XCTAssertEqual(result, ["": "empty", "a/b~c": "escaped"])
    }

    // MARK: - remove, replace

    func testRemoveAndReplaceNeedAnExistingTarget() throws {
        let document: JSON = ["a": ["b": 1], "list": [1]]
        let cases: [(JSONPatchOperation, String)] = [
            (.remove(path: pointer("/missing")), #"remove "/missing": no member "missing" in the object at the root"#),
            (.remove(path: pointer("/a/c")), #"remove "/a/c": no member "c" in the object at "/a""#),
            (.remove(path: pointer("/list/1")), #"remove "/list/1": index 1 is past the end of the array at "/list" (1 elements)"#),
            (.remove(path: pointer("/list/-")), #"remove "/list/-": "-" (after the last element) of the array at "/list" names no existing element"#),
            (.remove(path: .root), #"remove "": the whole document cannot be removed"#),
            (.replace(path: pointer("/missing"), value: 1), #"replace "/missing": no member "missing" in the object at the root"#),
            (.replace(path: pointer("/list/1"), value: 1), #"replace "/list/1": index 1 is past the end of the array at "/list" (1 elements)"#),
            (.replace(path: pointer("/list/-"), value: 1), #"replace "/list/-": "-" (after the last element) of the array at "/list" names no existing element"#),
            (.replace(path: pointer("/a/b/c"), value: 1), #"replace "/a/b/c": the value at "/a/b" is number, not an object or array"#),
        ]
        for (operation, reason) in cases {
            XCTAssertEqual(try applyError([operation], to: document).reason, reason)
        }
    }

    func testRemoveArrayElementShiftsTheRest() throws {
        let result = try JSONPatch([.remove(path: pointer("/0")), .remove(path: pointer("/0"))]).apply(to: [1, 2, 3])
        XCTAssertEqual(result, [3])
    }

    func testReplaceAtRootAndOfNull() throws {
        XCTAssertEqual(try JSONPatch([.replace(path: .root, value: [1])]).apply(to: ["a": 1]), [1])
        XCTAssertEqual(try JSONPatch([.replace(path: pointer("/a"), value: 2)]).apply(to: ["a": nil]), ["a": 2])
    }

    // MARK: - move, copy

    func testMoveIntoOwnChildIsRejected() throws {
        let document: JSON = ["a": ["b": 1]]
        let error = try applyError([.move(from: pointer("/a"), path: pointer("/a/b/c"))], to: document)
        XCTAssertEqual(error.reason, #"move "/a" to "/a/b/c": a value cannot be moved into one of its own children"#)
        let fromRoot = try applyError([.move(from: .root, path: pointer("/x"))], to: document)
        XCTAssertTrue(fromRoot.reason.contains("own children"), fromRoot.reason)
    }

    func testMoveToASiblingWithACommonStringPrefixIsAllowed() throws {
        let result = try JSONPatch([.move(from: pointer("/a"), path: pointer("/ab"))]).apply(to: ["a": 1])
        XCTAssertEqual(result, ["ab": 1])
    }

    func testMoveOntoItselfIsANoOpButNeedsTheSource() throws {
        let document: JSON = ["a": 1, "b": 2]
        let result = try JSONPatch([.move(from: pointer("/a"), path: pointer("/a"))]).apply(to: document)
        XCTAssertEqual(JSONWriter.string(result), #"{"a":1,"b":2}"#)
        let error = try applyError([.move(from: pointer("/x"), path: pointer("/x"))], to: document)
        XCTAssertEqual(error.reason, #"move "/x" to "/x": no member "x" in the object at the root"#)
    }

    func testMoveReplacesAnExistingTargetMember() throws {
        let result = try JSONPatch([.move(from: pointer("/a"), path: pointer("/b"))]).apply(to: ["a": 1, "b": 2])
        XCTAssertEqual(JSONWriter.string(result), #"{"b":1}"#)
    }

    func testMoveFromMissingSource() throws {
        let error = try applyError([.move(from: pointer("/x/y"), path: pointer("/z"))], to: ["x": [:]])
        XCTAssertEqual(error.reason, #"move "/x/y" to "/z": no member "y" in the object at "/x""#)
    }

    func testCopyIsIndependentOfItsSource() throws {
        let result = try JSONPatch([
            .copy(from: pointer("/a"), path: pointer("/b")),
            .add(path: pointer("/b/inner"), value: "changed"),
            .copy(from: pointer("/a"), path: pointer("/a/self")),
        ]).apply(to: ["a": ["inner": "original"]])
        XCTAssertEqual(result, ["a": ["inner": "original", "self": ["inner": "original"]], "b": ["inner": "changed"]])
    }

    func testCopyFromMissingSource() throws {
        let error = try applyError([.copy(from: pointer("/list/5"), path: pointer("/b"))], to: ["list": [1]])
        XCTAssertEqual(error.reason, #"copy "/list/5" to "/b": index 5 is past the end of the array at "/list" (1 elements)"#)
    }

    // MARK: - test

    func testTestComparesNumbersNumericallyAndObjectsWithoutOrder() throws {
        let document = try parse(#"{"n": 1.0, "e": 100, "o": {"a": 1, "b": [true, null]}, "z": null}"#)
        let patch = try JSONPatch(parsing: try parse(#"""
            [{"op": "test", "path": "/n", "value": 1},
             {"op": "test", "path": "/e", "value": 1E2},
             {"op": "test", "path": "/o", "value": {"b": [true, null], "a": 1.00}},
             {"op": "test", "path": "/z", "value": null},
             {"op": "test", "path": "", "value": {"z": null, "o": {"b": [true, null], "a": 1}, "e": 1e2, "n": 1}}]
            """#))
        XCTAssertEqual(try patch.apply(to: document), document)
    }

    func testTestFailures() throws {
        let document: JSON = ["list": [1, 2], "s": "x", "o": ["a": 1]]
        let cases: [(JSONPatchOperation, String)] = [
            (.test(path: pointer("/list"), value: [2, 1]), #"test "/list": test failed: the array there differs from the expected value"#),
            (.test(path: pointer("/s"), value: "X"), #"test "/s": test failed: the string there differs from the expected value"#),
            (.test(path: pointer("/o"), value: ["a": 1, "b": nil]), #"test "/o": test failed: the object there differs from the expected value"#),
            (.test(path: pointer("/missing"), value: nil), #"test "/missing": no member "missing" in the object at the root"#),
            (.test(path: pointer("/list/-"), value: 1), #"test "/list/-": "-" (after the last element) of the array at "/list" names no existing element"#),
        ]
        for (operation, reason) in cases {
            XCTAssertEqual(try applyError([operation], to: document).reason, reason)
        }
    }

    // MARK: - Atomicity and in-place application

    func testFailingOperationLeavesNoPartialResult() throws {
        let original: JSON = ["a": 1, "list": [1, 2]]
        var document = original
        let patch = JSONPatch([
            .add(path: pointer("/b"), value: 2),
            .remove(path: pointer("/list/0")),
            .replace(path: pointer("/missing"), value: 3),
            .add(path: pointer("/c"), value: 4),
        ])
        XCTAssertThrowsError(document = try patch.apply(to: document)) { error in
            XCTAssertEqual((error as? JSONPatchError)?.operationIndex, 2)
        }
        XCTAssertEqual(document, original)
        XCTAssertEqual(JSONWriter.string(document), #"{"a":1,"list":[1,2]}"#)
    }

    func testApplyingDoesNotChangeTheCallersDocument() throws {
        let original: JSON = ["a": ["b": ["c": 1]]]
        let result = try JSONPatch([.replace(path: pointer("/a/b/c"), value: 2)]).apply(to: original)
        XCTAssertEqual(original, ["a": ["b": ["c": 1]]])
        XCTAssertEqual(result, ["a": ["b": ["c": 2]]])
    }

    /// Thousands of appends to one big array: with a copy of the array per operation this would be
    /// quadratic (about 10⁹ element copies) and take far longer than the limit here.
    func testManyOperationsOnALargeDocumentStayFast() throws {
        let count = 30_000
        let operations = (0..<count).map { JSONPatchOperation.add(path: JSONPointer(tokens: ["items", "-"]), value: JSON.number(JSONNumber($0))) }
        let start = ContinuousClock.now
        let result = try JSONPatch(operations).apply(to: ["items": .array(Array(repeating: nil, count: count))])
        XCTAssertEqual(result["items"]?.arrayValue?.count, 2 * count)
        XCTAssertEqual(result["items"]?[2 * count - 1], JSON.number(JSONNumber(count - 1)))
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
    }

    // MARK: - Parsing the wire form

    func testParsingErrorsNameTheOperation() throws {
        let valid = #"{"op": "test", "path": "", "value": 1}"#
        let cases: [(String, JSONPatchError)] = [
            (#"{"op": "add"}"#, JSONPatchError(operationIndex: 2, reason: #"missing "path""#)),
            (#"{"path": "/a"}"#, JSONPatchError(operationIndex: 2, reason: #"missing "op""#)),
            (#"{"op": 1, "path": "/a"}"#, JSONPatchError(operationIndex: 2, reason: #""op" must be a string, found number"#)),
            (#"{"op": "delete", "path": "/a"}"#, JSONPatchError(operationIndex: 2, reason: #"unknown op "delete"; expected add, remove, replace, move, copy or test"#)),
            (#"{"op": "ADD", "path": "/a", "value": 1}"#, JSONPatchError(operationIndex: 2, reason: #"unknown op "ADD"; expected add, remove, replace, move, copy or test"#)),
            (#"{"op": "add", "path": "/a"}"#, JSONPatchError(operationIndex: 2, reason: #"missing "value""#)),
            (#"{"op": "replace", "path": "/a"}"#, JSONPatchError(operationIndex: 2, reason: #"missing "value""#)),
            (#"{"op": "test", "path": "/a"}"#, JSONPatchError(operationIndex: 2, reason: #"missing "value""#)),
            (#"{"op": "move", "path": "/a"}"#, JSONPatchError(operationIndex: 2, reason: #"missing "from""#)),
            (#"{"op": "copy", "path": "/a"}"#, JSONPatchError(operationIndex: 2, reason: #"missing "from""#)),
            (#"{"op": "remove", "path": null}"#, JSONPatchError(operationIndex: 2, reason: #""path" must be a string, found null"#)),
            (#"{"op": "move", "from": ["a"], "path": "/b"}"#, JSONPatchError(operationIndex: 2, reason: #""from" must be a string, found array"#)),
            (#"{"op": "remove", "path": "a/b"}"#, JSONPatchError(operationIndex: 2, reason: #""path": invalid JSON pointer "a/b": must be empty or start with "/""#)),
            (#"{"op": "copy", "from": "/~2", "path": "/b"}"#, JSONPatchError(operationIndex: 2, reason: #""from": invalid JSON pointer "/~2": has the invalid escape "~2"; only "~0" and "~1" are allowed"#)),
            (#""remove /a""#, JSONPatchError(operationIndex: 2, reason: "must be an object, found string")),
        ]
        for (bad, expected) in cases {
            let error = try parsePatchError(try parse("[\(valid), \(valid), \(bad)]"))
            XCTAssertEqual(error, expected, bad)
        }
        let missingPath = try parsePatchError(try parse(#"[\#(valid), \#(valid), {"op": "remove"}]"#))
        XCTAssertEqual(missingPath.description, #"operation 2: missing "path""#)
    }

    func testPatchMustBeAnArray() throws {
        let error = try parsePatchError(["op": "remove", "path": "/a"])
        XCTAssertNil(error.operationIndex)
        XCTAssertEqual(error.description, "a JSON Patch must be an array of operations, found object")
    }

    func testNullValueIsAValue() throws {
        let patch = try JSONPatch(parsing: try parse(#"[{"op": "add", "path": "/a", "value": null}]"#))
        XCTAssertEqual(patch.operations, [.add(path: pointer("/a"), value: nil)])
        XCTAssertEqual(try patch.apply(to: [:]), ["a": nil])
    }

    func testParsedOperations() throws {
        let patch = try JSONPatch(parsing: try parse(#"""
            [{"op": "add", "path": "/a~1b", "value": {"x": [1]}},
             {"op": "remove", "path": "/c"},
             {"op": "replace", "path": "", "value": 1.50},
             {"path": "/e", "from": "/d", "op": "move"},
             {"op": "copy", "from": "/f", "path": "/g/-"},
             {"op": "test", "path": "/h/0", "value": "v"}]
            """#))
        XCTAssertEqual(patch.operations, [
            .add(path: JSONPointer(tokens: ["a/b"]), value: ["x": [1]]),
            .remove(path: JSONPointer(tokens: ["c"])),
            .replace(path: .root, value: .number(JSONNumber(uncheckedText: "1.50"))),
            .move(from: JSONPointer(tokens: ["d"]), path: JSONPointer(tokens: ["e"])),
            .copy(from: JSONPointer(tokens: ["f"]), path: JSONPointer(tokens: ["g", "-"])),
            .test(path: JSONPointer(tokens: ["h", "0"]), value: "v"),
        ])
        XCTAssertEqual(patch.operations.map(\.name), ["add", "remove", "replace", "move", "copy", "test"])
        XCTAssertEqual(patch.operations.map(\.path.description), ["/a~1b", "/c", "", "/e", "/g/-", "/h/0"])
    }

    func testEmptyPatch() throws {
        let patch = try JSONPatch(parsing: [])
        XCTAssertTrue(patch.isEmpty)
        XCTAssertFalse(JSONPatch([.remove(path: .root)]).isEmpty)
        XCTAssertEqual(JSONWriter.string(patch.json), "[]")
        XCTAssertEqual(try patch.apply(to: ["a": 1]), ["a": 1])
    }

    // MARK: - Wire form out

    func testOperationJSONKeyOrderAndEscaping() throws {
        let patch = JSONPatch([
            .add(path: JSONPointer(tokens: ["metadata", "labels", "example.com/owner"]), value: "a~b"),
            .remove(path: pointer("/spec/containers/0")),
            .replace(path: .root, value: [:]),
            .move(from: pointer("/a"), path: JSONPointer(tokens: ["b~c"])),
            .copy(from: pointer("/a/0"), path: pointer("/a/-")),
            .test(path: pointer("/n"), value: .number(JSONNumber(uncheckedText: "1e3"))),
        ])
        XCTAssertEqual(JSONWriter.string(patch.json), #"[{"op":"add","path":"/metadata/labels/example.com~1owner","value":"a~b"},"#
            + #"{"op":"remove","path":"/spec/containers/0"},"#
            + #"{"op":"replace","path":"","value":{}},"#
            + #"{"op":"move","from":"/a","path":"/b~0c"},"#
            + #"{"op":"copy","from":"/a/0","path":"/a/-"},"#
            + #"{"op":"test","path":"/n","value":1e3}]"#)
        XCTAssertEqual(try JSONPatch(parsing: patch.json), patch, "the wire form reads back as the same patch")
        XCTAssertEqual(try JSONPatch(parsing: try JSONReader.parse(JSONWriter.bytes(patch.json))), patch)
    }

    // MARK: - Helpers

    private func parse(_ text: String) throws -> JSON { try JSONReader.parse(text) }

    /// A pointer from literal test text; a typo in a test fails that test instead of throwing.
    private func pointer(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONPointer {
        do {
            return try JSONPointer(parsing: text)
        } catch {
            XCTFail("bad pointer in test: \(error)", file: file, line: line)
            return .root
        }
    }

    private func apply(_ patch: String, to document: String) throws -> JSON {
        try JSONPatch(parsing: try parse(patch)).apply(to: try parse(document))
    }

    private func applyError(_ patch: String, to document: String) throws -> JSONPatchError {
        try applyError(JSONPatch(parsing: try parse(patch)).operations, to: try parse(document))
    }

    private func applyError(_ operations: [JSONPatchOperation], to document: JSON) throws -> JSONPatchError {
        let result: JSON
        do throws(JSONPatchError) {
            result = try JSONPatch(operations).apply(to: document)
        } catch {
            return error
        }
        XCTFail("expected the patch to fail, got \(JSONWriter.string(result))")
        throw Unexpected()
    }

    private func parsePatchError(_ json: JSON) throws -> JSONPatchError {
        let patch: JSONPatch
        do throws(JSONPatchError) {
            patch = try JSONPatch(parsing: json)
        } catch {
            return error
        }
        XCTFail("expected the patch not to parse, got \(patch.operations)")
        throw Unexpected()
    }

    private struct Unexpected: Error {}
}
