#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says of a path, following symlinks: enough to tell one file from another (device and
/// inode) and one state of a file from the next (size and modification time) without reading it.
public struct FileStatus: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case regularFile
        case directory
        /// A FIFO, socket or device: nothing tenantry reads (a FIFO would block the reader).
        case other
    }

    public var kind: Kind
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modifiedSeconds: Int64
    public var modifiedNanoseconds: Int64

    /// `stat(path)`, following symlinks. Fails with `.cannotStat` and the system's reason for a missing
    /// path, a dangling symlink, a cycle of symlinks or a parent that may not be searched.
    public init(path: String) throws(WalkProblem) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .cannotStat(reason: systemError()) }
        self.init(info)
    }

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regularFile
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        modifiedSeconds = Int64(modified.tv_sec)
        modifiedNanoseconds = Int64(modified.tv_nsec)
    }

    /// Device and inode: one file however many names lead to it.
    struct Identity: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    var identity: Identity { Identity(device: device, inode: inode) }
}

/// The text of `errno`, read right after the failing call.
func systemError() -> String { String(cString: strerror(errno)) }
