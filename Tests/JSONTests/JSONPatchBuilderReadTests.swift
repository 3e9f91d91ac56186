import JSON
import XCTest

/// The builder keeps no patched document: reads and writes look at the recorded operations and then at
/// the original. These check that they answer exactly as the patched document would.
final class JSONPatchBuilderReadTests: XCTestCase {
    private let labels = JSONPointer(tokens: ["metadata", "labels"])
    private let annotations = JSONPointer(tokens: ["metadata", "annotations"])

    /// Both forms a document comes in: built from values, and parsed (kept in the reader's tape).
    private func forms(_ text: String) throws -> [JSON] {
        let parsed = try JSONReader.parse(text)
        return [parsed, rebuilt(parsed)]
    }

    /// `value` with every object made of owned members, none left in the tape.
    private func rebuilt(_ value: JSON) -> JSON {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { JSONObject.Member(key: $0.key, value: rebuilt($0.value)) }))
        case .array(let elements):
            return .array(elements.map(rebuilt))
        default:
            return value
        }
    }

    func testViewSeesTheOriginalThenEachWriteAtOrAboveThePath() throws {
        for document in try forms(#"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"},{"name":"b"}]}}"#) {
            var builder = JSONPatchBuilder(document: document)
            XCTAssertEqual(builder.view(at: JSONPointer(tokens: ["spec", "containers", "1", "name"]))?.value, "b")
            XCTAssertNil(builder.view(at: JSONPointer(tokens: ["spec", "containers", "2"])))
            XCTAssertNil(builder.view(at: labels))
            builder.set(["tenant": "acme"], at: labels)
            XCTAssertEqual(builder.view(at: labels)?.value, ["tenant": "acme"], "the write itself")
            XCTAssertEqual(builder.view(at: labels.appending("tenant"))?.value, "acme", "inside the write")
            builder.set("x", at: JSONPointer(tokens: ["spec", "containers", "0", "image"]))
            // A write below the path read: the view is of the value with it applied.
            XCTAssertEqual(builder.view(at: JSONPointer(tokens: ["spec", "containers", "0"]))?.value, ["name": "a", "image": "x"])
            XCTAssertEqual(builder.view(at: JSONPointer(tokens: ["metadata"]))?.value, ["name": "web", "labels": ["tenant": "acme"]])
            XCTAssertEqual(try builder.patch.apply(to: document), builder.document)
        }
    }

    func testALaterWriteAboveAnEarlierOneDecides() throws {
        var builder = JSONPatchBuilder(document: ["metadata": ["labels": ["a": "1"]]])
        builder.set("2", at: labels.appending("b"))
        builder.set(["c": "3"], at: labels)
        XCTAssertEqual(builder.view(at: labels)?.value, ["c": "3"])
        XCTAssertNil(builder.view(at: labels.appending("b")), "replaced along with its map")
        XCTAssertEqual(builder.document, ["metadata": ["labels": ["c": "3"]]])
    }

    func testAddMissingMembersWritesAWholeMapOnceWhenThereIsNone() throws {
        for document in try forms(#"{"metadata":{"name":"web"}}"#) {
            var builder = JSONPatchBuilder(document: document)
            builder.addMissingMembers([("tier", "gold"), ("team", "a"), ("tier", "silver")], toObjectAt: labels)
            XCTAssertEqual(JSONWriter.string(builder.patch.json),
                           #"[{"op":"add","path":"/metadata/labels","value":{"tier":"gold","team":"a"}}]"#,
                           "one add, the first of a repeated key winning")
        }
    }

    func testAddMissingMembersReplacesNullAndLeavesOtherTypesAlone() throws {
        var builder = JSONPatchBuilder(document: try JSONReader.parse(#"{"metadata":{"labels":null,"annotations":"x"}}"#))
        builder.addMissingMembers([("tier", "gold")], toObjectAt: labels)
        builder.addMissingMembers([("tier", "gold")], toObjectAt: annotations)
        builder.addMissingMembers([("tier", "gold")], toObjectAt: JSONPointer(tokens: ["metadata", "annotations", "deeper"]))
        XCTAssertEqual(JSONWriter.string(builder.patch.json), #"[{"op":"replace","path":"/metadata/labels","value":{"tier":"gold"}}]"#)
    }

    func testAddMissingMembersAddsOnlyKeysTheMapLacks() throws {
        for document in try forms(#"{"metadata":{"labels":{"tier":"bronze"}}}"#) {
            var builder = JSONPatchBuilder(document: document)
            builder.addMissingMembers([("tier", "gold"), ("team", "a"), ("team", "b")], toObjectAt: labels)
            XCTAssertEqual(JSONWriter.string(builder.patch.json), #"[{"op":"add","path":"/metadata/labels/team","value":"a"}]"#)
            // Keys added by earlier operations count as there, as do the original's.
            builder.addMissingMembers([("team", "c"), ("tier", "d"), ("owner", "e")], toObjectAt: labels)
            XCTAssertEqual(builder.operations.count, 2)
            XCTAssertEqual(builder.document, ["metadata": ["labels": ["tier": "bronze", "team": "a", "owner": "e"]]])
        }
    }

    /// Two maps under a parent the first call had to create: the second must add beside the first map,
    /// not create the parent again (which would drop the first).
    func testAddMissingMembersUnderAParentAnEarlierCallCreated() throws {
        for document in try forms(#"{"kind":"Namespace"}"#) {
            var builder = JSONPatchBuilder(document: document)
            builder.addMissingMembers([("tenant", "acme")], toObjectAt: labels)
            builder.addMissingMembers([("tier", "gold")], toObjectAt: labels)
            builder.addMissingMembers([("owner", "a")], toObjectAt: annotations)
            XCTAssertEqual(JSONWriter.string(builder.patch.json), #"[{"op":"add","path":"/metadata","value":{"labels":{"tenant":"acme"}}},"#
                           + #"{"op":"add","path":"/metadata/labels/tier","value":"gold"},"#
                           + #"{"op":"add","path":"/metadata/annotations","value":{"owner":"a"}}]"#)
            XCTAssertEqual(builder.document, ["kind": "Namespace", "metadata": ["labels": ["tenant": "acme", "tier": "gold"], "annotations": ["owner": "a"]]])
            var again = JSONPatchBuilder(document: builder.document)
            again.addMissingMembers([("tenant", "acme")], toObjectAt: labels)
            again.addMissingMembers([("tier", "gold")], toObjectAt: labels)
            again.addMissingMembers([("owner", "a")], toObjectAt: annotations)
            XCTAssertTrue(again.operations.isEmpty, "idempotent")
        }
    }

    func testAddMissingMembersWithNothingToAddRecordsNothing() throws {
        var builder = JSONPatchBuilder(document: ["kind": "Pod"])
        builder.addMissingMembers([], toObjectAt: labels)
        XCTAssertTrue(builder.operations.isEmpty)
    }

    /// Keys compare by their bytes: a differently normalized key is another member, as in the API server.
    func testKeysCompareByBytes() throws {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        let map = JSON.object(JSONObject([JSONObject.Member(key: composed, value: "1")]))
        var builder = JSONPatchBuilder(document: ["metadata": ["labels": map]])
        builder.addMissingMembers([(decomposed, "2")], toObjectAt: labels)
        XCTAssertEqual(builder.operations, [.add(path: labels.appending(decomposed), value: "2")])
        XCTAssertFalse(JSONPointer(tokens: [composed]).isPrefix(of: JSONPointer(tokens: [decomposed, "x"])))
        XCTAssertTrue(JSONPointer(tokens: [composed]).isPrefix(of: JSONPointer(tokens: [composed, "x"])))
    }
}

/// `JSONView.element(at:)`, which the builder's reads walk arrays with.
final class JSONViewElementTests: XCTestCase {
    func testElementsInTheTapeAndInValues() throws {
        let parsed = try JSONReader.parse(#"[{"a":[1,2]},"x",[3],null]"#)
        for document in [parsed, JSON.array(parsed.arrayValue ?? [])] {
            let view = JSONView(document)
            XCTAssertEqual(view.element(at: 0)?["a"]?.element(at: 1)?.value, 2, "steps over a nested subtree")
            XCTAssertEqual(view.element(at: 1)?.value, "x")
            XCTAssertEqual(view.element(at: 2)?.element(at: 0)?.value, 3)
            XCTAssertEqual(view.element(at: 3)?.isNull, true)
            XCTAssertNil(view.element(at: 4), "past the end")
            XCTAssertNil(view.element(at: -1))
            XCTAssertNil(view.element(at: 1)?.element(at: 0), "a string has no elements")
        }
        XCTAssertNil(JSONView(["k": "v"]).element(at: 0), "an object has no elements")
    }
}
