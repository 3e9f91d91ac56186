import JSON
import XCTest

/// `applyingWrites` (replay's way of building the patched object) must give exactly what the general
/// `apply(to:)` gives, member order included, or nil where it does not handle the patch.
final class JSONPatchWritesTests: XCTestCase {
    private let text = #"{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"a"},{"name":"b","resources":{}}],"n":1}}"#

    private func pointer(_ text: String) -> JSONPointer { JSONPointer(tokens: text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)) }

    /// Writes of every shape the builder records, and some it never does.
    private var candidates: [JSONPatchOperation] {
        [
            .add(path: pointer("/metadata/labels/tenant"), value: "acme"),
            .add(path: pointer("/metadata/annotations"), value: ["a": "1"]),
            .add(path: pointer("/metadata/annotations/b"), value: "2"),
            .replace(path: pointer("/metadata/labels"), value: ["x": "y"]),
            .replace(path: pointer("/metadata/name"), value: "api"),
            .add(path: pointer("/spec/containers/1/resources/limits"), value: ["cpu": "1"]),
            .replace(path: pointer("/spec/containers/0"), value: ["name": "z"]),
            .add(path: pointer("/spec/containers/0/image"), value: "i"),
            .add(path: pointer("/spec/nodeSelector"), value: ["pool": "t"]),
            .replace(path: pointer("/spec/missing"), value: 1),
            .add(path: pointer("/spec/n/x"), value: 1),
            .replace(path: pointer("/spec/containers/2"), value: 1),
        ]
    }

    func testEverySequenceOfUpToThreeWritesMatchesTheGeneralApply() throws {
        let candidates = candidates
        for document in [try JSONReader.parse(text), Fixtures.builtOfMembers(try JSONReader.parse(text))] {
            var checked = 0
            // Patches that apply but are left to the general apply: only a write below a member
            // followed by one of the member (which the builder never records).
            var left = 0
            for a in candidates.indices {
                for b in candidates.indices {
                    for c in candidates.indices where (a + b + c) % 2 == 0 {
                        let patch = JSONPatch([candidates[a], candidates[b], candidates[c]])
                        let general = try? patch.apply(to: document)
                        let grouped = patch.applyingWrites(to: document)
                        if let grouped {
                            XCTAssertEqual(JSONWriter.string(grouped), general.map(JSONWriter.string), JSONWriter.string(patch.json))
                            checked += 1
                        } else if general != nil {
                            left += 1
                        }
                    }
                }
            }
            XCTAssertGreaterThan(checked, 200)
            XCTAssertLessThan(left, 40)
        }
    }

    func testWritesBelowAMemberWrittenBeforeGoToTheNewValue() throws {
        let patch = JSONPatch([
            .replace(path: pointer("/metadata/labels"), value: ["x": "y"]),
            .add(path: pointer("/metadata/labels/z"), value: "w"),
            .add(path: pointer("/metadata/labels/tenant"), value: "acme"),
        ])
        let patched = patch.applyingWrites(to: try JSONReader.parse(text))
        XCTAssertEqual(patched.map(JSONWriter.string), try JSONWriter.string(patch.apply(to: try JSONReader.parse(text))))
        XCTAssertEqual(patched?["metadata"]?["labels"], ["x": "y", "z": "w", "tenant": "acme"])
    }

    /// The other order is the general apply's: the write below must apply to what was there first.
    func testAWriteOfAMemberAfterWritesBelowItIsLeftToTheGeneralApply() throws {
        let patch = JSONPatch([
            .add(path: pointer("/metadata/annotations/b"), value: "2"),
            .add(path: pointer("/metadata/annotations"), value: ["a": "1"]),
        ])
        XCTAssertNil(patch.applyingWrites(to: try JSONReader.parse(text)))
        XCTAssertThrowsError(try patch.apply(to: try JSONReader.parse(text)), "there are no annotations to add b to")
    }

    func testWritesOfTheWholeDocument() throws {
        let patch = JSONPatch([.add(path: pointer("/a"), value: 1), .replace(path: .root, value: ["b": 2]), .add(path: pointer("/c"), value: 3)])
        XCTAssertEqual(patch.applyingWrites(to: try JSONReader.parse(text)).map(JSONWriter.string), #"{"b":2,"c":3}"#)
    }

    /// `applyingRecorded`: the grouped writes, else the general apply, else the document as it was.
    func testApplyingARecordedPatchFallsBackToTheGeneralApply() throws {
        let document = try JSONReader.parse(text)
        let insert = JSONPatch([.add(path: pointer("/spec/containers/0"), value: 1)])
        XCTAssertEqual(insert.applyingRecorded(to: document), try insert.apply(to: document))
        XCTAssertEqual(JSONPatch([.replace(path: pointer("/nothing"), value: 1)]).applyingRecorded(to: document), document)
        let label = JSONPatch([.add(path: pointer("/metadata/labels/tenant"), value: "acme")])
        XCTAssertEqual(label.applyingRecorded(to: document)["metadata"]?["labels"], ["app": "web", "tenant": "acme"])
    }

    func testPatchesItDoesNotHandle() throws {
        let document = try JSONReader.parse(text)
        XCTAssertNil(JSONPatch([.remove(path: pointer("/spec"))]).applyingWrites(to: document))
        XCTAssertNil(JSONPatch([.add(path: pointer("/spec/containers/0"), value: 1)]).applyingWrites(to: document),
                     "an add into an array inserts")
        XCTAssertNil(JSONPatch([.replace(path: pointer("/nothing"), value: 1)]).applyingWrites(to: document))
        let many = JSONPatch((0..<65).map { .add(path: pointer("/k\($0)"), value: 1) })
        XCTAssertNil(many.applyingWrites(to: document))
        XCTAssertEqual(JSONPatch([]).applyingWrites(to: document), document)
    }
}

