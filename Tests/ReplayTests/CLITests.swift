import Foundation
import JSON
import Policy
import Replay
import XCTest

/// Runs the built `tenantry` binary as a user would, from the repository root. `swift test` builds every
/// product before testing, so the binary sits next to the test bundle. Each launch costs tens of
/// milliseconds: one launch per behaviour, several checks each.
final class CLITests: XCTestCase {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String

        var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// The products directory holds the test bundle (macOS) or is where the test executable runs from
    /// (Linux); look in each candidate rather than guessing the platform.
    static let binary: URL? = {
        let testBundle = Bundle(for: CLITests.self).bundleURL
        let candidates = [
            testBundle.deletingLastPathComponent(),
            testBundle,
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
        ]
        return candidates.map { $0.appendingPathComponent("tenantry") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    var temporaryDirectory: URL?

    override func tearDownWithError() throws {
        if let temporaryDirectory { try FileManager.default.removeItem(at: temporaryDirectory) }
    }

    func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tenantry-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        temporaryDirectory = url
        return url
    }

    /// Runs `tenantry arguments…` in the repository root. Output goes to files, not pipes, so a large
    /// output can never block the child while the test waits for it.
    func tenantry(_ arguments: [String], stdin: URL? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let binary = try XCTUnwrap(Self.binary, "tenantry binary not found next to the test bundle; run `swift test`, which builds it", file: file, line: line)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tenantry-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        XCTAssertTrue(FileManager.default.createFile(atPath: outURL.path, contents: nil), file: file, line: line)
        XCTAssertTrue(FileManager.default.createFile(atPath: errURL.path, contents: nil), file: file, line: line)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        process.standardOutput = out
        process.standardError = err
        process.standardInput = try stdin.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// The examples as the library reads and judges them: what the binary must agree with.
    func libraryVerdicts() throws -> [ReplayVerdict] {
        let policies = try PolicyCompiler.compile(directory: Repository.policies)
        return try ReplayInputs.collect(["examples/reviews"].map { Repository.root.appendingPathComponent($0).path })
            .map { Replayer.replay(try $0.review.get(), source: $0.source, policies: policies) }
    }

    // MARK: compile

    func testCompileExamplePoliciesPrintsTheSummary() throws {
        let run = try tenantry(["compile", "policies"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        XCTAssertTrue(run.stdoutLines.contains("tenants:    2"), run.stdout)
        let hashLine = try XCTUnwrap(run.stdoutLines.first { $0.hasPrefix("hash:") }, run.stdout)
        let hash = try XCTUnwrap(hashLine.split(separator: " ").last)
        XCTAssertTrue(hash.hasPrefix("sha256:"), hashLine)
        let hex = hash.dropFirst("sha256:".count)
        XCTAssertEqual(hex.count, 64, hashLine)
        XCTAssertTrue(hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }, hashLine)
        XCTAssertEqual(String(hex), try PolicyCompiler.compile(directory: Repository.policies).contentHash)
    }

    func testCompileBrokenPoliciesExits2WithOneLocatedLinePerError() throws {
        let dir = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tenants"), withIntermediateDirectories: true)
        try """
            apiVersion: tenantry.dev/v1alpha1
            kind: Platform
            metadata: {name: platform}
            spec:
              admins: {groups: [platform-admins]}
              "col\\nour": blue

            """.write(to: dir.appendingPathComponent("platform.yaml"), atomically: true, encoding: .utf8)
        try """
            apiVersion: tenantry.dev/v1alpha1
            kind: Tenant
            metadata: {name: acme}
            spec:
              owners: {groups: [acme-admins]}
              namespaces: {names: [shared]}
              quota:
                requests.cpu: lots

            """.write(to: dir.appendingPathComponent("tenants/acme.yaml"), atomically: true, encoding: .utf8)
        try """
            apiVersion: tenantry.dev/v1alpha1
            kind: Tenant
            metadata: {name: globex}
            spec:
              owners: {groups: [globex-admins]}
              namespaces: {names: [shared]}

            """.write(to: dir.appendingPathComponent("tenants/globex.yaml"), atomically: true, encoding: .utf8)

        let run = try tenantry(["compile", dir.path])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "", "no summary for a set that does not compile")
        let lines = run.stderrLines
        XCTAssertEqual(lines.count, 3, run.stderr)
        let expected = [
            // The key holds a newline: escaped, so the error stays on one line.
            (file: "platform.yaml", line: 6, field: #"spec.col\nour"#, says: "unknown field"),
            (file: "tenants/acme.yaml", line: 8, field: "spec.quota.requests.cpu", says: "\"lots\""),
            (file: "tenants/globex.yaml", line: 6, field: "spec.namespaces.names[0]", says: "also claimed by tenant acme"),
        ]
        for (line, want) in zip(lines, expected) {
            // FILE:LINE: FIELD: MESSAGE
            let prefix = "\(dir.path)/\(want.file):\(want.line): \(want.field): "
            XCTAssertTrue(line.hasPrefix(prefix), "expected \(prefix)…, got \(line)")
            XCTAssertTrue(line.dropFirst(prefix.count).contains(want.says), line)
        }
    }

    // MARK: replay

    func testReplayTextPrintsOneLinePerReviewThenTheSummary() throws {
        let verdicts = try libraryVerdicts()
        let run = try tenantry(["replay", "examples/reviews"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        let lines = run.stdoutLines
        XCTAssertEqual(lines.count, verdicts.count + 1, run.stdout)
        var summary = ReplaySummary()
        for verdict in verdicts { summary.count(verdict) }
        XCTAssertEqual(lines.last, summary.description)
        for (line, verdict) in zip(lines, verdicts) {
            let word = !verdict.decision.allowed ? "DENY " : verdict.decision.warnings.isEmpty ? "ALLOW " : "WARN "
            XCTAssertTrue(line.hasPrefix(word), "expected \(word): \(line)")
            XCTAssertTrue(line.contains(" examples/reviews/" + URL(fileURLWithPath: verdict.source).lastPathComponent), line)
        }
    }

    func testReplayJSONPrintsOneObjectPerReview() throws {
        let verdicts = try libraryVerdicts()
        let run = try tenantry(["replay", "--output", "json", "examples/reviews"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        let lines = run.stdoutLines
        XCTAssertEqual(lines.count, verdicts.count)
        for (line, verdict) in zip(lines, verdicts) {
            guard case .object(let object) = try JSONReader.parse(line) else { return XCTFail("not an object: \(line)") }
            XCTAssertEqual(object.keys, ReplayOutputTests.jsonKeys)
            XCTAssertEqual(object["uid"]?.stringValue, verdict.request.uid)
            XCTAssertEqual(object["allowed"]?.boolValue, verdict.decision.allowed, line)
            XCTAssertEqual(object["rules"], .array(verdict.decision.rules.map { .string($0.rawValue) }), line)
            XCTAssertEqual(object["patch"], verdict.mutation.patch.json, line)
        }
    }

    func testFailOnDenyExits1WhenAnyReviewIsDenied() throws {
        let verdicts = try libraryVerdicts()
        XCTAssertTrue(verdicts.contains { !$0.decision.allowed }, "the examples must include a denial")
        let run = try tenantry(["replay", "--fail-on-deny", "examples/reviews"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual(run.stdoutLines.count, verdicts.count + 1, "the verdicts are printed all the same")
    }

    /// `-` reads standard input; with nothing denied, `--fail-on-deny` keeps exit status 0.
    func testDashReadsStandardInput() throws {
        let allowed = Repository.exampleReviews.appendingPathComponent("pod-create-acme-defaults-injected.json")
        let run = try tenantry(["replay", "--fail-on-deny", "--output", "json", "-"], stdin: allowed)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdoutLines.count, 1, run.stdout)
        let line = try JSONReader.parse(run.stdoutLines.first ?? "")
        XCTAssertEqual(line["source"], "-")
        XCTAssertEqual(line["uid"], try JSONReader.parse(String(contentsOf: allowed, encoding: .utf8))["request"]?["uid"])
        XCTAssertEqual(line["allowed"], true)
    }

    func testUnreadableInputsExit2AndTheOthersAreStillPrinted() throws {
        let dir = try makeTemporaryDirectory()
        let malformed = dir.appendingPathComponent("malformed.json")
        try "{\n  \"kind\": \n".write(to: malformed, atomically: true, encoding: .utf8)
        // Not a review: the decoder quotes the bad kind, newline and all; it must stay on one line.
        let wrongKind = dir.appendingPathComponent("wrong-kind.json")
        try #"{"apiVersion":"admission.k8s.io/v1","kind":"Admission\nReview","request":{}}"#.write(to: wrongKind, atomically: true, encoding: .utf8)
        let missing = dir.appendingPathComponent("missing.json").path
        let good = "examples/reviews/pod-create-platform-critical.json"

        let run = try tenantry(["replay", missing, malformed.path, good, wrongKind.path])
        XCTAssertEqual(run.status, 2)
        let errors = run.stderrLines
        XCTAssertEqual(errors.count, 3, run.stderr)
        XCTAssertTrue(errors.contains { $0.contains(missing) && $0.contains("No such file") }, run.stderr)
        XCTAssertTrue(errors.contains { $0.contains(malformed.path) && $0.contains("malformed JSON at line 3") }, run.stderr)
        XCTAssertTrue(errors.contains { $0.contains(wrongKind.path) && $0.contains(#"found "Admission\nReview""#) }, run.stderr)
        let lines = run.stdoutLines
        XCTAssertEqual(lines.count, 5, run.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("DENY") && $0.contains(good) }, run.stdout)
        XCTAssertEqual(lines.filter { $0.hasPrefix("ERROR") }.count, 3, run.stdout)
        XCTAssertTrue(lines.last?.hasSuffix("3 unreadable") ?? false, run.stdout)
    }

    func testUnreadableInputInJSONModeGoesToStderrOnly() throws {
        let dir = try makeTemporaryDirectory()
        let missing = dir.appendingPathComponent("missing.json").path
        let good = "examples/reviews/pod-create-platform-critical.json"
        let run = try tenantry(["replay", "--output", "json", "--fail-on-deny", missing, good])
        XCTAssertEqual(run.status, 2, "unreadable input outranks a denial")
        XCTAssertEqual(run.stderrLines.count, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains(missing), run.stderr)
        XCTAssertEqual(run.stdoutLines.count, 1, run.stdout)
        XCTAssertEqual(try JSONReader.parse(run.stdoutLines.first ?? "")["source"]?.stringValue, good)
    }

    /// `tenantry replay … | head`: once the reader is gone the rest of the output is dropped, and the
    /// exit status is still the verdicts' (no death by SIGPIPE, which `set -o pipefail` reports as 141).
    func testClosedStandardOutputEndsQuietlyWithTheVerdictsStatus() throws {
        let binary = try XCTUnwrap(Self.binary)
        let stdout = Pipe()
        let stderr = Pipe()
        let process = Process()
        process.executableURL = binary
        process.arguments = ["replay", "--output", "json", "examples/reviews"]
        process.currentDirectoryURL = Repository.root
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        // No reader: the child's first write to standard output fails with EPIPE (or raises SIGPIPE).
        try stdout.fileHandleForReading.close()
        try process.run()
        process.waitUntilExit()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationReason, .exit, "killed by signal \(process.terminationStatus)")
        XCTAssertEqual(process.terminationStatus, 0, errors)
        XCTAssertEqual(errors, "")
    }

    func testBrokenPoliciesExit2BeforeAnyReview() throws {
        let dir = try makeTemporaryDirectory()
        try "apiVersion: tenantry.dev/v1alpha1\nkind: Tenant\nmetadata: {name: acme}\n"
            .write(to: dir.appendingPathComponent("acme.yaml"), atomically: true, encoding: .utf8)
        let run = try tenantry(["replay", "--policies", dir.path, "examples/reviews"])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "")
        XCTAssertFalse(run.stderr.isEmpty)
        XCTAssertTrue(run.stderrLines.allSatisfy { $0.hasPrefix(dir.path) }, "every error names the policy file or directory:\n\(run.stderr)")
    }

    // MARK: help and version

    func testHelpMentionsEverySubcommandAndFlag() throws {
        let top = try tenantry(["--help"])
        XCTAssertEqual(top.status, 0, top.stderr)
        for word in ["compile", "replay", "version", "--version", "--help"] {
            XCTAssertTrue(top.stdout.contains(word), "tenantry --help lacks \(word):\n\(top.stdout)")
        }
        let replay = try tenantry(["replay", "--help"])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        for word in ["--policies", "--output", "text", "json", "--fail-on-deny", "--help", "<paths>", "standard input"] {
            XCTAssertTrue(replay.stdout.contains(word), "tenantry replay --help lacks \(word):\n\(replay.stdout)")
        }
    }

    func testVersionPrintsTenantryAndOpenSSLVersions() throws {
        let run = try tenantry(["version"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdoutLines
        XCTAssertEqual(lines.count, 2, run.stdout)
        XCTAssertTrue(lines.first?.hasPrefix("tenantry ") ?? false, run.stdout)
        let openSSL = try XCTUnwrap(lines.last)
        XCTAssertTrue(openSSL.hasPrefix("OpenSSL "), openSSL)
        XCTAssertTrue(openSSL.dropFirst("OpenSSL ".count).first?.isNumber ?? false, openSSL)
    }
}
