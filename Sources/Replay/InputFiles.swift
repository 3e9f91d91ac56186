// tenantry runs on Linux (Debian); Glibc is its C library.
import Glibc

/// Plain POSIX file access for replay inputs: read a whole file or stdin, list a directory tree.
/// (No Foundation: replay reads tens of thousands of reviews per second.)
public enum InputFiles {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Reads `path` whole; "-" reads standard input.
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { if path != "-" { close(fd) } }
        var bytes: [UInt8] = []
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(path: path, reason: "is a directory")
        }
        if fstat(fd, &info) == 0, info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// Every regular file below `directory`, sorted, skipping hidden entries (`.git`, a ConfigMap
    /// volume's `..data` twin). Symlinked directories are followed once: a loop is not an error.
    public static func files(under directory: String) throws(Failure) -> [String] {
        var out: [String] = []
        var visited: Set<DirectoryIdentity> = []
        try collect(directory, into: &out, visited: &visited)
        return out.sorted()
    }

    /// A directory's device and inode, to notice a directory reached twice through symlinks.
    private struct DirectoryIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func collect(_ directory: String, into out: inout [String], visited: inout Set<DirectoryIdentity>) throws(Failure) {
        var info = stat()
        guard stat(directory, &info) == 0 else { throw Failure(path: directory, reason: String(cString: strerror(errno))) }
        guard visited.insert(DirectoryIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
        guard let dir = opendir(directory) else { throw Failure(path: directory, reason: String(cString: strerror(errno))) }
        defer { closedir(dir) }
        var children: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            children.append(directory.hasSuffix("/") ? directory + name : directory + "/" + name)
        }
        for child in children {
            if isDirectory(child) {
                try collect(child, into: &out, visited: &visited)
            } else {
                out.append(child)
            }
        }
    }
}
