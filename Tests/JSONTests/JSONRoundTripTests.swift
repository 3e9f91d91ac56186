import JSON
import ReviewFixtures
import XCTest

/// parse → write → parse on AdmissionReviews: the webhook reads what the API server sends and writes
/// it back into captures and patches, so nothing may be lost, reordered or re-spelled on the way.
final class JSONRoundTripTests: XCTestCase {
    func testFixturesAreCompactableAndParseTheSameEitherWay() throws {
        for (name, text) in Fixtures.canonical {
            let pretty = try JSONReader.parse(text)
            let compact = Fixtures.compact(text)
            XCTAssertLessThan(compact.count, text.utf8.count, "\(name) has whitespace to remove")
            XCTAssertEqual(try JSONReader.parse(compact), pretty, name)
        }
    }

    func testParseWriteParseGivesAnEqualValue() throws {
        for (name, text) in Fixtures.canonical + [("nonCanonicalEscapes", Fixtures.nonCanonicalEscapes)] {
            let value = try JSONReader.parse(text)
            let reparsed = try JSONReader.parse(JSONWriter.bytes(value))
            XCTAssertEqual(reparsed, value, name)
            XCTAssertEqual(JSONWriter.bytes(reparsed), JSONWriter.bytes(value), "\(name): writing is stable")
        }
    }

    func testCompactInputIsWrittenBackByteForByte() throws {
        for (name, text) in Fixtures.canonical {
            let compact = Fixtures.compact(text)
            let written = JSONWriter.bytes(try JSONReader.parse(compact))
            if written != compact {
                let index = zip(written, compact).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(written.count, compact.count)
                XCTFail("\(name): output differs from input at byte \(index): "
                    + "…\(String(decoding: written[index...].prefix(40), as: UTF8.self))")
            }
        }
    }

