import JSON
import XCTest

/// The builder writes each operation's wire text as it records it, and builds the operations from that
/// text only when asked: the text must be exactly what writing the operations as values gives, and the
/// operations read back must be the ones recorded.
final class RecordedPatchTests: XCTestCase {
    private let labels = JSONPointer(tokens: ["metadata", "labels"])
    private let resources = JSONPointer(tokens: ["spec", "containers", "0", "resources"])

    /// The recorded text against the operations written as values, and the operations against `expected`.
    private func assertRecorded(
        _ builder: JSONPatchBuilder, _ expected: [JSONPatchOperation], file: StaticString = #filePath, line: UInt = #line
    ) {
        let recorded = String(decoding: JSONPatchWriter.bytes(builder.patch), as: UTF8.self)
        let asValues = JSONWriter.string(JSONPatch(builder.operations).json)
        XCTAssertEqual(recorded, asValues, "the recorded text", file: file, line: line)
        XCTAssertEqual(builder.operations, expected, file: file, line: line)
        XCTAssertEqual(builder.operationCount, expected.count, file: file, line: line)
        XCTAssertEqual(builder.patch.count, expected.count, file: file, line: line)
        XCTAssertEqual(builder.patch, JSONPatch(expected), "a recorded patch equals one of the same operations", file: file, line: line)
    }

