#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds and reads the policy files under a directory with POSIX calls (the module avoids Foundation).
///
/// Symlinks are followed, because a ConfigMap mounted as a volume is a tree of them (`platform.yaml →
/// ..data/platform.yaml`, `..data → ..2024_01_01_00_00_00.123`); entries whose name starts with `.` are
/// skipped, which skips those `..` directories (every file would be read twice otherwise) along with
/// `.git` and editor droppings.
enum PolicyDirectory {
    struct Listing {
        var files: [String] = []
        var errors: [PolicyCompileError] = []
    }

    /// Every `*.yaml` / `*.yml` file at any depth, sorted by path, each path starting with `directory`.
    static func yamlFiles(in directory: String) -> Listing {
        var listing = Listing()
        var visited: Set<DirectoryID> = []
        let root = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let info = status(root) else {
            listing.errors.append(PolicyCompileError(file: root, line: 0, path: "", message: "cannot read policy directory: \(lastError())"))
            return listing
        }
        guard isDirectory(info) else {
            listing.errors.append(PolicyCompileError(file: root, line: 0, path: "", message: "is not a directory"))
            return listing
        }
        walk(root, info, depth: 0, visited: &visited, into: &listing)
        listing.files.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return listing
    }

    /// The file's text, which must be UTF-8.
    static func read(_ path: String) -> Result<String, PolicyCompileError> {
        guard let file = fopen(path, "rb") else {
            return .failure(PolicyCompileError(file: path, line: 0, path: "", message: "cannot open: \(lastError())"))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count {
                if ferror(file) != 0 {
                    return .failure(PolicyCompileError(file: path, line: 0, path: "", message: "cannot read: \(lastError())"))
                }
                break
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(PolicyCompileError(file: path, line: 0, path: "", message: "is not valid UTF-8"))
        }
        return .success(text)
    }

    private struct DirectoryID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Deep enough for any real layout; stops runaway recursion through odd mounts.
    private static let maxDepth = 32

    private static func walk(_ directory: String, _ info: stat, depth: Int, visited: inout Set<DirectoryID>, into listing: inout Listing) {
        // A symlink back up the tree would otherwise loop forever.
        guard visited.insert(DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
        guard depth < maxDepth else {
            listing.errors.append(PolicyCompileError(file: directory, line: 0, path: "", message: "nested deeper than \(maxDepth) directories; not read"))
            return
        }
        guard let handle = opendir(directory) else {
            listing.errors.append(PolicyCompileError(file: directory, line: 0, path: "", message: "cannot open directory: \(lastError())"))
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        closedir(handle)
        for name in names {
            let path = directory == "/" ? "/" + name : directory + "/" + name
            guard let info = status(path) else {
                // A dangling symlink, or an entry removed meanwhile: only worth an error if it looked like policy.
                if isYAMLName(name) {
                    listing.errors.append(PolicyCompileError(file: path, line: 0, path: "", message: "cannot read: \(lastError())"))
                }
                continue
            }
            if isDirectory(info) {
                walk(path, info, depth: depth + 1, visited: &visited, into: &listing)
            } else if isYAMLName(name), (info.st_mode & S_IFMT) == S_IFREG {
                listing.files.append(path)
            }
        }
    }

    static func isYAMLName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// `stat`, following symlinks.
    private static func status(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    private static func isDirectory(_ info: stat) -> Bool { (info.st_mode & S_IFMT) == S_IFDIR }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

extension PolicyCompiler {
    /// Compiles every `*.yaml` / `*.yml` under `directory` (any depth, symlinks followed, dot-entries
    /// skipped). Unreadable files are errors like any other, reported with the rest.
    public static func compile(directory: String) throws(PolicyCompileErrors) -> PolicySet {
        let listing = PolicyDirectory.yamlFiles(in: directory)
        var errors = listing.errors
        var sources: [(path: String, text: String)] = []
        for path in listing.files {
            switch PolicyDirectory.read(path) {
            case .success(let text): sources.append((path, text))
            case .failure(let error): errors.append(error)
            }
        }
        if listing.files.isEmpty, listing.errors.isEmpty {
            errors.append(PolicyCompileError(file: directory, line: 0, path: "", message: "no *.yaml or *.yml policy files found"))
        }
        return try compile(sources: sources, readErrors: errors, origin: directory)
    }
}
