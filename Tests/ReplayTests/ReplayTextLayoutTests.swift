import Admission
import JSON
@testable import Policy
@testable import Replay
import XCTest

/// `ReplayTextOutput` keeps its rows as bytes and lays out ASCII rows byte by byte; every row must come
/// out exactly as the layout by `String`s and `Character`s (the reference below, the earlier
/// implementation) gives it, whatever the cells hold.
final class ReplayTextLayoutTests: XCTestCase {
    /// The cells of a verdict's row, built and escaped as strings.
    static func referenceRow(_ verdict: ReplayVerdict) -> [String] {
        let r = verdict.request
        let d = verdict.decision
        let verdictWord = d.allowed ? (d.warnings.isEmpty ? "ALLOW" : "WARN") : "DENY"
        let resource = r.subResource.isEmpty ? r.resource.resource : "\(r.resource.resource)/\(r.subResource)"
        var notes: [String] = []
        if let message = d.message { notes.append(message) }
        notes.append(contentsOf: d.warnings.map { "warning: \($0)" })
        let audited = d.fired.filter { $0.action == .audit }.map(\.rule.rawValue)
        if !audited.isEmpty { notes.append("audit: " + audited.joined(separator: ", ")) }
        if !verdict.mutation.applied.isEmpty {
            notes.append("patched: " + verdict.mutation.applied.map(\.rawValue).joined(separator: ", "))
        }
        let cells = [verdictWord, r.operation.rawValue, resource, ObjectIdentity.qualifiedName(r),
                     r.userInfo.username.isEmpty ? "-" : r.userInfo.username, d.tenant ?? "-", verdict.source,
                     notes.joined(separator: " | ")]
        return cells.map(PrintableText.escape)
    }

    static func referenceRow(_ error: ReplayInputError) -> [String] {
        ["ERROR", "-", "-", "-", "-", "-", PrintableText.escape(error.source), PrintableText.escape(error.reason)]
    }

    /// The aligned lines, laid out by `Character`s.
    static func referenceRender(_ rows: [[String]]) -> String {
        guard let columns = rows.first?.count else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns - 1 { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += i == columns - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// Texts that test the layout: wide and combining characters, a space that ends a larger
    /// `Character` (after U+0600, a prepended mark), CR LF (one `Character`, escaped), C1 controls,
    /// DEL, trailing spaces, nothing at all.
    static let awkwardTexts = [
        "", " ", "plain", "trailing  ", "zoë.müller", "e\u{301}e\u{301}", "日本語", "👩‍👩‍👧", "\u{600} ", "x\u{600}  ",
        "a\r\nb", "c1\u{85}x", "del\u{7F}", "tab\there", "ends with \u{600}", "  lead", "\u{C2}\u{A0}nbsp", "ümlaut ",
    ]

    func testRowsOfEveryKindAreLaidOutAsByCharacters() throws {
        let policies = try ReplayFixtures.policies()
        var output = ReplayTextOutput()
        var rows: [[String]] = []
        let reviews = [try ReplayFixtures.deniedPod(), try ReplayFixtures.allowedPod(), try ReplayFixtures.untenantedConfigMap(),
                       try ReplayFixtures.warnedPDB()]
        for (i, text) in Self.awkwardTexts.enumerated() {
            let verdict = Replayer.replay(reviews[i % reviews.count], source: text, policies: policies)
            output.add(verdict)
            rows.append(Self.referenceRow(verdict))
            let failure = ReplayInputError(source: "f" + text, reason: text)
            output.addFailure(failure)
            rows.append(Self.referenceRow(failure))
        }
        XCTAssertEqual(output.render(), Self.referenceRender(rows))
    }

    func testAReviewAloneAndAFailureAloneAreLaidOutAsByCharacters() throws {
        for text in Self.awkwardTexts {
            var output = ReplayTextOutput()
            let failure = ReplayInputError(source: text, reason: text)
            output.addFailure(failure)
            XCTAssertEqual(output.render(), Self.referenceRender([Self.referenceRow(failure)]), text.debugDescription)
        }
    }

    /// Audit rules and mutations are listed in the notes, in order, after the message and warnings.
    func testNotesListAuditedRulesAndMutations() throws {
        var verdict = Replayer.replay(try ReplayFixtures.deniedPod(), source: "n.json", policies: try ReplayFixtures.policies())
        verdict.decision.warnings = ["w1", "w2\n"]
        verdict.decision.fired = [
            FiredRule(rule: .quotaFit, action: .audit, message: ""), FiredRule(rule: .imageRegistry, action: .deny, message: ""),
            FiredRule(rule: .clusterScope, action: .audit, message: ""),
        ]
        var output = ReplayTextOutput()
        output.add(verdict)
        let expected = Self.referenceRender([Self.referenceRow(verdict)])
        XCTAssertEqual(output.render(), expected)
        XCTAssertTrue(expected.contains(#" | warning: w1 | warning: w2\n | audit: quota-fit, cluster-scope | patched: tenant-label"#), expected)
    }

    func testRenderingInPiecesGivesTheSameBytes() throws {
        let policies = try ReplayFixtures.policies()
        var output = ReplayTextOutput()
        // Enough rows for several 128 KB pieces.
        for i in 0..<3000 {
            output.add(Replayer.replay(try ReplayFixtures.deniedPod(), source: "corpus.jsonl#\(i)", policies: policies))
        }
        var pieces = 0
        var bytes: [UInt8] = []
        output.render { piece in
            pieces += 1
            bytes.append(contentsOf: piece)
        }
        XCTAssertGreaterThan(pieces, 1)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), output.render())
        XCTAssertEqual(output.render().split(separator: "\n").count, 3000)
    }
}