    func testNonCanonicalEscapesAreWrittenInTheWritersOwnForm() throws {
        let value = try JSONReader.parse(Fixtures.nonCanonicalEscapes)
        let written = JSONWriter.string(value)
        XCTAssertNotEqual(Array(written.utf8), Fixtures.compact(Fixtures.nonCanonicalEscapes))
        XCTAssertTrue(written.contains(#""apiVersion":"admission.k8s.io/v1""#), written)
        XCTAssertTrue(written.contains(#""café":"😀 smile""#), written)
        XCTAssertTrue(written.contains(#""path":"/var/log""#), written)
        XCTAssertTrue(written.contains(#""esc":"\u001b""#), written)
    }

    // MARK: - What the fixtures carry survives reading

    func testLastAppliedConfigurationIsJSONInsideAString() throws {
        let review = try JSONReader.parse(ReviewFixtures.podCreate)
        let pointer = try JSONPointer(parsing: "/request/object/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration")
        let annotation = try XCTUnwrap(review.value(at: pointer)?.stringValue)
        XCTAssertTrue(annotation.hasSuffix("}\n"))
        let applied = try JSONReader.parse(annotation)
        XCTAssertEqual(applied["kind"], "Pod")
        XCTAssertEqual(applied.value(at: try JSONPointer(parsing: "/spec/containers/0/args/0")), #"--greeting="hello""#)
    }

    func testManagedFieldsKeyWithQuotesIsAddressable() throws {
        let review = try JSONReader.parse(ReviewFixtures.podCreate)
        let container = JSONPointer(tokens: [
            "request", "object", "metadata", "managedFields", "0", "fieldsV1", "f:spec", "f:containers", #"k:{"name":"web"}"#,
        ])
        XCTAssertEqual(review.value(at: container)?.objectValue?.keys, [".", "f:args", "f:image", "f:name", "f:resources"])
        XCTAssertEqual(try JSONPointer(parsing: container.description), container)
    }

    func testOperationsAndNullObjects() throws {
        let expectations: [(String, String, objectIsNull: Bool, oldObjectIsNull: Bool)] = [
            (ReviewFixtures.podCreate, "CREATE", false, true),
            (ReviewFixtures.deploymentUpdate, "UPDATE", false, false),
            (ReviewFixtures.podDelete, "DELETE", true, false),
            (ReviewFixtures.podExecConnect, "CONNECT", false, true),
            (ReviewFixtures.configMapCreateV1beta1, "CREATE", false, true),
            (ReviewFixtures.namespaceCreate, "CREATE", false, true),
        ]
        for (text, operation, objectIsNull, oldObjectIsNull) in expectations {
            let request = try XCTUnwrap(try JSONReader.parse(text)["request"])
            XCTAssertEqual(request["operation"], .string(operation))
            XCTAssertEqual(request["object"]?.isNull, objectIsNull, operation)
            XCTAssertEqual(request["oldObject"]?.isNull, oldObjectIsNull, operation)
        }
    }

    func testUpdateCarriesBothVersions() throws {
        let request = try XCTUnwrap(try JSONReader.parse(ReviewFixtures.deploymentUpdate)["request"])
        let replicas = try JSONPointer(parsing: "/spec/replicas")
        XCTAssertEqual(request["object"]?.value(at: replicas), 5)
        XCTAssertEqual(request["oldObject"]?.value(at: replicas), 3)
        XCTAssertNotEqual(request["object"], request["oldObject"])
    }

    func testExecCommandKeepsQuotesTabsAndBackslashes() throws {
        let review = try JSONReader.parse(ReviewFixtures.podExecConnect)
        XCTAssertEqual(review["request"]?["subResource"], "exec")
        XCTAssertEqual(review.value(at: try JSONPointer(parsing: "/request/object/command/2")),
                       "echo \"who am i: $(id -u)\" && cat /etc/hostname\tand\\more")
    }

    func testV1Beta1ScriptKeepsLineEndings() throws {
        let review = try JSONReader.parse(ReviewFixtures.configMapCreateV1beta1)
        XCTAssertEqual(review["apiVersion"], "admission.k8s.io/v1beta1")
        XCTAssertEqual(review.value(at: try JSONPointer(parsing: "/request/object/data/settings.ini")),
                       "[server]\r\nport = 8080\r\n")
        let script = review.value(at: try JSONPointer(parsing: "/request/object/data/init.sh"))?.stringValue
        XCTAssertEqual(script?.split(separator: "\n").count, 4)
        XCTAssertTrue(script?.contains(#"printf '%s\n' "starting""#) == true)
    }

    func testNamespaceLabels() throws {
        let review = try JSONReader.parse(ReviewFixtures.namespaceCreate)
        let labels = try XCTUnwrap(review.value(at: try JSONPointer(parsing: "/request/object/metadata/labels"))?.objectValue)
        XCTAssertEqual(labels.keys, ["kubernetes.io/metadata.name", "tenantry.io/tenant", "pod-security.kubernetes.io/enforce"])
        XCTAssertEqual(labels["tenantry.io/tenant"], "acme")
    }

    func testUnicodeAndExactNumbersInACustomResource() throws {
        let review = try JSONReader.parse(ReviewFixtures.unicodeCustomResource)
        let annotations = try XCTUnwrap(review.value(at: try JSONPointer(parsing: "/request/object/metadata/annotations")))
        XCTAssertEqual(annotations["description"], "本番環境のクォータ 🚀 — équipe «plateforme»")
        XCTAssertEqual(annotations["owner.example.com/display-name"], "مرحبا")
        XCTAssertEqual(annotations["banner"], "\u{1B}[1mbold\u{1B}[0m")
        XCTAssertEqual(annotations["separator"]?.stringValue?.unicodeScalars.map(\.value), [0x61, 0x2028, 0x62])
        let note = try XCTUnwrap(annotations["note"]?.stringValue)
        XCTAssertTrue(note.unicodeScalars.starts(with: "cafe\u{301} ".unicodeScalars), "the decomposed spelling is kept")
        XCTAssertEqual(review["request"]?["userInfo"]?["username"], "田中太郎")

        let spec = try XCTUnwrap(review.value(at: try JSONPointer(parsing: "/request/object/spec")))
        XCTAssertEqual(spec["weight"]?.numberValue?.text, "1.50")
        XCTAssertEqual(spec["burst"]?.numberValue?.text, "1E+2")
        XCTAssertEqual(spec["epsilon"]?.numberValue?.text, "0.5e-3")
        XCTAssertEqual(spec["serial"]?.numberValue?.text, "123456789012345678901234567890")
        XCTAssertEqual(spec["offset"]?.numberValue?.text, "-0")
        XCTAssertEqual(spec["limits"]?["pods"]?.intValue, 200)
    }

    /// The whole path a mutating webhook takes: read the review, build a patch against the object,
    /// write the patch, and check the API server's view (apply the written patch) matches ours.
    func testPatchBuiltAgainstAFixtureAppliesToIt() throws {
        let review = try JSONReader.parse(ReviewFixtures.podCreate)
        let pod = try XCTUnwrap(review["request"]?["object"])
        var builder = JSONPatchBuilder(document: pod)
        builder.set("acme", at: JSONPointer(tokens: ["metadata", "labels", "tenantry.io/tenant"]))
        builder.set(["pool": "acme"], at: JSONPointer(tokens: ["spec", "nodeSelector"]))
        builder.setIfAbsent("web", at: JSONPointer(tokens: ["metadata", "labels", "app"]))
        XCTAssertEqual(JSONWriter.string(builder.patch.json),
                       #"[{"op":"add","path":"/metadata/labels/tenantry.io~1tenant","value":"acme"},"#
                       + #"{"op":"add","path":"/spec/nodeSelector","value":{"pool":"acme"}}]"#)
        let sent = try JSONPatch(parsing: try JSONReader.parse(JSONWriter.bytes(builder.patch.json)))
        XCTAssertEqual(JSONWriter.bytes(try sent.apply(to: pod)), JSONWriter.bytes(builder.document))
    }
}
