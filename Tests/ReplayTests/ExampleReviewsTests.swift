import Admission
import Foundation
import JSON
import Policy
import Replay
import XCTest

/// Replays `examples/reviews` against `policies/` and holds every verdict to the table in
/// `examples/reviews/README.md`. The table is parsed here, at test time, so the documentation and the
/// behaviour cannot drift apart.
final class ExampleReviewsTests: XCTestCase {
    /// One row of the README's table.
    struct Expectation: Equatable {
        var allowed: Bool
        var rules: [String]
        var mutations: [String]
    }

    struct Example {
        var file: String
        var review: AdmissionReview
        var verdict: ReplayVerdict
    }

    // MARK: The table

    /// Rows look like ``| `file.json` | what it shows | allowed | `rule-a`, `rule-b` | — |``. The
    /// description is free text, so the file is read from the first cell and the verdict from the last
    /// three: a `|` inside a description cannot shift the columns that matter.
    static func parseTable(_ markdown: String) throws -> [String: Expectation] {
        var rows: [String: Expectation] = [:]
        for line in markdown.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // Leading and trailing `|` give an empty first and last cell.
            guard cells.count >= 7, cells.first == "", cells.last == "" else {
                throw TableError("a table row without five columns: \(line)")
            }
            let file = unquote(cells[1])
            let verdict = cells[cells.count - 4]
            guard verdict == "allowed" || verdict == "denied" else {
                throw TableError("verdict must be allowed or denied, found \"\(verdict)\" in: \(line)")
            }
            guard rows[file] == nil else { throw TableError("\(file) is in the table twice") }
            rows[file] = Expectation(
                allowed: verdict == "allowed", rules: list(cells[cells.count - 3]), mutations: list(cells[cells.count - 2]))
        }
        return rows
    }

    /// `—` is the empty list; otherwise backquoted ids separated by commas.
    static func list(_ cell: String) -> [String] {
        cell == "—" ? [] : cell.split(separator: ",").map { unquote($0.trimmingCharacters(in: .whitespaces)) }
    }

    static func unquote(_ cell: String) -> String {
        cell.hasPrefix("`") && cell.hasSuffix("`") && cell.count >= 2 ? String(cell.dropFirst().dropLast()) : cell
    }

    struct TableError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    func testTableParserReadsListsAndIgnoresPipesInDescriptions() throws {
        let table = """
            | File | What it shows | Verdict | Rules fired | Mutations |
            |---|---|---|---|---|
            | `a.json` | a | b, with a `|` in it | denied | `quota-fit`, `cross-tenant` | `tenant-label` |
            | `b.json` | nothing | allowed | — | — |
            """
        let rows = try Self.parseTable(table)
        XCTAssertEqual(rows["a.json"], Expectation(allowed: false, rules: ["quota-fit", "cross-tenant"], mutations: ["tenant-label"]))
        XCTAssertEqual(rows["b.json"], Expectation(allowed: true, rules: [], mutations: []))
        XCTAssertEqual(rows.count, 2)
    }

    func testTableParserRejectsAnUnknownVerdict() {
        XCTAssertThrowsError(try Self.parseTable("| `a.json` | x | maybe | — | — |"))
    }

    // MARK: Replaying the examples

    func loadExamples() throws -> (table: [String: Expectation], examples: [Example], policies: PolicySet) {
        let readme = try String(contentsOf: Repository.exampleReviews.appendingPathComponent("README.md"), encoding: .utf8)
        let table = try Self.parseTable(readme)
        let policies = try PolicyCompiler.compile(directory: Repository.policies)
        var examples: [Example] = []
        for input in ReplayInputs.collect([Repository.exampleReviews.path]) {
            let file = URL(fileURLWithPath: input.source).lastPathComponent
            let review = try input.review.get()
            examples.append(Example(file: file, review: review, verdict: Replayer.replay(review, source: input.source, policies: policies)))
        }
        return (table, examples, policies)
    }

    func testEveryExampleIsInTheTableAndEveryRowHasAFile() throws {
        let (table, examples, _) = try loadExamples()
        let files = examples.map(\.file)
        XCTAssertFalse(files.isEmpty, "no reviews found in \(Repository.exampleReviews.path)")
        XCTAssertEqual(Set(files).count, files.count, "a file gave more than one review: \(files)")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Repository.exampleReviews.path)
            .filter { $0.hasSuffix(".json") }
        XCTAssertEqual(Set(files), Set(onDisk), "every .json file must replay as one review")
        XCTAssertEqual(Set(files).subtracting(table.keys).sorted(), [], "files missing from the README table")
        XCTAssertEqual(Set(table.keys).subtracting(files).sorted(), [], "README rows without a file")
    }

    func testEveryVerdictMatchesTheTable() throws {
        let (table, examples, _) = try loadExamples()
        for example in examples {
            guard let expected = table[example.file] else { continue }  // reported by the test above
            let verdict = example.verdict
            let actual = Expectation(
                allowed: verdict.decision.allowed,
                rules: verdict.decision.rules.map(\.rawValue),
                mutations: verdict.mutation.applied.map(\.rawValue))
            XCTAssertEqual(actual, expected, "\(example.file): \(verdict.decision.message ?? "allowed")")
            // A denial always explains itself; an allowed review never carries a denial message.
            XCTAssertEqual(verdict.decision.message == nil, verdict.decision.allowed, example.file)
            if let message = verdict.decision.message {
                XCTAssertTrue(message.hasPrefix("tenantry: ["), "\(example.file): \(message)")
            }
        }
    }

    /// The patch the server would send turns the request's object into exactly the object the
    /// validating pass judged.
    func testEveryPatchAppliesToItsObject() throws {
        let (_, examples, _) = try loadExamples()
        var patchedCount = 0
        for example in examples {
            let mutation = example.verdict.mutation
            guard let object = example.review.request.object else {
                XCTAssertTrue(mutation.patch.isEmpty, "\(example.file): a patch for a request without an object")
                XCTAssertNil(mutation.patchedObject, example.file)
                continue
            }
            XCTAssertEqual(try mutation.patch.apply(to: object), mutation.patchedObject, example.file)
            // The patch goes on the wire: it must survive its own JSON form.
            let wire = try JSONReader.parse(JSONWriter.string(mutation.patch.json))
            XCTAssertEqual(wire, mutation.patch.json, example.file)
            XCTAssertEqual(mutation.applied.isEmpty, mutation.patch.isEmpty, example.file)
            if !mutation.patch.isEmpty { patchedCount += 1 }
        }
        XCTAssertGreaterThan(patchedCount, 0, "no example was patched: the check above proved nothing")
    }

    /// Sending the patched object through again changes nothing and gets the same verdict, as when
    /// the API server reinvokes the webhook or a controller re-applies what it read back.
    func testReplayingThePatchedObjectIsIdempotent() throws {
        let (_, examples, policies) = try loadExamples()
        for example in examples where !example.verdict.mutation.patch.isEmpty {
            var again = example.review
            again.request.object = example.verdict.mutation.patchedObject
            let second = Replayer.replay(again, source: example.file, policies: policies)
            XCTAssertEqual(second.mutation.patch, JSONPatch([]), "\(example.file): second pass patched \(JSONWriter.string(second.mutation.patch.json))")
            XCTAssertEqual(second.mutation.applied, [], example.file)
            XCTAssertEqual(second.decision, example.verdict.decision, example.file)
        }
    }
}
