#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists a directory tree with POSIX calls, the one way tenantry does it: the policy compiler, the
/// server's reload check (which must see exactly what the compiler reads) and replay all walk through
/// here, and each decides what a problem entry means for it.
///
/// - Entries whose name starts with `.` are skipped: a ConfigMap volume holds every file twice, once
///   under the visible symlinks and once under `..data` / `..2024_01_01_00_00_00.123`; `.git` and
///   editor droppings go with them.
/// - Symlinks are followed (those ConfigMap links are how the files are reached). A directory is walked
///   once: reached again through a symlink (by device and inode), it is reported as `.alreadyWalked` and
///   not entered, which stops loops. Directory names are taken in byte order, so which of two links to
///   one directory is walked does not depend on the file system's order.
/// - A directory `maxDepth` levels below the root is reported as `.tooDeep`, not read.
/// - Names that are not UTF-8 are decoded with replacement characters; the path then names nothing and
///   the entry is reported as `.cannotStat`.
public enum DirectoryWalker {
    /// Deep enough for any real layout (a ConfigMap volume is two levels, a GitOps tree a handful); stops
    /// runaway recursion through odd mounts that loop detection cannot see.
    public static let maxDepth = 32

    /// One entry below the root: a file with its status, or a problem at that path.
    public struct Entry: Hashable, Sendable {
        public var path: String
        /// The status of what the path resolves to (a regular file or `.other`, never a directory: those
        /// are walked, not listed), or why there is none.
        public var status: Result<FileStatus, WalkProblem>
    }

    /// Every file below `root` and every problem met on the way, sorted by the paths' UTF-8 bytes; each
    /// path is `root`, then `/` unless `root` ends with one, then the names below it.
    ///
    /// Throws when the root itself cannot be walked: `.cannotStat` (missing), `.notADirectory`,
    /// `.unreadableDirectory`.
    public static func entries(under root: String) throws(WalkProblem) -> [Entry] {
        let status = try FileStatus(path: root)
        guard status.kind == .directory else { throw .notADirectory }
        var walk = Walk()
        walk.visited.insert(status.identity)
        walk.walk(try visibleNames(in: root), of: root, depth: 0)
        return walk.entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The files below `root` that a caller reads, and the problems that may hide one from it; what
    /// the compiler and replay both want from `entries(under:)`:
    /// - regular files whose path `wanted` accepts (FIFOs, sockets and devices are skipped: reading a
    ///   FIFO would block);
    /// - every directory that could not be read (`.unreadableDirectory`, `.tooDeep`): anything may be
    ///   in it;
    /// - dangling symlinks (`.cannotStat`) whose path `wanted` accepts; others name nothing wanted.
    ///
    /// `.alreadyWalked` is dropped: its files are listed under the path that was walked. Throws, as
    /// `entries(under:)` does, when the root cannot be walked.
    public static func files(under root: String, where wanted: (String) -> Bool) throws(WalkProblem) -> [Entry] {
        try entries(under: root).filter { entry in
            switch entry.status {
            case .success(let status): status.kind == .regularFile && wanted(entry.path)
            case .failure(.cannotStat): wanted(entry.path)
            case .failure(.unreadableDirectory), .failure(.tooDeep): true
            case .failure(.alreadyWalked), .failure(.notADirectory): false
            }
        }
    }

    /// The names in one directory, without those starting with `.` (so without `.` and `..`), sorted by
    /// their UTF-8 bytes. Nothing is stat'ed.
    public static func visibleNames(in directory: String) throws(WalkProblem) -> [String] {
        guard let handle = opendir(directory) else { throw .unreadableDirectory(reason: systemError()) }
        defer { closedir(handle) }
        var names: [String] = []
        while true {
            // readdir returns nil both at the end and on an error; only errno tells them apart.
            errno = 0
            guard let entry = readdir(handle) else {
                if errno != 0 { throw .unreadableDirectory(reason: systemError()) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

/// Why an entry of a walk, or the walk as a whole, gave no file.
public enum WalkProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// `stat` failed: a dangling symlink (a ConfigMap volume mid-swap), a cycle of symlinks, an entry
    /// removed while walking; for the root, a missing directory.
    case cannotStat(reason: String)
    /// `opendir` or `readdir` failed: no permission, or an I/O error.
    case unreadableDirectory(reason: String)
    /// The root is not a directory (never reported for an entry below it).
    case notADirectory
    /// A directory reached a second time through a symlink: a loop back up the tree, or a second link to
    /// a directory already walked under another path. Not walked again.
    case alreadyWalked
    /// A directory `DirectoryWalker.maxDepth` levels below the root; not read.
    case tooDeep

    /// What follows `path: ` in a message: the system's reason, or a phrase.
    public var description: String {
        switch self {
        case .cannotStat(let reason), .unreadableDirectory(let reason): reason
        case .notADirectory: "is not a directory"
        case .alreadyWalked: "a directory already walked through another path (a symlink loop?); not read again"
        case .tooDeep: "nested deeper than \(DirectoryWalker.maxDepth) directories; not read"
        }
    }
}

/// The state of one walk: what it found, and the directories it has entered.
private struct Walk {
    var visited: Set<FileStatus.Identity> = []
    var entries: [DirectoryWalker.Entry] = []

    /// Walks `names`, the visible contents of `directory`, which is `depth` levels below the root.
    mutating func walk(_ names: [String], of directory: String, depth: Int) {
        for name in names {
            let path = DirectoryWalker.path(directory, name)
            let status: FileStatus
            do throws(WalkProblem) {
                status = try FileStatus(path: path)
            } catch {
                entries.append(.init(path: path, status: .failure(error)))
                continue
            }
            guard status.kind == .directory else {
                entries.append(.init(path: path, status: .success(status)))
                continue
            }
            guard !visited.contains(status.identity) else {
                entries.append(.init(path: path, status: .failure(.alreadyWalked)))
                continue
            }
            guard depth + 1 < DirectoryWalker.maxDepth else {
                entries.append(.init(path: path, status: .failure(.tooDeep)))
                continue
            }
            visited.insert(status.identity)
            do throws(WalkProblem) {
                walk(try DirectoryWalker.visibleNames(in: path), of: path, depth: depth + 1)
            } catch {
                entries.append(.init(path: path, status: .failure(error)))
            }
        }
    }
}
