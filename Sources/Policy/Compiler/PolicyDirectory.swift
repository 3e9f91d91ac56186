#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds and reads the policy files under a directory with POSIX calls (the module avoids Foundation).
///
/// The tree is walked by `DirectoryWalker` (dot-entries skipped, symlinks followed, so a ConfigMap volume
/// is read once through its visible links). The listing is public because the server's reload check
/// fingerprints this very listing: it then sees exactly the files the compiler reads and the errors it
/// reports.
public enum PolicyDirectory {
    /// A policy file as listed: its path and what `stat` said of it then.
    public struct File: Hashable, Sendable {
        public var path: String
        public var status: FileStatus
    }

    public struct Listing: Hashable, Sendable {
        /// The files the compiler reads: regular `*.yaml` / `*.yml` files at any depth, sorted by path,
        /// each path starting with the directory.
        public var files: [File] = []
        /// What kept part of the tree from being read, in path order.
        public var errors: [PolicyCompileError] = []
    }

    /// The policy files under `directory` (`DirectoryWalker.files(under:where:)` with `isYAMLName`),
    /// and as compile errors the problems that may hide one: the directory itself missing, not a
    /// directory or unreadable; a subdirectory that cannot be read or is nested too deep; a dangling
    /// symlink named like a policy file.
    public static func listing(of directory: String) -> Listing {
        let root = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var listing = Listing()
        func report(_ path: String, _ message: String) {
            listing.errors.append(PolicyCompileError(file: path, line: 0, path: "", message: message))
        }
        let entries: [DirectoryWalker.Entry]
        do throws(WalkProblem) {
            entries = try DirectoryWalker.files(under: root, where: isYAMLName)
        } catch {
            if case .cannotStat(let reason) = error {
                report(root, "cannot read policy directory: \(reason)")
            } else {
                report(root, message(for: error))
            }
            return listing
        }
        for entry in entries {
            switch entry.status {
            case .success(let status): listing.files.append(File(path: entry.path, status: status))
            case .failure(let problem): report(entry.path, message(for: problem))
            }
        }
        return listing
    }

    private static func message(for problem: WalkProblem) -> String {
        switch problem {
        case .cannotStat(let reason): "cannot read: \(reason)"
        case .unreadableDirectory(let reason): "cannot open directory: \(reason)"
        case .notADirectory, .alreadyWalked, .tooDeep: problem.description
        }
    }

    /// The file's text, which must be UTF-8.
    static func read(_ path: String) -> Result<String, PolicyCompileError> {
        guard let file = fopen(path, "rb") else {
            return .failure(PolicyCompileError(file: path, line: 0, path: "", message: "cannot open: \(systemError())"))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count {
                if ferror(file) != 0 {
                    return .failure(PolicyCompileError(file: path, line: 0, path: "", message: "cannot read: \(systemError())"))
                }
                break
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(PolicyCompileError(file: path, line: 0, path: "", message: "is not valid UTF-8"))
        }
        return .success(text)
    }

    static func isYAMLName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }
}

extension PolicyCompiler {
    /// Compiles every `*.yaml` / `*.yml` under `directory` (any depth, symlinks followed, dot-entries
    /// skipped). Unreadable files are errors like any other, reported with the rest.
    public static func compile(directory: String) throws(PolicyCompileErrors) -> PolicySet {
        let listing = PolicyDirectory.listing(of: directory)
        var errors = listing.errors
        var sources: [(path: String, text: String)] = []
        for file in listing.files {
            switch PolicyDirectory.read(file.path) {
            case .success(let text): sources.append((file.path, text))
            case .failure(let error): errors.append(error)
            }
        }
        if listing.files.isEmpty, listing.errors.isEmpty {
            errors.append(PolicyCompileError(file: directory, line: 0, path: "", message: "no *.yaml or *.yml policy files found"))
        }
        return try compile(sources: sources, readErrors: errors, origin: directory)
    }
}
