import Admission
import Foundation
import JSON
@testable import Policy
@testable import Replay
import XCTest

/// Inputs are read in chunks and JSON Lines streamed line by line (`LineReader`,
/// `ReviewDecoder.forEachReview(reading:)`); every input must give exactly what its whole bytes give
/// (`ReviewDecoder.forEachReview(in:)`), whatever the chunk size and wherever a chunk ends.
final class StreamingInputTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tenantry-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    func review(_ uid: String) -> String { ReviewDecoderTests.review(uid: uid) }

    /// Writes `bytes` to a file; returns its path.
    func file(_ bytes: [UInt8], name: String = "in.jsonl") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Every line `LineReader` hands out, with its number, read `chunk` bytes at a time.
    func readLines(_ bytes: [UInt8], chunk: Int) throws -> [(Int, [UInt8])] {
        let path = try file(bytes)
        let fd = open(path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var reader = LineReader(descriptor: fd, path: path, chunk: chunk)
        reader.discardConsumed()
        var out: [(Int, [UInt8])] = []
        while let line = try reader.next() { out.append((reader.lineNumber, Array(line))) }
        return out
    }

    /// A description of what a stream of inputs gave, to compare two of them.
    func describe(_ inputs: [ReviewInput]) -> [String] {
        inputs.map { input in
            switch input.review {
            case .success(let review): return "\(input.source) ok \(review.request.uid) \(review.request.name) \(review.version)"
            case .failure(let error): return "\(input.source) failed \(error.source): \(error.reason)"
            }
        }
    }

    /// What `forEachReview(reading:)` gives for `text` read `chunk` bytes at a time.
    func streamed(_ text: String, chunk: Int) throws -> [ReviewInput] {
        let path = try file(Array(text.utf8))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var reader = LineReader(descriptor: fd, path: "in.jsonl", chunk: chunk)
        var inputs: [ReviewInput] = []
        try ReviewDecoder.forEachReview(reading: &reader, source: "in.jsonl") { inputs.append($0) }
        return inputs
    }

    // MARK: Lines

    func testLinesAreSplitAsTheWholeBytesAreAtEveryChunkSize() throws {
        let long = String(repeating: "x", count: 300)
        let texts = [
            "", "\n", "a", "a\n", "a\nb", "a\nb\n", "\n\na\n\n", "a\r\nb\r\n", " \t\r\n a \n", "a\n\n\n\nb",
            "\(long)\n\(long)x\n\n\(long)", String(repeating: "line\n", count: 100), "{}\n[]\n\"\"",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            // What the in-memory splitter gives, blank lines dropped (the reader hands them out too).
            let expected = ReviewDecoder.lineRanges(bytes).map { ($0.0, Array(bytes[$0.1])) }
            for chunk in [16, 17, 64, 1000, LineReader.defaultChunk] {
                let lines = try readLines(bytes, chunk: chunk).filter { !$0.1.allSatisfy { [0x20, 0x09, 0x0D].contains($0) } }
                XCTAssertEqual(lines.map(\.0), expected.map(\.0), "\(text.debugDescription), chunk \(chunk)")
                XCTAssertEqual(lines.map(\.1), expected.map(\.1), "\(text.debugDescription), chunk \(chunk)")
            }
        }
    }

    func testBlankLinesAreHandedOutAndCounted() throws {
        let lines = try readLines(Array("a\n\n \nb\n".utf8), chunk: 16)
        XCTAssertEqual(lines.map(\.0), [1, 2, 3, 4])
        XCTAssertEqual(lines.map { String(decoding: $0.1, as: UTF8.self) }, ["a", "", " ", "b"])
    }

    func testRestGivesTheWholeInputUntilConsumedBytesMayBeDropped() throws {
        let text = "first line\n" + String(repeating: "more\n", count: 50)
        let path = try file(Array(text.utf8))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var reader = LineReader(descriptor: fd, path: path, chunk: 16)
        XCTAssertEqual(try reader.next().map { String(decoding: $0, as: UTF8.self) }, "first line")
        XCTAssertTrue(try reader.hasContentAhead())
        XCTAssertEqual(try reader.rest(), Array(text.utf8))
    }

    func testContentAheadIgnoresWhitespaceAcrossChunks() throws {
        for chunk in [16, 64] {
            for (tail, expected) in [("", false), ("\n", false), (" \r\n\t\n\n" + String(repeating: " ", count: 100), false),
                                     (String(repeating: "\n", count: 100) + "x", true), ("\n]", true)] {
                let path = try file(Array(("{\"a\":1}\n" + tail).utf8))
                let fd = open(path, O_RDONLY)
                defer { close(fd) }
                var reader = LineReader(descriptor: fd, path: path, chunk: chunk)
                _ = try reader.next()
                XCTAssertEqual(try reader.hasContentAhead(), expected, "\(tail.debugDescription), chunk \(chunk)")
                // Looking ahead hands nothing out: the next line is still the one after the first.
                let next = try reader.next().map { String(decoding: $0, as: UTF8.self) }
                // (By bytes: "\r\n" is one `Character`.)
                XCTAssertEqual(next, tail.isEmpty ? nil : String(decoding: tail.utf8.prefix { $0 != 0x0A }, as: UTF8.self))
            }
        }
    }

    // MARK: Reviews

    /// Inputs of every form, and the edges of the rule that decides to stream.
    var inputForms: [String] {
        let a = review("a"), b = review("b"), c = review("c")
        let pretty = "{\n  \"apiVersion\": \"admission.k8s.io/v1\",\n  \"kind\": \"AdmissionReview\",\n  \"request\": " + String(a.dropFirst(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":"#.count))
        return [
            "\(a)\n\(b)\n\(c)\n",                       // JSON Lines
            "\(a)\n\(b)\n\(c)",                         // no newline at the end
            "\n\n\(a)\r\n\r\n\(b)\r\n",                 // blank lines first, CRLF
            "\(a)\n{\"apiVersion\": oops}\n\(c)\n",     // a broken line in the middle
            "{\"apiVersion\": oops}\n\(b)\n\(c)\n",     // a broken first line: judged whole, lines kept
            "{}\n\(b)\n",                               // an empty object first: held back, then kept
            "[]\n{}\n",                                 // no record at all: the whole-file error
            "\(a)\n",                                   // one review on one line: named by the file
            "\(a)",                                     // ... without a newline
            "\(a)\n \n\t\n",                            // ... with blank lines after it
            "\(a)  \n",                                 // ... with spaces after it
            "\(a) x\n\(b)\n",                           // junk after the first object on its line
            "[\(a),\(b)]\n",                            // an array on one line
            "[\(a),\n\(b)]\n",                          // an array over lines
            "[\(a)]\n\(b)\n",                           // an array, then a review
            pretty,                                     // a pretty-printed review
            "{\n  \"apiVersion\": oops\n}\n",           // a broken pretty-printed review
            "{\"review\":\(a),\"response\":{\"allowed\":true}}\n{\"review\":\(b)}\n",  // capture records
            "{\"kind\":\"AdmissionReview\"}\n\(b)\n",   // a first line that is not a review
            "", "\n\n", "  ",                           // nothing at all
            "\(a)\n\(a)\n",                             // a repeated line
            "123\n\(b)\n",                              // a number first
        ]
    }

    func testStreamedInputsGiveWhatTheirWholeBytesGiveAtEveryChunkSize() throws {
        for text in inputForms {
            let expected = describe(ReviewDecoder.reviews(in: Array(text.utf8), source: "in.jsonl"))
            for chunk in [16, 100, 1000, 4096, LineReader.defaultChunk] {
                XCTAssertEqual(describe(try streamed(text, chunk: chunk)), expected, "\(text.debugDescription), chunk \(chunk)")
            }
        }
    }

    func testJSONLinesAreNamedByLineNumber() throws {
        var text = ""
        for i in 1...120 { text += (i % 7 == 0 ? "\n" : review("u\(i)") + "\n") }
        let inputs = try streamed(text, chunk: 4096)
        let expected = (1...120).filter { $0 % 7 != 0 }
        XCTAssertEqual(inputs.map(\.source), expected.map { "in.jsonl#\($0)" })
        XCTAssertEqual(inputs.compactMap { try? $0.review.get().request.uid }, expected.map { "u\($0)" })
    }

    /// The lines share one array for parsing; reviews kept past their line must not see the next
    /// line's bytes.
    func testKeptReviewsKeepTheirOwnBytes() throws {
        var text = ""
        for i in 1...50 { text += review("keep-\(i)-" + String(repeating: "z", count: i)) + "\n" }
        let inputs = try streamed(text, chunk: 1000)
        let uids = inputs.compactMap { try? $0.review.get().request.uid }
        XCTAssertEqual(uids, (1...50).map { "keep-\($0)-" + String(repeating: "z", count: $0) })
        let names = inputs.compactMap { try? $0.review.get().request.object?["metadata"]?["name"]?.stringValue }
        XCTAssertEqual(names, Array(repeating: "web", count: 50))
    }

    func testSourceNamesHaveEveryDigit() {
        let parser = JSONLinesParser(source: "dir/ä.jsonl")
        for n in [1, 9, 10, 99, 100, 12345, 1_000_000_007] {
            XCTAssertEqual(parser.source(line: n), "dir/ä.jsonl#\(n)")
        }
    }

    func testADirectoryNamedAsAFileIsAFailure() throws {
        XCTAssertThrowsError(try InputFiles.withLines(of: directory.path) { _ in () }) { error in
            XCTAssertEqual((error as? InputFiles.Failure)?.reason, "is a directory")
        }
    }

    func testFilesAreStreamedThroughReplayInputs() throws {
        let path = try file(Array("\(review("a"))\n\n\(review("b"))\n".utf8), name: "c.jsonl")
        let inputs = ReplayInputs.collect([path])
        XCTAssertEqual(inputs.map(\.source), [path + "#1", path + "#3"])
    }

    // MARK: Output

    /// The rules are written sorted by id, repeats kept, as `Decision.rules` lists them.
    func testRulesAreWrittenSortedWithRepeats() throws {
        var verdict = Replayer.replay(try ReplayFixtures.deniedPod(), source: "x", policies: try ReplayFixtures.policies())
        let orders: [[RuleID]] = [
            [], [.pdbDrain], [.quotaFit, .clusterScope], [.tenantLabel, .crossTenant, .tenantLabel, .podSecurity],
            RuleID.allCases.reversed(), RuleID.allCases + RuleID.allCases.reversed(),
        ]
        for rules in orders {
            verdict.decision.fired = rules.map { FiredRule(rule: $0, action: .deny, message: "m") }
            var out: [UInt8] = []
            ReplayJSONOutput.write(verdict, into: &out)
            guard case .object(let line) = try JSONReader.parse(Array(out.dropLast())) else { return XCTFail("not an object") }
            XCTAssertEqual(line["rules"], .array(verdict.decision.rules.map { .string($0.rawValue) }), "\(rules)")
        }
    }
}
