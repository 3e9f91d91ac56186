import JSON
import XCTest

/// The builder mutations use: minimal, idempotent patches that really produce `builder.document`.
final class JSONPatchBuilderTests: XCTestCase {
    private let labelPath = JSONPointer(tokens: ["metadata", "labels", "tenant"])

    func testMissingParentObjectsAreCreatedByOneAddAtTheDeepestExistingAncestor() throws {
        var builder = JSONPatchBuilder(document: try JSONReader.parse(#"{"metadata":{}}"#))
        XCTAssertTrue(builder.set("acme", at: labelPath))
        XCTAssertEqual(builder.operations, [.add(path: JSONPointer(tokens: ["metadata", "labels"]), value: ["tenant": "acme"])])
        XCTAssertEqual(JSONWriter.string(builder.patch.json), #"[{"op":"add","path":"/metadata/labels","value":{"tenant":"acme"}}]"#)
        XCTAssertEqual(JSONWriter.string(builder.document), #"{"metadata":{"labels":{"tenant":"acme"}}}"#)
    }

    /// After the first change the root and `metadata` are changed objects while `spec` is still in
    /// the tape: lookups walk from the changed levels into the tape and must answer as before.
    func testPathsThroughChangedLevelsIntoUnchangedMembers() throws {
        let text = #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"c","resources":{}}],"n":1}}"#
        var builder = JSONPatchBuilder(document: try JSONReader.parse(text))
        XCTAssertTrue(builder.set("acme", at: labelPath))
        let name = JSONPointer(tokens: ["spec", "containers", "0", "name"])
        XCTAssertEqual(builder.document.value(at: name), "c")
        XCTAssertNil(builder.document.value(at: JSONPointer(tokens: ["spec", "containers", "1"])))
        XCTAssertNil(builder.document.value(at: JSONPointer(tokens: ["spec", "n", "x"])))
        XCTAssertTrue(builder.set("c", at: name), "an equal value is already there")
        XCTAssertFalse(builder.setIfAbsent("x", at: JSONPointer(tokens: ["spec", "containers", "1", "name"])))
        XCTAssertFalse(builder.set("x", at: JSONPointer(tokens: ["spec", "n", "x"])), "a number holds no member")
        XCTAssertTrue(builder.set("1", at: JSONPointer(tokens: ["spec", "containers", "0", "resources", "limits", "cpu"])))
        XCTAssertTrue(builder.setIfAbsent("d", at: JSONPointer(tokens: ["spec", "containers", "0", "image"])))
        XCTAssertEqual(builder.operations, [
            .add(path: JSONPointer(tokens: ["metadata", "labels"]), value: ["tenant": "acme"]),
            .add(path: JSONPointer(tokens: ["spec", "containers", "0", "resources", "limits"]), value: ["cpu": "1"]),
            .add(path: JSONPointer(tokens: ["spec", "containers", "0", "image"]), value: "d"),
        ])
        XCTAssertEqual(try builder.patch.apply(to: try JSONReader.parse(text)), builder.document)
    }

    func testSeveralLevelsMissing() throws {
        var builder = JSONPatchBuilder(document: ["kind": "Pod"])
        builder.set("acme", at: JSONPointer(tokens: ["metadata", "annotations", "tenantry.io/tenant"]))
        XCTAssertEqual(JSONWriter.string(builder.patch.json),
                       #"[{"op":"add","path":"/metadata","value":{"annotations":{"tenantry.io/tenant":"acme"}}}]"#)
        XCTAssertEqual(builder.document, ["kind": "Pod", "metadata": ["annotations": ["tenantry.io/tenant": "acme"]]])
    }

    func testAddingToAnExistingMap() throws {
        var builder = JSONPatchBuilder(document: ["metadata": ["labels": ["app": "web"]]])
        builder.set("acme", at: labelPath)
        XCTAssertEqual(builder.operations, [.add(path: labelPath, value: "acme")])
        XCTAssertEqual(builder.document["metadata"]?["labels"]?.objectValue?.keys, ["app", "tenant"])
    }

    func testKeysWithSlashAndTildeAreEscapedInThePatch() throws {
        var builder = JSONPatchBuilder(document: ["metadata": ["annotations": [:]]])
        builder.set("team-a", at: JSONPointer(tokens: ["metadata", "annotations", "example.com/owner"]))
        builder.set("x", at: JSONPointer(tokens: ["metadata", "annotations", "odd~key/with~1"]))
        XCTAssertEqual(JSONWriter.string(builder.patch.json),
                       #"[{"op":"add","path":"/metadata/annotations/example.com~1owner","value":"team-a"},"#
                       + #"{"op":"add","path":"/metadata/annotations/odd~0key~1with~01","value":"x"}]"#)
        XCTAssertEqual(builder.document["metadata"]?["annotations"], ["example.com/owner": "team-a", "odd~key/with~1": "x"])
        // The same escaping inside a created parent: the nested object's keys are plain, the path escaped.
        var nested = JSONPatchBuilder(document: ["metadata": [:]])
        nested.set("v", at: JSONPointer(tokens: ["metadata", "a/b", "c~d"]))
        XCTAssertEqual(JSONWriter.string(nested.patch.json), #"[{"op":"add","path":"/metadata/a~1b","value":{"c~d":"v"}}]"#)
    }

    func testEqualValueRecordsNothingDifferentValueRecordsReplace() throws {
        var builder = JSONPatchBuilder(document: ["metadata": ["labels": ["tenant": "acme"]], "spec": ["replicas": 3]])
        XCTAssertTrue(builder.set("acme", at: labelPath))
        XCTAssertTrue(builder.set(.number(JSONNumber(uncheckedText: "3.0")), at: JSONPointer(tokens: ["spec", "replicas"])),
                      "numerically equal")
        XCTAssertEqual(builder.operations, [])
        XCTAssertTrue(builder.set("globex", at: labelPath))
        XCTAssertEqual(builder.operations, [.replace(path: labelPath, value: "globex")])
        XCTAssertEqual(builder.document["metadata"]?["labels"]?["tenant"], "globex")
    }

    func testObjectValuesCompareWithoutMemberOrder() throws {
        var builder = JSONPatchBuilder(document: ["spec": ["nodeSelector": ["zone": "a", "pool": "acme"]]])
        builder.set(["pool": "acme", "zone": "a"], at: JSONPointer(tokens: ["spec", "nodeSelector"]))
        XCTAssertTrue(builder.patch.isEmpty)
    }

    func testSetIfAbsentNeverChangesAnExistingMember() throws {
        var builder = JSONPatchBuilder(document: ["metadata": ["labels": ["tenant": "user-chosen"], "name": nil]])
        XCTAssertTrue(builder.setIfAbsent("acme", at: labelPath))
        XCTAssertTrue(builder.setIfAbsent("generated", at: JSONPointer(tokens: ["metadata", "name"])), "null is a value")
        XCTAssertEqual(builder.operations, [])
        XCTAssertTrue(builder.setIfAbsent("default", at: JSONPointer(tokens: ["metadata", "labels", "tier"])))
        XCTAssertTrue(builder.setIfAbsent("default", at: JSONPointer(tokens: ["metadata", "annotations", "a"])))
        XCTAssertEqual(builder.operations, [
            .add(path: JSONPointer(tokens: ["metadata", "labels", "tier"]), value: "default"),
            .add(path: JSONPointer(tokens: ["metadata", "annotations"]), value: ["a": "default"]),
        ])
        XCTAssertTrue(builder.setIfAbsent("later", at: JSONPointer(tokens: ["metadata", "labels", "tier"])))
        XCTAssertEqual(builder.operations.count, 2, "the first default stays")
        XCTAssertEqual(builder.document["metadata"]?["labels"]?["tier"], "default")
    }

    func testUnreachablePathsRecordNothing() throws {
        let document: JSON = [
            "metadata": ["name": "web", "labels": nil],
            "spec": ["containers": [["name": "app"]]],
        ]
        var builder = JSONPatchBuilder(document: document)
        let unreachable: [[String]] = [
            ["metadata", "name", "x"],  // a string where an object is needed
            ["metadata", "labels", "tenant"],  // null is not an object
            ["spec", "containers", "1", "image"],  // past the end
            ["spec", "containers", "-", "image"],  // "-" is never an existing element
            ["spec", "containers", "01", "image"],  // not a canonical index
            ["spec", "containers", "name"],  // an array needs an index
            ["spec", "containers", "1"],  // appending is not setting
        ]
        for tokens in unreachable {
            XCTAssertFalse(builder.set("v", at: JSONPointer(tokens: tokens)), "\(tokens)")
            XCTAssertFalse(builder.setIfAbsent("v", at: JSONPointer(tokens: tokens)), "\(tokens)")
        }
        XCTAssertEqual(builder.operations, [])
        XCTAssertEqual(builder.document, document)
    }

    func testPathsThroughArrayElements() throws {
        var builder = JSONPatchBuilder(document: ["spec": ["containers": [["name": "app", "image": "nginx"]]]])
        XCTAssertTrue(builder.set("nginx:1.27", at: JSONPointer(tokens: ["spec", "containers", "0", "image"])))
        XCTAssertTrue(builder.setIfAbsent(
            ["runAsNonRoot": true], at: JSONPointer(tokens: ["spec", "containers", "0", "securityContext"])))
        XCTAssertEqual(JSONWriter.string(builder.patch.json),
                       #"[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.27"},"#
                       + #"{"op":"add","path":"/spec/containers/0/securityContext","value":{"runAsNonRoot":true}}]"#)
    }

    func testSettingTheRoot() throws {
        var builder = JSONPatchBuilder(document: ["a": 1])
        XCTAssertTrue(builder.set(["a": 1], at: .root))
        XCTAssertTrue(builder.setIfAbsent(["b": 2], at: .root))
        XCTAssertEqual(builder.operations, [])
        XCTAssertTrue(builder.set(["b": 2], at: .root))
        XCTAssertEqual(builder.operations, [.replace(path: .root, value: ["b": 2])])
        XCTAssertEqual(builder.document, ["b": 2])
    }

    func testLaterCallsSeeEarlierOnes() throws {
        var builder = JSONPatchBuilder(document: ["metadata": [:]])
        builder.set("acme", at: labelPath)
        builder.set("web", at: JSONPointer(tokens: ["metadata", "labels", "app"]))
        builder.set("globex", at: labelPath)
        XCTAssertEqual(builder.operations, [
            .add(path: JSONPointer(tokens: ["metadata", "labels"]), value: ["tenant": "acme"]),
            .add(path: JSONPointer(tokens: ["metadata", "labels", "app"]), value: "web"),
            .replace(path: labelPath, value: "globex"),
        ])
    }

    /// The patch is what the API server applies; it must produce exactly the builder's document, and
    /// running the same mutations over that result must ask for nothing more.
    func testPatchReproducesTheDocumentAndASecondPassIsEmpty() throws {
        let original = try JSONReader.parse(#"""
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"web","namespace":"acme-prod","labels":{"app":"web","tenant":"wrong"}},
             "spec":{"containers":[{"name":"app","image":"nginx"}],"nodeSelector":null}}
            """#)
        func mutate(_ builder: inout JSONPatchBuilder) {
            builder.set("acme", at: JSONPointer(tokens: ["metadata", "labels", "tenant"]))
            builder.set("acme", at: JSONPointer(tokens: ["metadata", "annotations", "tenantry.io/tenant"]))
            builder.set("team-a", at: JSONPointer(tokens: ["metadata", "annotations", "example.com/owner"]))
            builder.setIfAbsent("restricted", at: JSONPointer(tokens: ["metadata", "labels", "pod-security"]))
            builder.setIfAbsent("web", at: JSONPointer(tokens: ["metadata", "labels", "app"]))
            builder.set(false, at: JSONPointer(tokens: ["spec", "automountServiceAccountToken"]))
            builder.set(
                ["runAsNonRoot": true], at: JSONPointer(tokens: ["spec", "containers", "0", "securityContext"]))
            builder.set("acme-pool", at: JSONPointer(tokens: ["spec", "nodeSelector", "pool"]))  // null: refused
        }
        var first = JSONPatchBuilder(document: original)
        mutate(&first)
        XCTAssertEqual(first.operations.count, 6)
        let patched = try first.patch.apply(to: original)
        XCTAssertEqual(patched, first.document)
        XCTAssertEqual(JSONWriter.string(patched), JSONWriter.string(first.document), "same member order too")

        // The wire form, as the API server would receive it, gives the same result.
        let wire = try JSONPatch(parsing: try JSONReader.parse(JSONWriter.bytes(first.patch.json)))
        XCTAssertEqual(JSONWriter.string(try wire.apply(to: original)), JSONWriter.string(first.document))

        var second = JSONPatchBuilder(document: first.document)
        mutate(&second)
        XCTAssertEqual(second.operations, [], "a second pass over the result must record nothing")
        XCTAssertTrue(second.patch.isEmpty)
        XCTAssertEqual(second.document, first.document)
    }
}
