#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What tells one version of a file from the next: device, inode, size and modification time of
/// the file a path resolves to. `stat` follows symlinks, so the atomic `..data` symlink swap of a
/// Kubernetes Secret volume (a new directory with new inodes) shows as a change, and so does the
/// usual write-to-temp-and-rename.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64

    /// nil when the path can't be stat'ed (missing file, dangling link mid-swap).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modifiedSeconds = Int64(info.st_mtimespec.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        #endif
    }
}

/// The identities of every file a server context is built from; nil entries for unreadable paths.
struct ConfigurationFilesIdentity: Hashable, Sendable {
    var files: [FileIdentity?]

    init(_ configuration: TLSConfiguration) {
        let sources = [configuration.certificateChain, configuration.privateKey, configuration.clientCA]
        files = sources.compactMap { $0?.path }.map { FileIdentity(path: $0) }
    }
}