/// An object from the tape with members changed keeps the rest in the tape (`JSONObjectChanges`);
/// every way of reading it must see what a materialized object would.
final class JSONObjectChangesTests: XCTestCase {
    private func changed() throws -> (changed: JSONObject, expected: String) {
        guard case .object(var object) = try JSONReader.parse(#"{"a":1,"b\u0020":{"c":2},"d":[3]}"#) else {
            throw XCTSkip("not an object")
        }
        object["b "] = "replaced"  // a key with an escape in the tape
        object["e"] = ["f": true]
        object["a"] = 0
        object["e"] = ["f": false]
        return (object, #"{"a":0,"b ":"replaced","d":[3],"e":{"f":false}}"#)
    }

    func testReadsSeeReplacedMembersInPlaceAndAddedOnesAfter() throws {
        let (object, expected) = try changed()
        XCTAssertEqual(JSONWriter.string(.object(object)), expected)
        XCTAssertEqual(object.keys, ["a", "b ", "d", "e"])
        XCTAssertEqual(object.count, 4)
        XCTAssertEqual(object.index(forKey: "d"), 2)
        XCTAssertEqual(object.index(forKey: "e"), 3)
        XCTAssertEqual(object.index(forKey: "b "), 1)
        XCTAssertNil(object.index(forKey: "z"))
        XCTAssertEqual(object["a"], 0)
        XCTAssertEqual(object["d"], [3])
        XCTAssertNil(object["z"])
        XCTAssertEqual(JSON.object(object), try JSONReader.parse(expected))
        var seen: [String] = []
        JSONView(.object(object)).forEachMember { key, value in
            seen.append(String(decoding: key, as: UTF8.self) + "=" + JSONWriter.string(value().value))
        }
        XCTAssertEqual(seen, ["a=0", "b =\"replaced\"", "d=[3]", "e={\"f\":false}"])
        XCTAssertEqual(JSONView(.object(object))["e"]?["f"]?.boolValue, false)
        XCTAssertEqual(JSONView(.object(object))["d"]?.element(at: 0)?.value, 3)
    }

    func testRemovingAndCopiesWork() throws {
        var (object, _) = try changed()
        let copy = object
        object["d"] = nil
        object["a"] = 5
        XCTAssertEqual(JSONWriter.string(.object(object)), #"{"a":5,"b ":"replaced","e":{"f":false}}"#)
        XCTAssertEqual(JSONWriter.string(.object(copy)), #"{"a":0,"b ":"replaced","d":[3],"e":{"f":false}}"#, "the copy keeps its own changes")
        var second = copy
        second["g"] = 1
        XCTAssertEqual(copy.count, 4, "changing a copy does not change the object it came from")
        XCTAssertEqual(second.count, 5)
    }
}