    private func writeResources(_ out: inout JSONOutput) {
        out.append(ascii: #"{"requests":{"cpu":"100m"},"limits":{"cpu":"500m","memory":"1Gi"}}"#)
    }

    private let resourcesValue: JSON = ["requests": ["cpu": "100m"], "limits": ["cpu": "500m", "memory": "1Gi"]]

    func testSetWhereAbsentOrNullAddsWhereMissing() throws {
        for document: JSON in [try JSONReader.parse(#"{"spec":{"containers":[{"name":"a"}]}}"#), ["spec": ["containers": [["name": "a"]]]]] {
            var builder = JSONPatchBuilder(document: document)
            XCTAssertTrue(builder.setWhereAbsentOrNull(at: resources, writing: writeResources))
            assertRecorded(builder, [.add(path: resources, value: resourcesValue)])
            XCTAssertEqual(builder.view(at: resources.appending("limits"))?.value, ["cpu": "500m", "memory": "1Gi"], "read back from the text")
            XCTAssertEqual(builder.document["spec"]?["containers"]?[0]?["resources"], resourcesValue)
            // Idempotent: now something is there.
            XCTAssertTrue(builder.setWhereAbsentOrNull(at: resources, writing: writeResources))
            XCTAssertEqual(builder.operationCount, 1)
        }
    }

    func testSetWhereAbsentOrNullReplacesNullAndCreatesMissingParents() throws {
        var builder = JSONPatchBuilder(document: try JSONReader.parse(#"{"spec":{"containers":[{"name":"a","resources":null}]}}"#))
        XCTAssertTrue(builder.setWhereAbsentOrNull(at: resources, writing: writeResources))
        assertRecorded(builder, [.replace(path: resources, value: resourcesValue)])

        var nested = JSONPatchBuilder(document: ["spec": [:]])
        let deep = JSONPointer(tokens: ["spec", "a/b", "c~d", "resources"])
        XCTAssertTrue(nested.setWhereAbsentOrNull(at: deep, writing: writeResources))
        assertRecorded(nested, [.add(path: JSONPointer(tokens: ["spec", "a/b"]), value: ["c~d": ["resources": resourcesValue]])])
        XCTAssertEqual(String(decoding: JSONPatchWriter.bytes(nested.patch), as: UTF8.self),
                       #"[{"op":"add","path":"/spec/a~1b","value":{"c~d":{"resources":"#
                       + #"{"requests":{"cpu":"100m"},"limits":{"cpu":"500m","memory":"1Gi"}}}}}]"#)
    }

    func testSetWhereAbsentOrNullLeavesOtherValuesAndUnreachablePaths() throws {
        var builder = JSONPatchBuilder(document: try JSONReader.parse(#"{"spec":{"containers":[{"resources":{}}],"n":1}}"#))
        XCTAssertTrue(builder.setWhereAbsentOrNull(at: resources, writing: writeResources), "an empty map is something")
        XCTAssertFalse(builder.setWhereAbsentOrNull(at: JSONPointer(tokens: ["spec", "containers", "1", "resources"]), writing: writeResources))
        XCTAssertFalse(builder.setWhereAbsentOrNull(at: JSONPointer(tokens: ["spec", "n", "x"]), writing: writeResources))
        assertRecorded(builder, [])
        XCTAssertEqual(JSONPatchWriter.bytes(builder.patch), Array("[]".utf8))
    }

    func testAddMissingStringsWritesOneMapOrTheMissingKeys() throws {
        let keys = ["tier", "team", "tier", "example.com/owner"]
        let values = ["gold", "a", "silver", "x\"y"]
        var builder = JSONPatchBuilder(document: try JSONReader.parse(#"{"metadata":{"name":"web"}}"#))
        builder.addMissingStrings(count: keys.count, key: { keys[$0] }, value: { values[$0] }, toObjectAt: labels)
        assertRecorded(builder, [.add(path: labels, value: ["tier": "gold", "team": "a", "example.com/owner": "x\"y"])])
        // The map written is read back for the next call, which finds every key there.
        builder.addMissingStrings(count: keys.count, key: { keys[$0] }, value: { values[$0] }, toObjectAt: labels)
        XCTAssertEqual(builder.operationCount, 1)
        builder.addMissingStrings(count: 1, key: { _ in "new" }, value: { _ in "1" }, toObjectAt: labels)
        assertRecorded(builder, [
            .add(path: labels, value: ["tier": "gold", "team": "a", "example.com/owner": "x\"y"]),
            .add(path: labels.appending("new"), value: "1"),
        ])
        XCTAssertEqual(builder.document["metadata"]?["labels"]?["new"], "1")
    }

    func testAddMissingStringsIntoAnExistingMapAndNoMap() throws {
        var builder = JSONPatchBuilder(document: ["metadata": ["labels": ["app": "web"]], "spec": "x"])
        builder.addMissingStrings(count: 3, key: { ["app", "tenant", "tenant"][$0] }, value: { ["b", "acme", "other"][$0] }, toObjectAt: labels)
        builder.addMissingStrings(count: 1, key: { _ in "a" }, value: { _ in "b" }, toObjectAt: JSONPointer(tokens: ["spec", "nodeSelector"]))
        builder.addMissingStrings(count: 0, key: { _ in "a" }, value: { _ in "b" }, toObjectAt: JSONPointer(tokens: ["metadata", "annotations"]))
        assertRecorded(builder, [.add(path: labels.appending("tenant"), value: "acme")])
    }

    func testARecordedPatchBecomesOperationsWhenChanged() throws {
        var builder = JSONPatchBuilder(document: ["metadata": [:]])
        builder.set("acme", at: labels.appending("tenant"))
        var patch = builder.patch
        XCTAssertFalse(patch.isEmpty)
        patch.operations.append(.remove(path: labels))
        XCTAssertEqual(patch.operations, [.add(path: labels, value: ["tenant": "acme"]), .remove(path: labels)])
        XCTAssertEqual(String(decoding: JSONPatchWriter.bytes(patch), as: UTF8.self), JSONWriter.string(patch.json))
        XCTAssertNotEqual(patch, builder.patch)
        XCTAssertTrue(JSONPatchBuilder(document: [:]).patch.isEmpty)
    }

    func testAppliedAsTheAPIServerWould() throws {
        let text = #"{"metadata":{"labels":null},"spec":{"containers":[{"name":"a"},{"name":"b","resources":{"limits":{}}}]}}"#
        let document = try JSONReader.parse(text)
        var builder = JSONPatchBuilder(document: document)
        builder.addMissingStrings(count: 1, key: { _ in "tenant" }, value: { _ in "acme" }, toObjectAt: labels)
        builder.setWhereAbsentOrNull(at: resources, writing: writeResources)
        builder.addMissingStrings(
            count: 1, key: { _ in "cpu" }, value: { _ in "1" },
            toObjectAt: JSONPointer(tokens: ["spec", "containers", "1", "resources", "limits"]))
        let wire = try JSONPatch(parsing: try JSONReader.parse(JSONPatchWriter.bytes(builder.patch)))
        XCTAssertEqual(try wire.apply(to: document), builder.document)
        XCTAssertEqual(builder.patch.applyingWrites(to: document), builder.document)
        XCTAssertEqual(builder.document["spec"]?["containers"]?[1]?["resources"], ["limits": ["cpu": "1"]])
    }

    func testAPlaceInTheOriginalIsTakenUnlessAWriteTouchesThePath() throws {
        let document = try JSONReader.parse(#"{"metadata":{"name":"web"},"spec":{"nodeSelector":{"a":"1"}}}"#)
        let selector = JSONPointer(tokens: ["spec", "nodeSelector"])
        let found = try XCTUnwrap(JSONView(document)["spec"]?["nodeSelector"])
        var builder = JSONPatchBuilder(document: document)
        builder.addMissingStrings(count: 2, key: { ["a", "b"][$0] }, value: { ["2", "2"][$0] }, toObjectAt: selector, inOriginal: .value(found))
        assertRecorded(builder, [.add(path: selector.appending("b"), value: "2")])
        // A write at the path since: the place in the original no longer tells what is there.
        builder.set(["c": "3"], at: selector)
        builder.addMissingStrings(count: 2, key: { ["c", "d"][$0] }, value: { ["4", "4"][$0] }, toObjectAt: selector, inOriginal: .value(found))
        // A write above it: the labels map the place says is missing was written with `metadata`.
        var above = JSONPatchBuilder(document: ["kind": "Pod"])
        above.set(["labels": ["x": "1"]], at: JSONPointer(tokens: ["metadata"]))
        above.addMissingStrings(count: 1, key: { _ in "y" }, value: { _ in "2" }, toObjectAt: labels, inOriginal: .missingMember)
        assertRecorded(above, [
            .add(path: JSONPointer(tokens: ["metadata"]), value: ["labels": ["x": "1"]]),
            .add(path: labels.appending("y"), value: "2"),
        ])
        // A write below it: the resources the place says are missing were written into since.
        var below = JSONPatchBuilder(document: try JSONReader.parse(#"{"spec":{"containers":[{"name":"a"}]}}"#))
        below.set("1", at: resources.appending("x"))
        below.setWhereAbsentOrNull(at: resources, inOriginal: .missingMember, writing: writeResources)
        assertRecorded(below, [.add(path: resources, value: ["x": "1"])])
        XCTAssertEqual(builder.operations, [
            .add(path: selector.appending("b"), value: "2"),
            .replace(path: selector, value: ["c": "3"]),
            .add(path: selector.appending("d"), value: "4"),
        ])
    }
}
