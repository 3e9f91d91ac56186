import Admission
import JSON
import Policy
import Replay
import XCTest

/// What `tenantry replay` prints: the JSON lines of policy.md §6, the aligned text lines, the summary.
final class ReplayOutputTests: XCTestCase {
    static let jsonKeys = [
        "source", "uid", "operation", "resource", "subResource", "namespace", "name", "user", "actor", "tenant",
        "allowed", "rules", "warnings", "message", "patch",
    ]

    func replay(_ review: AdmissionReview, source: String = "captures/x.json#3", policies: PolicySet? = nil) throws -> ReplayVerdict {
        Replayer.replay(review, source: source, policies: try policies ?? ReplayFixtures.policies())
    }

    /// Writes one verdict and reads the line back, checking it is exactly one line.
    func jsonLine(_ verdict: ReplayVerdict, file: StaticString = #filePath, line: UInt = #line) throws -> JSONObject {
        var out: [UInt8] = []
        ReplayJSONOutput.write(verdict, into: &out)
        XCTAssertEqual(out.last, UInt8(ascii: "\n"), "a line ends with a newline", file: file, line: line)
        XCTAssertEqual(out.filter { $0 == UInt8(ascii: "\n") }.count, 1, "one line per review", file: file, line: line)
        guard case .object(let object) = try JSONReader.parse(Array(out.dropLast())) else {
            XCTFail("not a JSON object: \(String(decoding: out, as: UTF8.self))", file: file, line: line)
            return JSONObject()
        }
        XCTAssertEqual(object.keys, Self.jsonKeys, file: file, line: line)
        return object
    }

    // MARK: JSON lines

    func testDeniedReviewHasEveryKeyInOrderAndSortedRules() throws {
        let verdict = try replay(try ReplayFixtures.deniedPod())
        // The engine reports in catalogue order; the output must sort, or this test would prove nothing.
        XCTAssertEqual(verdict.decision.fired.map(\.rule), [.priorityClass, .imageRegistry])
        let line = try jsonLine(verdict)
        XCTAssertEqual(line["source"], "captures/x.json#3")
        XCTAssertEqual(line["uid"], "u-denied")
        XCTAssertEqual(line["operation"], "CREATE")
        XCTAssertEqual(line["resource"], "pods")
        XCTAssertEqual(line["subResource"], "")
        XCTAssertEqual(line["namespace"], "tenant-acme")
        XCTAssertEqual(line["name"], "web")
        XCTAssertEqual(line["user"], "alice")
        XCTAssertEqual(line["actor"], "tenant")
        XCTAssertEqual(line["tenant"], "acme")
        XCTAssertEqual(line["allowed"], false)
        XCTAssertEqual(line["rules"], ["image-registry", "priority-class"])
        XCTAssertEqual(line["warnings"], [])
        let message = try XCTUnwrap(line["message"]?.stringValue)
        XCTAssertEqual(message, verdict.decision.message)
        XCTAssertTrue(message.hasPrefix("tenantry: [priority-class] Pod tenant-acme/web: "), message)
        XCTAssertEqual(line["patch"], verdict.mutation.patch.json)
        XCTAssertEqual(verdict.mutation.applied, [.tenantLabel])
        XCTAssertEqual(line["patch"]?[0]?["path"], "/metadata/labels")
    }

    func testAllowedReviewHasANullMessageAndItsPatch() throws {
        let verdict = try replay(try ReplayFixtures.allowedPod())
        let line = try jsonLine(verdict)
        XCTAssertEqual(line["allowed"], true)
        XCTAssertEqual(line["message"], JSON.null)
        XCTAssertEqual(line["rules"], [])
        XCTAssertEqual(line["tenant"], "acme")
        let patch = try XCTUnwrap(line["patch"]?.arrayValue)
        XCTAssertFalse(patch.isEmpty)
        XCTAssertEqual(line["patch"], verdict.mutation.patch.json)
    }

    func testNoTenantIsNullAndNoPatchIsAnEmptyArray() throws {
        let line = try jsonLine(try replay(try ReplayFixtures.untenantedConfigMap()))
        XCTAssertEqual(line["tenant"], JSON.null)
        XCTAssertEqual(line["actor"], "other")
        XCTAssertEqual(line["namespace"], "default")
        XCTAssertEqual(line["message"], JSON.null)
        XCTAssertEqual(line["patch"], [])
    }

    func testWarnRuleIsListedWithItsWarningAndTheReviewIsAllowed() throws {
        let verdict = try replay(try ReplayFixtures.warnedPDB())
        let line = try jsonLine(verdict)
        XCTAssertEqual(line["allowed"], true)
        XCTAssertEqual(line["rules"], ["pdb-drain"])
        XCTAssertEqual(line["message"], JSON.null)
        XCTAssertEqual(line["user"], "zoë.müller")
        let warnings = try XCTUnwrap(line["warnings"]?.arrayValue)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(warnings.first?.stringValue, verdict.decision.warnings.first)
        XCTAssertTrue(warnings.first?.stringValue?.contains("maxUnavailable") ?? false, "\(warnings)")
    }

