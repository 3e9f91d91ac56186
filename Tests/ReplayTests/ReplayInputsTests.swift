import Foundation
import Policy
import Replay
import XCTest

/// How command-line paths become reviews: files as given, directories recursively (only `*.json` and
/// `*.jsonl`, hidden entries skipped, sorted), unreadable paths as failures naming the path.
final class ReplayInputsTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tenantry-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// Writes `text` at `relativePath` below the test directory, creating folders; returns the full path.
    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func review(_ uid: String) -> String { ReviewDecoderTests.review(uid: uid) }

    func uid(_ input: ReviewInput) -> String? { try? input.review.get().request.uid }

    func testDirectoriesAreReadRecursivelyInPathOrderAndOnlyJSONFiles() throws {
        try write("b.json", review("b"))
        try write("a/z.jsonl", review("az1") + "\n" + review("az2") + "\n")
        try write("a/notes.md", "not a review")
        try write("README", "not a review either")
        try write(".hidden.json", review("hidden"))
        try write(".git/HEAD.json", review("git"))

        let inputs = ReplayInputs.collect([directory.path])
        XCTAssertEqual(inputs.map(\.source), [
            directory.path + "/a/z.jsonl#1", directory.path + "/a/z.jsonl#2", directory.path + "/b.json",
        ])
        XCTAssertEqual(inputs.compactMap(uid), ["az1", "az2", "b"])
    }

    func testAFileNamedExplicitlyIsReadWhateverItsExtension() throws {
        let path = try write("capture.txt", review("txt"))
        XCTAssertEqual(ReplayInputs.collect([path]).compactMap(uid), ["txt"])
    }

    func testPathsKeepTheirCommandLineOrder() throws {
        let second = try write("2.json", review("two"))
        let first = try write("1.json", review("one"))
        XCTAssertEqual(ReplayInputs.collect([second, first]).compactMap(uid), ["two", "one"])
    }

    func testAMissingPathIsAFailureNamingIt() throws {
        let missing = directory.appendingPathComponent("missing.json").path
        let good = try write("good.json", review("good"))
        let inputs = ReplayInputs.collect([missing, good])
        XCTAssertEqual(inputs.map(\.source), [missing, good])
        guard case .failure(let error) = inputs[0].review else { return XCTFail("a missing file must fail") }
        XCTAssertEqual(error.source, missing)
        XCTAssertTrue(error.description.hasPrefix(missing + ": "), error.description)
        XCTAssertEqual(uid(inputs[1]), "good")
    }

    /// What hides reviews (a directory too deep, a dangling link to a review file) is a failure in its
    /// place, and the rest is replayed; a dangling link to anything else, and a FIFO (which would block
    /// the reader), are skipped.
    func testProblemsInADirectoryAreFailuresInTheirPlace() throws {
        try write("a.json", review("a"))
        try write("z.json", review("z"))
        let deep = String(repeating: "d/", count: DirectoryWalker.maxDepth)
        try write(deep + "deep.json", review("deep"))
        let tooDeep = directory.path + "/" + String(deep.dropLast())
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: directory.path + "/m.json", withDestinationPath: "nowhere.json")
        try manager.createSymbolicLink(atPath: directory.path + "/notes", withDestinationPath: "nowhere")
        XCTAssertEqual(mkfifo(directory.path + "/pipe.json", 0o600), 0)

        let inputs = ReplayInputs.collect([directory.path])
        XCTAssertEqual(inputs.map(\.source), [
            directory.path + "/a.json", tooDeep, directory.path + "/m.json", directory.path + "/z.json",
        ])
        XCTAssertEqual(inputs.map(uid), ["a", nil, nil, "z"])
        XCTAssertEqual(inputs.map { input -> String? in
            guard case .failure(let error) = input.review else { return nil }
            return error.reason
        }, [nil, "nested deeper than 32 directories; not read", "No such file or directory", nil])
    }

    func testADirectoryThatVanishesIsOneFailureNamingIt() {
        let missing = directory.path + "/missing"
        let files = InputFiles.files(under: missing) { _ in true }
        XCTAssertEqual(files.count, 1)
        guard case .failure(let failure) = files.first else { return XCTFail("\(files)") }
        XCTAssertEqual(failure.description, missing + ": No such file or directory")
    }

    func testAnEmptyDirectoryGivesNothing() {
        XCTAssertEqual(ReplayInputs.collect([directory.path]).count, 0)
    }
}

/// A symlink loop inside a capture directory is followed once, not reported as an error.
final class ReplayInputsSymlinkTests: XCTestCase {
    func testSymlinkLoopIsFollowedOnce() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tenantry-loop-\(getpid())")
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("a"), withIntermediateDirectories: true)
        try ReviewDecoderTests.review(uid: "loop").write(to: root.appendingPathComponent("a/r.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("a/back"), withDestinationURL: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let files = InputFiles.files(under: root.path) { _ in true }
        XCTAssertEqual(files.map { (try? $0.get()).map { ($0 as NSString).lastPathComponent } }, ["r.json"])
        let inputs = ReplayInputs.collect([root.path])
        XCTAssertEqual(inputs.count, 1)
        XCTAssertEqual(try inputs[0].review.get().request.uid, "loop")
    }
}
