#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What tells one state of a policy directory from the next without reading a byte of it: the path,
/// device, inode, size and modification time of every policy file, found the way the compiler finds
/// them (dot-entries skipped, symlinks followed).
///
/// A ConfigMap volume update swaps the `..data` symlink to a new timestamped directory: the visible
/// `platform.yaml → ..data/platform.yaml` links then resolve to new inodes, so the swap shows even
/// when sizes and times happen to match. An editor's save (write-and-rename or in place) changes the
/// inode or the mtime; a new or deleted file changes the path list.
struct PolicyFingerprint: Hashable, Sendable {
    struct Entry: Hashable, Sendable {
        var path: String
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64
    }

    /// Sorted by path. An unreadable directory yields the entry for the directory itself only (with
    /// zeroes), so its coming back is a change too.
    var entries: [Entry]

    static let maxDepth = 32

    init(directory: String) {
        var entries: [Entry] = []
        var visited: Set<[UInt64]> = []
        Self.walk(directory, depth: 0, visited: &visited, into: &entries)
        entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        self.entries = entries
    }

    private static func walk(_ directory: String, depth: Int, visited: inout Set<[UInt64]>, into entries: inout [Entry]) {
        guard depth < maxDepth, let info = status(directory), (info.st_mode & S_IFMT) == S_IFDIR,
            visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted,
            let handle = opendir(directory)
        else {
            if depth == 0 { entries.append(Entry(path: directory, device: 0, inode: 0, size: 0, modifiedSeconds: 0, modifiedNanoseconds: 0)) }
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        closedir(handle)
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            guard let info = status(path) else {
                // A dangling link mid-swap: record it, so its resolving later is a change.
                if isPolicyFileName(name) {
                    entries.append(Entry(path: path, device: 0, inode: 0, size: -1, modifiedSeconds: 0, modifiedNanoseconds: 0))
                }
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(path, depth: depth + 1, visited: &visited, into: &entries)
            } else if isPolicyFileName(name) {
                #if canImport(Darwin)
                let modified = info.st_mtimespec
                #else
                let modified = info.st_mtim
                #endif
                entries.append(Entry(
                    path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                    modifiedSeconds: Int64(modified.tv_sec), modifiedNanoseconds: Int64(modified.tv_nsec)))
            }
        }
    }

    static func isPolicyFileName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// `stat`, following symlinks.
    private static func status(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }
}
