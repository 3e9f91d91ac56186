import Foundation
import Policy
import XCTest

/// The one directory walker the compiler, the reload check and replay share.
final class DirectoryWalkerTests: XCTestCase {
    /// Paths relative to `root` (without the `root/` prefix), with each entry's outcome.
    private func walk(_ root: TemporaryDirectory) throws -> [(path: String, status: Result<FileStatus, WalkProblem>)] {
        try DirectoryWalker.entries(under: root.path).map { (String($0.path.dropFirst(root.path.count + 1)), $0.status) }
    }

    private func files(_ root: TemporaryDirectory) throws -> [String] {
        try walk(root).filter { (try? $0.status.get()) != nil }.map(\.path)
    }

    private func problems(_ root: TemporaryDirectory) throws -> [String: WalkProblem] {
        var out: [String: WalkProblem] = [:]
        for entry in try walk(root) {
            if case .failure(let problem) = entry.status { out[entry.path] = problem }
        }
        return out
    }

    func testEntriesAreSortedByPathBytesAcrossDirectories() throws {
        let root = try TemporaryDirectory()
        for name in ["b.txt", "a/z", "a-c", "A", "é", "a/b/c"] { try root.write(name, "x") }
        // Byte order, not Character order and not depth-first order: `-` (0x2d) sorts before `/` (0x2f).
        XCTAssertEqual(try files(root), ["A", "a-c", "a/b/c", "a/z", "b.txt", "é"])
    }

    func testDotEntriesAreSkipped() throws {
        let root = try TemporaryDirectory()
        try root.write("visible", "x")
        try root.write(".hidden", "x")
        try root.write(".git/config", "x")
        try root.write("..2024_01_01/platform.yaml", "x")
        try root.symlink("..data", to: "..2024_01_01")
        try root.symlink("platform.yaml", to: "..data/platform.yaml")
        XCTAssertEqual(try files(root), ["platform.yaml", "visible"])
        XCTAssertEqual(try DirectoryWalker.visibleNames(in: root.path), ["platform.yaml", "visible"])
    }

    func testSymlinksAreFollowedToTheirTargetsStatus() throws {
        let root = try TemporaryDirectory()
        let outside = try TemporaryDirectory()
        try root.write("real/f", "12345")
        try outside.write("g", "x")
        try root.symlink("link.txt", to: "real/f")
        try root.symlink("alias", to: outside.path)
        XCTAssertEqual(try files(root), ["alias/g", "link.txt", "real/f"])
        let entries = try walk(root)
        let link = try XCTUnwrap(entries.first { $0.path == "link.txt" }).status.get()
        let real = try XCTUnwrap(entries.first { $0.path == "real/f" }).status.get()
        XCTAssertEqual(link, real, "a link's status is its target's")
        XCTAssertEqual(link.kind, .regularFile)
        XCTAssertEqual(link.size, 5)
    }

    func testLoopIsReportedAndNotFollowed() throws {
        let root = try TemporaryDirectory()
        try root.write("a/f", "x")
        try root.symlink("a/back", to: "..")
        try root.symlink("a/self", to: ".")
        XCTAssertEqual(try walk(root).map(\.path), ["a/back", "a/f", "a/self"])
        XCTAssertEqual(try problems(root), ["a/back": .alreadyWalked, "a/self": .alreadyWalked])
    }

    /// Two links to one directory: the one whose name sorts first is walked, whatever the file system's
    /// order, and the other is reported.
    func testASecondLinkToADirectoryIsReportedNotWalkedTwice() throws {
        let root = try TemporaryDirectory()
        try root.write("z-data/f", "x")
        try root.symlink("a-link", to: "z-data")
        XCTAssertEqual(try files(root), ["a-link/f"])
        XCTAssertEqual(try problems(root), ["z-data": .alreadyWalked])
    }

    func testDanglingLinksAndLinkCyclesAreReported() throws {
        let root = try TemporaryDirectory()
        try root.write("kept", "x")
        try root.symlink("gone", to: "nowhere")
        try root.symlink("c1", to: "c2")
        try root.symlink("c2", to: "c1")
        XCTAssertEqual(try files(root), ["kept"])
        XCTAssertEqual(try problems(root), [
            "gone": .cannotStat(reason: "No such file or directory"),
            "c1": .cannotStat(reason: "Too many levels of symbolic links"),
            "c2": .cannotStat(reason: "Too many levels of symbolic links"),
        ])
    }

