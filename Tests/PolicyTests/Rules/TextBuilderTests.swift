import Admission
import JSON
import XCTest

@testable import Policy

/// `TextBuilder` writes messages as bytes; the text must be exactly what joining `String`s gave.
final class TextBuilderTests: XCTestCase {
    func testPiecesOfEveryKindKeepTheirOrderAndBytes() {
        var text = TextBuilder(capacity: 1)
        text.append("fixed ")
        text.append("a native string longer than fifteen bytes, ")
        text.append("small ")
        text.append(-42)
        Array(" bytes é".utf8).withUnsafeBufferPointer { text.append($0) }
        text.append(UnsafeBufferPointer(start: nil, count: 0))
        var other = TextBuilder()
        other.append(" [other]")
        text.append(other)
        XCTAssertEqual(text.text, "fixed a native string longer than fifteen bytes, small -42 bytes é [other]")
        XCTAssertEqual(TextBuilder().text, "")
    }

    func testNumbersAreWrittenAsStringWritesThem() {
        var numbers: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 12345, .max, .min, .max - 1, .min + 1]
        var power: Int64 = 1
        for _ in 0...18 {
            numbers += [power, power - 1, -power, 1 - power]
            power = power &* 10
        }
        for number in numbers {
            var text = TextBuilder(capacity: 1)  // every number past the capacity: it must grow first
            text.append("<")
            text.append(number)
            text.append(">")
            XCTAssertEqual(text.text, "<" + String(number) + ">")
            var int = TextBuilder(capacity: 1)
            int.append(Int(number))
            XCTAssertEqual(int.text, String(number))
        }
        var many = TextBuilder(capacity: 16)
        for number in numbers { many.append(number); many.append(",") }
        XCTAssertEqual(many.text, numbers.map { String($0) + "," }.joined())
    }

    func testTextFromAnEarlierLength() {
        var text = TextBuilder(capacity: 16)
        text.append("tenantry: ")
        let start = text.count
        text.append("[rule] détail")
        XCTAssertEqual(text.count, 10 + 14)
        XCTAssertEqual(text.text(from: start), "[rule] détail")
        XCTAssertEqual(text.text(from: 0), text.text)
        XCTAssertEqual(text.text(from: text.count), "")
        XCTAssertEqual(text.text(from: text.count + 5), "", "past the end: nothing")
        XCTAssertEqual(text.text(from: -3), text.text, "before the start: everything")
        XCTAssertEqual(text.text(in: 0..<10), "tenantry: ")
        XCTAssertEqual(text.text(in: 10..<14), "[rul")
        XCTAssertEqual(text.text(in: 20..<99), "tail", "past the end: to the end")
        XCTAssertEqual(text.text(in: -5..<3), "ten", "before the start: from the start")
        XCTAssertEqual(text.text(in: 30..<40), "")
    }

    func testGrowsPastItsCapacity() {
        var text = TextBuilder(capacity: 16)
        var expected = ""
        for i in 0..<300 {
            text.append(i)
            text.append(",")
            expected += String(i) + ","
        }
        XCTAssertEqual(text.text, expected)
    }

    /// A builder on a stack buffer writes the same text, and moves to the heap (keeping what it wrote)
    /// when the text outgrows the buffer, however small the buffer.
    func testStackBufferKeepsTheTextWhenItOutgrowsIt() {
        var expected = ""
        for i in 0..<300 { expected += String(i) + "," }
        for capacity in [0, 1, 16, 64, 256, 4096] {
            let written = TextBuilder.withStackBuffer(capacity: capacity) { text in
                for i in 0..<300 {
                    text.append(i)
                    text.append(",")
                }
                return text.text
            }
            XCTAssertEqual(written, expected, "capacity \(capacity)")
            let short = TextBuilder.withStackBuffer(capacity: capacity) { text in
                text.append("tenantry: ")
                let start = text.count
                text.append("d\u{e9}tail")
                return [text.text, text.text(from: start)]
            }
            XCTAssertEqual(short, ["tenantry: d\u{e9}tail", "d\u{e9}tail"], "capacity \(capacity)")
            XCTAssertEqual(TextBuilder.withStackBuffer(capacity: capacity) { $0.text }, "", "capacity \(capacity)")
        }
        // Exactly full, then one byte more.
        let exact = TextBuilder.withStackBuffer(capacity: 16) { text in
            text.append("0123456789abcdef")
            let full = text.text
            text.append("!")
            return full + "|" + text.text
        }
        XCTAssertEqual(exact, "0123456789abcdef|0123456789abcdef!")
    }

    /// Names read from the object are escaped as `RuleText.escaped` escapes them, whether they are still
    /// in the tape (with or without JSON escapes there) or `String`s of a changed object.
    func testEscapedAndQuotedTextMatchesRuleText() throws {
        let names = ["plain-name", "", "quo\"te", "back\\slash", "new\nline", "tab\t", "del\u{7F}", "c1\u{85}", "ls\u{2028}",
                     "café", "naïve\u{301}", "🙂", "\u{0}"]
        let document = try JSONReader.parse(JSONWriter.bytes(.array(names.map { .string($0) })))
        var fromTape: [JSONStringView] = []
        JSONView(document).forEachElement { _, element in
            if let string = element.stringValue { fromTape.append(string) }
        }
        XCTAssertEqual(fromTape.count, names.count)
        let unescapedInTape = try JSONReader.parse(#"["café","🙂"]"#)
        JSONView(unescapedInTape).forEachElement { _, element in
            if let string = element.stringValue { fromTape.append(string) }
        }
        for (index, view) in (names.map(JSONStringView.init) + fromTape).enumerated() {
            let name = view.string
            var escaped = TextBuilder()
            escaped.appendEscaped(view)
            XCTAssertEqual(escaped.text, RuleText.escaped(name), "\(index): \(name.debugDescription)")
            var quoted = TextBuilder()
            quoted.appendQuoted(view)
            XCTAssertEqual(quoted.text, RuleText.quoted(name), "\(index): \(name.debugDescription)")
            var quotedBytes = TextBuilder()
            view.withUTF8 { quotedBytes.appendQuoted(utf8: $0) }
            XCTAssertEqual(quotedBytes.text, RuleText.quoted(name), "\(index): \(name.debugDescription)")
        }
    }

    func testContainersAreNamedEscapedOrLocated() {
        func described(_ container: JSON, _ list: ContainerList, _ index: Int) -> [String] {
            RuleFixtures.forms(["spec": ["containers": [container]]]).map { form, object in
                ReviewedObject(object, resource: .pods).pod.map {
                    let named = RuleText.container(list, index, name: $0.containers[0].view["name"]?.stringValue)
                    if list == .containers, index == 0 {
                        // The container's own description (its name's bytes in the tape) says the same.
                        var text = TextBuilder()
                        $0.containers[0].describe(into: &text)
                        XCTAssertEqual(text.text, named, form)
                        XCTAssertEqual($0.containers[0].described, named, form)
                    }
                    return named
                } ?? "no pod"
            }
        }
        XCTAssertEqual(described(["name": "app"], .containers, 0), Array(repeating: "container \"app\"", count: 4))
        XCTAssertEqual(described(["name": "caf\u{e9} \u{2028}"], .containers, 0), Array(repeating: "container \"caf\u{e9} \\u{2028}\"", count: 4))
        XCTAssertEqual(described(["name": ""], .containers, 0), Array(repeating: "containers[0]", count: 4))
        XCTAssertEqual(described(["name": nil], .containers, 0), Array(repeating: "containers[0]", count: 4))
        XCTAssertEqual(described(["image": "x"], .containers, 0), Array(repeating: "containers[0]", count: 4))
        XCTAssertEqual(described(["name": "a\"b\n"], .containers, 0), Array(repeating: "container \"a\\\"b\\n\"", count: 4))
        XCTAssertEqual(described(["name": ""], .ephemeralContainers, 3), Array(repeating: "ephemeralContainers[3]", count: 4))
        XCTAssertEqual(described(["name": 7], .initContainers, 1), Array(repeating: "initContainers[1]", count: 4))
        XCTAssertEqual(described("not an object", .containers, 0), Array(repeating: "containers[0]", count: 4))
        var text = TextBuilder()
        RuleText.container(.containers, 12, name: nil, into: &text)
        XCTAssertEqual(text.text, "containers[12]")
    }

    /// The rule messages, the denial and the warnings `decide` writes, byte for byte.
    func testDecisionTextsAreJoinedAsBefore() {
        let platform = Platform(enforcement: [.podSecurity: .warn, .imageRegistry: .audit])
        let request = RuleFixtures.request(resource: "pods", kind: "Pod", namespace: "tenant-acme", name: "web\u{e9}")
        let violations = [
            Violation(.podSecurity, "hostPID is not allowed"),
            Violation(.tenantLabel, "first"),
            Violation(.imageRegistry, "audited"),
            Violation(.priorityClass, "a \"quoted\" détail"),
            Violation(.tenantLabel, "second"),
        ]
        let decision = Engine.decide(violations, request: request, actor: .tenant, tenant: "acme", platform: platform)
        XCTAssertFalse(decision.allowed)
        XCTAssertEqual(decision.fired.map(\.rule), [.tenantLabel, .priorityClass, .imageRegistry, .podSecurity])
        XCTAssertEqual(decision.fired.map(\.message), [
            "[tenant-label] Pod tenant-acme/web\u{e9}: first; second",
            "[priority-class] Pod tenant-acme/web\u{e9}: a \"quoted\" détail",
            "[image-registry] Pod tenant-acme/web\u{e9}: audited",
            "[pod-security] Pod tenant-acme/web\u{e9}: hostPID is not allowed",
        ])
        XCTAssertEqual(
            decision.message,
            "tenantry: [tenant-label] Pod tenant-acme/web\u{e9}: first; second; [priority-class] Pod tenant-acme/web\u{e9}: a \"quoted\" détail")
        XCTAssertEqual(decision.warnings, [ResponseText.cleanWarning("[pod-security] Pod tenant-acme/web\u{e9}: hostPID is not allowed")])

        let onlyWarned = Engine.decide([violations[0]], request: request, actor: .tenant, tenant: "acme", platform: platform)
        XCTAssertTrue(onlyWarned.allowed)
        XCTAssertNil(onlyWarned.message)
        XCTAssertEqual(onlyWarned.warnings.count, 1)
    }

    /// A container name written with JSON escapes in the tape is described decoded, then escaped.
    func testContainerNamesEscapedInTheTapeAreDecoded() throws {
        let object = try JSONReader.parse(#"{"spec":{"containers":[{"name":"w\u0065b\"1"},{"name":"\u0000"},{"name":""}]}}"#)
        let containers = try XCTUnwrap(ReviewedObject(object, resource: .pods).pod?.containers)
        let texts = containers.map { container -> String in
            var text = TextBuilder()
            container.describe(into: &text)
            return text.text
        }
        XCTAssertEqual(texts, ["container \"web\\\"1\"", "container \"\\u{0}\"", "containers[2]"])
    }

    /// Each rule has a bit of its own, its place in the catalogue; `decide` lists the fired rules in
    /// that order whatever the order of the violations.
    func testRulesFireInCatalogueOrder() {
        for (place, rule) in RuleID.allCases.enumerated() {
            XCTAssertEqual(rule.bit, 1 << UInt32(place), rule.rawValue)
            XCTAssertEqual(rule.literal.description, rule.rawValue, "the literal is the id")
        }
        let platform = Platform(enforcement: [:])
        let request = RuleFixtures.request(resource: "pods", kind: "Pod", namespace: "tenant-acme", name: "web")
        let violations = RuleID.allCases.reversed().map { Violation($0, "d") }
        let decision = Engine.decide(violations, request: request, actor: .tenant, tenant: "acme", platform: platform)
        XCTAssertEqual(decision.fired.map(\.rule), RuleID.allCases)
        // Only the rules that fired, the first and last of the catalogue among them, each once.
        let some: [RuleID] = [.pdbDrain, .imageRegistry, .clusterScope, .pdbDrain, .rbacEscalation, .tenantLabel]
        let sparse = Engine.decide(some.map { Violation($0, "d") }, request: request, actor: .tenant, tenant: "acme", platform: platform)
        XCTAssertEqual(sparse.fired.map(\.rule), [.clusterScope, .rbacEscalation, .tenantLabel, .imageRegistry, .pdbDrain])
        XCTAssertEqual(
            sparse.message,
            "tenantry: [cluster-scope] Pod tenant-acme/web: d; [rbac-escalation] Pod tenant-acme/web: d; "
                + "[tenant-label] Pod tenant-acme/web: d; [image-registry] Pod tenant-acme/web: d; [pdb-drain] Pod tenant-acme/web: d; d")
        XCTAssertTrue(Engine.decide([], request: request, actor: .tenant, tenant: "acme", platform: platform).fired.isEmpty)
    }

    func testObjectsAreNamedFromTheirMetadataInEveryForm() {
        let cases: [(JSON, String)] = [
            (["metadata": ["name": "from-metadata", "generateName": "g-"]], "Pod tenant-acme/from-metadata"),
            (["metadata": ["name": "", "generateName": "web-\u{e9}-"]], "Pod tenant-acme/web-\u{e9}-*"),
            (["metadata": ["name": 1, "generateName": nil]], "Pod tenant-acme/(unnamed)"),
            (["metadata": "not an object"], "Pod tenant-acme/(unnamed)"),
            ([:], "Pod tenant-acme/(unnamed)"),
            (["metadata": ["generateName": ""]], "Pod tenant-acme/(unnamed)"),
            (["metadata": ["generateName": 5, "name": nil]], "Pod tenant-acme/(unnamed)"),
            (["metadata": ["labels": ["name": "not this"], "name": "na\u{ef}ve"]], "Pod tenant-acme/na\u{ef}ve"),
        ]
        for (object, expected) in cases {
            for (form, shaped) in RuleFixtures.forms(object) {
                let request = RuleFixtures.request(resource: "pods", kind: "Pod", object: shaped)
                XCTAssertEqual(ObjectIdentity.describe(request), expected, form)
            }
        }
        let named = RuleFixtures.request(resource: "namespaces", kind: "", namespace: "team", name: "team", object: ["metadata": ["name": "x"]])
        XCTAssertEqual(ObjectIdentity.describe(named), "namespaces team")
        let old = RuleFixtures.request(.delete, resource: "pods", kind: "Pod", oldObject: ["metadata": ["name": "old"]])
        XCTAssertEqual(ObjectIdentity.qualifiedName(old), "tenant-acme/old")
    }

    func testEscapedNamesInTheTapeAreDecoded() throws {
        let object = try JSONReader.parse(#"{"metadata":{"n\u0061me":"w\u00e9b\/1"}}"#)
        XCTAssertEqual(ObjectIdentity.describe(RuleFixtures.request(resource: "pods", kind: "Pod", object: object)), "Pod tenant-acme/w\u{e9}b/1")
        let generated = try JSONReader.parse(#"{"metadata":{"name":"","generateName":"g\u0065n-"}}"#)
        XCTAssertEqual(ObjectIdentity.qualifiedName(RuleFixtures.request(.delete, resource: "pods", kind: "Pod", oldObject: generated)), "tenant-acme/gen-*")
    }

    /// The metadata's `name` and `generateName` are found in one pass over its members, in either order.
    func testNamesAreFoundInTheTapeInAnyOrder() throws {
        let cases: [(String, String)] = [
            (#"{"metadata":{"generateName":"g-","name":"n"}}"#, "Pod tenant-acme/n"),
            (#"{"metadata":{"generateName":"g-","namespace":"x","labels":{"name":"no"}}}"#, "Pod tenant-acme/g-*"),
            (#"{"metadata":{"generateName":"g-","name":""}}"#, "Pod tenant-acme/g-*"),
            (#"{"metadata":{"name":null,"generateName":""}}"#, "Pod tenant-acme/(unnamed)"),
            (#"{"metadata":[{"name":"n"}]}"#, "Pod tenant-acme/(unnamed)"),
            (#"{"metadata":{"nam":"a","names":"b","generatename":"c"}}"#, "Pod tenant-acme/(unnamed)"),
        ]
        for (text, expected) in cases {
            let object = try JSONReader.parse(text)
            XCTAssertEqual(ObjectIdentity.describe(RuleFixtures.request(resource: "pods", kind: "Pod", object: object)), expected, text)
        }
    }
}