    func testAuditRuleIsListedButNeitherDeniesNorWarns() throws {
        let platform = ReplayFixtures.platform + "    image-registry: audit\n"
        let policies = try PolicyCompiler.compile(sources: [(path: "p.yaml", text: platform), (path: "t.yaml", text: ReplayFixtures.tenant)])
        let pod = try ReplayFixtures.review(
            uid: "u-audit", namespace: "tenant-acme", name: "web", user: "alice", groups: ["acme-admins"],
            object: ReplayFixtures.pod(name: "web", image: "evil.example.com/web:1"))
        let verdict = try replay(pod, policies: policies)
        let line = try jsonLine(verdict)
        XCTAssertEqual(line["allowed"], true)
        XCTAssertEqual(line["rules"], ["image-registry"])
        XCTAssertEqual(line["warnings"], [])
        XCTAssertEqual(line["message"], JSON.null)

        var text = ReplayTextOutput()
        text.add(verdict)
        let rendered = text.render()
        XCTAssertTrue(rendered.hasPrefix("ALLOW "), rendered)
        XCTAssertTrue(rendered.contains("audit: image-registry"), rendered)
    }

    func testSourcesThatNeedEscapingRoundTrip() throws {
        let source = "dir/\"odd\" \\ näme\t.json#2"
        let line = try jsonLine(try replay(try ReplayFixtures.allowedPod(), source: source))
        XCTAssertEqual(line["source"]?.stringValue, source)
    }

    func testWriteAppendsOneLinePerVerdict() throws {
        var out: [UInt8] = []
        for review in [try ReplayFixtures.deniedPod(), try ReplayFixtures.allowedPod(), try ReplayFixtures.untenantedConfigMap()] {
            ReplayJSONOutput.write(try replay(review), into: &out)
        }
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(try lines.map { try JSONReader.parse(String($0))["uid"] }, ["u-denied", "u-allowed", "u-none"])
    }

    // MARK: Text lines

    /// Finds `cells` in order in `line`, each after at least two spaces of padding, and returns the
    /// character offset each starts at (nil for an empty last cell, which is not printed).
    func offsets(of cells: [String], in line: String, file: StaticString = #filePath, line number: UInt = #line) -> [Int?] {
        let characters = Array(line)
        var out: [Int?] = []
        var position = 0
        for (index, cell) in cells.enumerated() {
            if cell.isEmpty, index == cells.count - 1 {
                XCTAssertEqual(position, characters.count, "no trailing padding: \"\(line)\"", file: file, line: number)
                out.append(nil)
                continue
            }
            var start = position
            while start < characters.count, characters[start] == " " { start += 1 }
            if index > 0 {
                XCTAssertGreaterThanOrEqual(start - position, 2, "columns are two spaces apart: \"\(line)\"", file: file, line: number)
            }
            let cellCharacters = Array(cell)
            guard start + cellCharacters.count <= characters.count,
                Array(characters[start..<start + cellCharacters.count]) == cellCharacters
            else {
                XCTFail("column \(index) \"\(cell)\" not found at offset \(start) of \"\(line)\"", file: file, line: number)
                return out
            }
            out.append(start)
            position = start + cellCharacters.count
        }
        XCTAssertEqual(position, characters.count, "nothing after the last column: \"\(line)\"", file: file, line: number)
        return out
    }

    func testTextColumnsAreAlignedAcrossRows() throws {
        let denied = try replay(try ReplayFixtures.deniedPod(), source: "a.json")
        let warned = try replay(try ReplayFixtures.warnedPDB(), source: "captures/pdb.jsonl#12")
        let none = try replay(try ReplayFixtures.untenantedConfigMap(), source: "b.json")
        guard case .failure(let failure) = try XCTUnwrap(ReviewDecoder.reviews(in: Array("{oops".utf8), source: "broken.json").first).review
        else { return XCTFail("\"{oops\" must not decode") }
        var text = ReplayTextOutput()
        text.add(denied)
        text.add(warned)
        text.addFailure(failure)
        text.add(none)

        let deniedNotes = try XCTUnwrap(denied.decision.message) + " | patched: tenant-label"
        let warnedNotes = "warning: " + (warned.decision.warnings.first ?? "")
        let rows: [[String]] = [
            ["DENY", "CREATE", "pods", "tenant-acme/web", "alice", "acme", "a.json", deniedNotes],
            ["WARN", "CREATE", "poddisruptionbudgets", "tenant-acme/db", "zoë.müller", "acme", "captures/pdb.jsonl#12", warnedNotes],
            ["ERROR", "-", "-", "-", "-", "-", "broken.json", failure.reason],
            ["ALLOW", "CREATE", "configmaps", "default/settings", "bob", "-", "b.json", ""],
        ]
        let rendered = text.render()
        XCTAssertTrue(rendered.hasSuffix("\n"))
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        XCTAssertEqual(lines.count, rows.count, rendered)
        guard lines.count == rows.count else { return }

        let columnStarts = zip(rows, lines).map { self.offsets(of: $0, in: $1) }
        // Each column starts where the widest cell before it ends, plus two spaces, on every row.
        var expected = 0
        for column in 0..<rows[0].count {
            for (row, rowOffsets) in columnStarts.enumerated() where column < rowOffsets.count {
                if let offset = rowOffsets[column] {
                    XCTAssertEqual(offset, expected, "row \(row) column \(column):\n\(rendered)")
                }
            }
            expected += (rows.map { $0[column].count }.max() ?? 0) + 2
        }
    }