    /// Directories `maxDepth - 1` levels down are read; one `maxDepth` levels down is reported.
    func testDepthLimit() throws {
        let root = try TemporaryDirectory()
        let levels = (1...DirectoryWalker.maxDepth).map { String(repeating: "d/", count: $0) }
        for level in levels { try root.write(level + "f", "x") }
        let deepest = String(levels[levels.count - 1].dropLast())
        XCTAssertEqual(try problems(root), [deepest: .tooDeep])
        XCTAssertEqual(try files(root), levels.dropLast().map { $0 + "f" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        XCTAssertEqual(WalkProblem.tooDeep.description, "nested deeper than 32 directories; not read")
    }

    func testUnreadableDirectoryIsReportedAndTheRestWalked() throws {
        let root = try TemporaryDirectory()
        try root.write("locked/f", "x")
        try root.write("open/g", "x")
        try root.lock("locked")
        XCTAssertEqual(try files(root), ["open/g"])
        XCTAssertEqual(try problems(root), ["locked": .unreadableDirectory(reason: "Permission denied")])
        XCTAssertThrowsError(try DirectoryWalker.visibleNames(in: root.path + "/locked")) { error in
            XCTAssertEqual(error as? WalkProblem, .unreadableDirectory(reason: "Permission denied"))
        }
    }

    func testARootThatCannotBeWalkedThrows() throws {
        let root = try TemporaryDirectory()
        try root.write("file", "x")
        XCTAssertThrowsError(try DirectoryWalker.entries(under: root.path + "/missing")) { error in
            XCTAssertEqual(error as? WalkProblem, .cannotStat(reason: "No such file or directory"))
        }
        XCTAssertThrowsError(try DirectoryWalker.entries(under: root.path + "/file")) { error in
            XCTAssertEqual(error as? WalkProblem, .notADirectory)
        }
        XCTAssertThrowsError(try DirectoryWalker.visibleNames(in: root.path + "/missing")) { error in
            XCTAssertEqual(error as? WalkProblem, .unreadableDirectory(reason: "No such file or directory"))
        }
    }

    func testARootWithATrailingSlashGivesSingleSlashes() throws {
        let root = try TemporaryDirectory()
        try root.write("a/f", "x")
        XCTAssertEqual(try DirectoryWalker.entries(under: root.path + "/").map(\.path), [root.path + "/a/f"])
    }

    func testFIFOsAreListedAsOther() throws {
        let root = try TemporaryDirectory()
        XCTAssertEqual(mkfifo(root.path + "/pipe", 0o600), 0)
        XCTAssertEqual(try walk(root).first?.status.get().kind, .other)
    }

    func testStatusTellsAnEditFromTheFileBefore() throws {
        let root = try TemporaryDirectory()
        try root.write("f", "one")
        let modified = Date(timeIntervalSince1970: 1_700_000_000.25)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: root.path + "/f")
        let before = try XCTUnwrap(walk(root).first).status.get()
        XCTAssertEqual(before.size, 3)
        XCTAssertEqual(before.modifiedSeconds, 1_700_000_000)
        XCTAssertEqual(Double(before.modifiedNanoseconds), 250_000_000, accuracy: 1_000)
        try root.write("f", "two")  // same size, new file (written atomically): new inode
        let after = try XCTUnwrap(walk(root).first).status.get()
        XCTAssertNotEqual(before, after)
        XCTAssertEqual(try FileStatus(path: root.path + "/f"), after)
    }

    /// What a caller reads: wanted regular files, and the problems that may hide one.
    func testFilesKeepWantedFilesAndTheProblemsThatMayHideOne() throws {
        let root = try TemporaryDirectory()
        try root.write("a.yaml", "x")
        try root.write("notes.md", "x")
        try root.write("sub/b.yaml", "x")
        try root.symlink("sub/loop", to: "..")
        try root.symlink("gone.yaml", to: "nowhere.yaml")
        try root.symlink("gone-dir", to: "nowhere")
        XCTAssertEqual(mkfifo(root.path + "/pipe.yaml", 0o600), 0)
        let deep = String(repeating: "d/", count: DirectoryWalker.maxDepth)
        try root.write(deep + "c.yaml", "x")
        let kept = try DirectoryWalker.files(under: root.path) { $0.hasSuffix(".yaml") }
        XCTAssertEqual(kept.map { String($0.path.dropFirst(root.path.count + 1)) }, [
            "a.yaml", String(deep.dropLast()), "gone.yaml", "sub/b.yaml",
        ])
        XCTAssertEqual(kept.map { (try? $0.status.get()) == nil }, [false, true, true, false])
    }
}
