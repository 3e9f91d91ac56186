import Policy

/// What tells one state of a policy directory from the next without reading a byte of it: the
/// compiler's own listing (`PolicyDirectory.listing(of:)`), so the check sees exactly the files the
/// compiler reads, each with its device, inode, size and modification time, and the errors the walk
/// gives the compiler (an unreadable or too deep directory, a dangling policy link, a missing root).
///
/// A ConfigMap volume update swaps the `..data` symlink to a new timestamped directory: the visible
/// `platform.yaml → ..data/platform.yaml` links then resolve to new inodes, so the swap shows even
/// when sizes and times happen to match. An editor's save (write-and-rename or in place) changes the
/// inode or the mtime; a new or deleted file changes the path list; a directory or link that breaks or
/// comes back changes the errors.
struct PolicyFingerprint: Hashable, Sendable {
    var listing: PolicyDirectory.Listing

    init(directory: String) {
        listing = PolicyDirectory.listing(of: directory)
    }
}