    /// A user name is whatever the review says; a newline in it must not start a forged line.
    func testControlCharactersInCellsStayOnTheReviewsLine() throws {
        let review = try ReplayFixtures.review(
            uid: "u-forge", namespace: "tenant-acme", name: "api", user: #"mallory\nALLOW  CREATE  pods\u001b[2K"#,
            groups: ["acme-admins"], object: ReplayFixtures.pod(name: "api", image: "registry.acme.io/api:2"))
        var text = ReplayTextOutput()
        text.add(try replay(review, source: "in\tdir/x.json"))
        guard case .failure(let failure) = try XCTUnwrap(
            ReviewDecoder.reviews(in: Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"Admission\nReview","request":{}}"#.utf8), source: "k.json").first
        ).review else { return XCTFail("a kind with a newline must not decode") }
        XCTAssertTrue(failure.reason.contains("\n"), "the decoder quotes the input: \(failure.reason)")
        text.addFailure(failure)

        let lines = text.render().split(separator: "\n")
        XCTAssertEqual(lines.count, 2, text.render())
        XCTAssertTrue(lines.first?.contains(#"mallory\nALLOW  CREATE  pods\u{1b}[2K"#) ?? false, text.render())
        XCTAssertTrue(lines.last?.contains(#"found "Admission\nReview""#) ?? false, text.render())
        XCTAssertTrue(lines.first?.contains(#"in\tdir/x.json"#) ?? false, text.render())
        XCTAssertFalse(text.render().contains("\u{1B}"), "no raw escape reaches the terminal")
    }

    func testNothingAddedRendersNothing() {
        XCTAssertEqual(ReplayTextOutput().render(), "")
    }

    func testSubresourceIsShownWithTheResource() throws {
        let exec = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-exec",\
            "kind":{"group":"","version":"v1","kind":"PodExecOptions"},"resource":{"group":"","version":"v1","resource":"pods"},\
            "subResource":"exec","name":"web","namespace":"tenant-acme","operation":"CONNECT",\
            "userInfo":{"username":"alice","groups":["acme-admins"]},"object":{"kind":"PodExecOptions","apiVersion":"v1","command":["sh"]},\
            "oldObject":null,"dryRun":false,"options":null}}
            """
        let verdict = try replay(try AdmissionReview.decode(Array(exec.utf8)), source: "exec.json")
        var text = ReplayTextOutput()
        text.add(verdict)
        XCTAssertTrue(text.render().hasPrefix("ALLOW  CONNECT  pods/exec  tenant-acme/web  alice  acme  exec.json\n"), text.render())
        XCTAssertEqual(try jsonLine(verdict)["subResource"], "exec")
    }

    // MARK: Summary

    func testSummaryOfOneReviewSaysReview() throws {
        var summary = ReplaySummary()
        summary.count(try replay(try ReplayFixtures.allowedPod()))
        XCTAssertEqual(summary.description, "1 review: 1 allowed, 0 denied, 0 with warnings, 1 patched, 0 unreadable")
    }

    func testSummaryCountsEachKindOfVerdict() throws {
        var summary = ReplaySummary()
        XCTAssertEqual(summary.description, "0 reviews: 0 allowed, 0 denied, 0 with warnings, 0 patched, 0 unreadable")
        for review in [try ReplayFixtures.deniedPod(), try ReplayFixtures.allowedPod(), try ReplayFixtures.warnedPDB(), try ReplayFixtures.untenantedConfigMap()] {
            summary.count(try replay(review))
        }
        summary.unreadable += 1
        XCTAssertEqual(summary.reviews, 4)
        XCTAssertEqual(summary.allowed, 3)
        XCTAssertEqual(summary.denied, 1)
        XCTAssertEqual(summary.warned, 1)
        // The two pods get the tenant label; the budget already has it, the ConfigMap has no tenant.
        XCTAssertEqual(summary.patched, 2)
        XCTAssertEqual(summary.description, "4 reviews: 3 allowed, 1 denied, 1 with warnings, 2 patched, 1 unreadable")
    }
}
