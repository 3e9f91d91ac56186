// tenantry runs on Linux (Debian); Glibc is its C library.
import Glibc
import Policy

/// Plain POSIX file access for replay inputs: read a file or stdin line by line, list a directory tree
/// (with the walker the policy compiler uses). (No Foundation: replay reads tens of thousands of reviews
/// per second.)
public enum InputFiles {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Whether `path` resolves (following symlinks) to a directory.
    public static func isDirectory(_ path: String) -> Bool {
        (try? FileStatus(path: path))?.kind == .directory
    }

    /// Calls `body` with a reader of the lines of `path` ("-": standard input), closing the file after.
    static func withLines<Result>(of path: String, _ body: (inout LineReader) throws(Failure) -> Result) throws(Failure) -> Result {
        let fd = try open(path)
        defer { if path != "-" { close(fd) } }
        var lines = LineReader(descriptor: fd, path: path)
        return try body(&lines)
    }

    /// `path` opened for reading ("-": standard input); a directory is refused, as reading it fails.
    private static func open(_ path: String) throws(Failure) -> Int32 {
        let fd = path == "-" ? STDIN_FILENO : Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            if path != "-" { close(fd) }
            throw Failure(path: path, reason: "is a directory")
        }
        return fd
    }

    /// The files below `directory` whose path `wanted` accepts, sorted by path bytes, each a path to
    /// read or a failure to report in its place; the others are still read. The choice is
    /// `DirectoryWalker.files(under:where:)`, the compiler's: hidden entries skipped (`.git`, a
    /// ConfigMap volume's `..data` twin), symlinks followed and a loop followed once; a directory that
    /// cannot be read or is nested too deep is a failure naming it, and so is a dangling link `wanted`
    /// accepts. When `directory` itself cannot be walked, that is the one failure.
    public static func files(under directory: String, where wanted: (String) -> Bool) -> [Result<String, Failure>] {
        let entries: [DirectoryWalker.Entry]
        do throws(WalkProblem) {
            entries = try DirectoryWalker.files(under: directory, where: wanted)
        } catch {
            return [.failure(Failure(path: directory, reason: error.description))]
        }
        return entries.map { entry in
            entry.status.map { _ in entry.path }.mapError { Failure(path: entry.path, reason: $0.description) }
        }
    }
}
