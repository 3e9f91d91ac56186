import JSON
import XCTest

/// Pointer lookups into a parsed document walk its tape instead of building each level; they must
/// answer exactly as the same lookups on the same document built in memory do.
final class JSONTapeWalkTests: XCTestCase {
    private static let built: JSON = [
        "metadata": ["name": "web", "labels": nil, "a/b": ["~c": 1], "esc\"aped": "yes", "": "empty key"],
        "spec": [
            "containers": [["name": "app", "args": ["-v", "--x=1"]], ["name": "sidecar", "ports": [[:], ["port": 80]]]],
            "replicas": 3,
            "flags": [true, false, nil],
        ],
    ]

    private static let pointers: [[String]] = [
        [],
        ["metadata"], ["metadata", "name"], ["metadata", "labels"], ["metadata", "labels", "x"],
        ["metadata", "a/b", "~c"], ["metadata", "esc\"aped"], ["metadata", ""], ["metadata", "missing"],
        ["metadata", "name", "x"], ["spec", "replicas", "0"],
        ["spec", "containers", "0", "args", "1"], ["spec", "containers", "1", "ports", "1", "port"],
        ["spec", "containers", "1", "ports", "0"], ["spec", "containers", "1", "ports", "0", "x"],
        ["spec", "containers", "2"], ["spec", "containers", "-"], ["spec", "containers", "01"],
        ["spec", "containers", "name"], ["spec", "containers", "99999999999999999999999"],
        ["spec", "flags", "2"], ["spec", "flags", "2", "x"], ["spec", "flags", "3"],
    ]

    func testLookupsInAParsedDocumentMatchTheBuiltOne() throws {
        let parsed = try JSONReader.parse(JSONWriter.string(Self.built))
        for tokens in Self.pointers {
            let pointer = JSONPointer(tokens: tokens)
            XCTAssertEqual(parsed.value(at: pointer), Self.built.value(at: pointer), "\(pointer)")
        }
        XCTAssertEqual(parsed.value(at: JSONPointer(tokens: ["spec", "containers", "1", "ports", "1", "port"])), 80)
        XCTAssertNil(parsed.value(at: JSONPointer(tokens: ["spec", "containers", "2"])))
    }

    /// After a change, part of the path is materialized and the rest still in the tape.
    func testLookupsThroughAChangedLevelIntoTheTape() throws {
        var parsed = try JSONReader.parse(JSONWriter.string(Self.built))
        var built = Self.built
        var builder = JSONPatchBuilder(document: parsed)
        XCTAssertTrue(builder.set("v2", at: JSONPointer(tokens: ["spec", "version"])))
        parsed = builder.document
        built = try JSONPatch(builder.operations).apply(to: built)
        for tokens in Self.pointers + [["spec", "version"]] {
            let pointer = JSONPointer(tokens: tokens)
            XCTAssertEqual(parsed.value(at: pointer), built.value(at: pointer), "\(pointer)")
        }
    }

    /// The builder decides between add, replace, nothing and "cannot" by the same walk.
    func testTheBuilderAgreesOnParsedAndBuiltDocuments() throws {
        let parsed = try JSONReader.parse(JSONWriter.string(Self.built))
        for tokens in Self.pointers + [["metadata", "labels2", "x", "y"], ["spec", "containers", "0", "image"]] {
            let pointer = JSONPointer(tokens: tokens)
            var fromParsed = JSONPatchBuilder(document: parsed)
            var fromBuilt = JSONPatchBuilder(document: Self.built)
            XCTAssertEqual(fromParsed.set("v", at: pointer), fromBuilt.set("v", at: pointer), "\(pointer)")
            XCTAssertEqual(fromParsed.operations, fromBuilt.operations, "\(pointer)")
            var absentParsed = JSONPatchBuilder(document: parsed)
            var absentBuilt = JSONPatchBuilder(document: Self.built)
            XCTAssertEqual(absentParsed.setIfAbsent("v", at: pointer), absentBuilt.setIfAbsent("v", at: pointer), "\(pointer)")
            XCTAssertEqual(absentParsed.operations, absentBuilt.operations, "\(pointer)")
        }
        var builder = JSONPatchBuilder(document: parsed)
        XCTAssertTrue(builder.set("a", at: JSONPointer(tokens: ["metadata", "labels2", "x", "y"])))
        XCTAssertEqual(builder.operations, [.add(path: JSONPointer(tokens: ["metadata", "labels2"]), value: ["x": ["y": "a"]])])
    }
}
