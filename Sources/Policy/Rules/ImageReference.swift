/// A container image reference reduced to the repository it pulls from, normalized the way the Docker
/// reference library (and so containerd and CRI-O) reads it: `nginx:1.25` is
/// `docker.io/library/nginx`, `index.docker.io/x/y` is `docker.io/x/y`, tags and digests are dropped.
///
/// The normalized name is kept as pieces of the original string, so checking an image against the
/// allowed registries allocates nothing; `repository` builds the joined text for messages.
struct ImageReference {
    /// The registry host (with port), `docker.io` when the reference names none.
    let domain: Substring
    /// Whether Docker Hub's implicit `library/` goes between domain and path (`nginx`).
    let impliedLibrary: Bool
    /// The repository path after the domain, without tag or digest.
    let path: Substring

    private static let dockerHub: Substring = "docker.io"

    /// Works on UTF-8 bytes, as the Go library does: every separator is ASCII, and a search by
    /// `Character` would both cost more and miss a `/` or `@` that a combining mark follows (which
    /// the runtime, reading bytes, still splits at).
    init(_ image: String) {
        let bytes = image.utf8
        var end = bytes.firstIndex(of: UInt8(ascii: "@")) ?? bytes.endIndex
        // A tag is a ':' after the last '/'; a ':' before it belongs to a registry port.
        let lastSlash = bytes[..<end].lastIndex(of: UInt8(ascii: "/"))
        let tagSearchStart = lastSlash.map { bytes.index(after: $0) } ?? bytes.startIndex
        if let colon = bytes[tagSearchStart..<end].firstIndex(of: UInt8(ascii: ":")) { end = colon }
        let name = image[..<end]

        var domain = ImageReference.dockerHub
        var path = name
        if let slash = name.utf8.firstIndex(of: UInt8(ascii: "/")) {
            let first = name[..<slash]
            if ImageReference.looksLikeDomain(first) {
                domain = first
                path = name[name.utf8.index(after: slash)...]
            }
        }
        if domain.utf8.elementsEqual("index.docker.io".utf8) { domain = ImageReference.dockerHub }
        self.domain = domain
        self.path = path
        self.impliedLibrary = domain.utf8.elementsEqual(ImageReference.dockerHub.utf8) && !path.utf8.contains(UInt8(ascii: "/"))
    }

    /// Docker's rule: the first component is a registry when it has a '.' or ':', is `localhost`, or has
    /// upper-case letters (which repository paths may not).
    private static func looksLikeDomain(_ component: Substring) -> Bool {
        if component.utf8.elementsEqual("localhost".utf8) { return true }
        for byte in component.utf8 {
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") { return true }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { return true }
        }
        return false
    }

    /// `docker.io/library/nginx`: the normalized repository, for messages.
    var repository: String {
        String(domain) + (impliedLibrary ? "/library/" : "/") + String(path)
    }

    /// Whether the repository is `entry` or lies below it at a `/` boundary: `registry.acme.io` allows
    /// `registry.acme.io/team/app` but never `registry.acme.io.evil.com/x`. A trailing `/` on the entry
    /// is ignored.
    func isUnder(_ entry: String) -> Bool {
        var wanted = entry.utf8[...]
        while wanted.last == UInt8(ascii: "/") { wanted = wanted.dropLast() }
        guard !wanted.isEmpty else { return false }
        var match = BoundaryPrefixMatch(wanted)
        match.feed(domain.utf8)
        match.feed(CollectionOfOne(UInt8(ascii: "/")))
        if impliedLibrary { match.feed("library/".utf8) }
        match.feed(path.utf8)
        return match.result
    }
}

/// Feeds a name piece by piece and tells whether `prefix` is a prefix of it that ends at the end of the
/// name or right before a `/`.
private struct BoundaryPrefixMatch {
    private let prefix: Substring.UTF8View
    private var position: Substring.UTF8View.Index
    private var decided: Bool?

    init(_ prefix: Substring.UTF8View) {
        self.prefix = prefix
        position = prefix.startIndex
    }

    mutating func feed(_ bytes: some Sequence<UInt8>) {
        guard decided == nil else { return }
        for byte in bytes {
            guard position != prefix.endIndex else {
                decided = byte == UInt8(ascii: "/")
                return
            }
            guard prefix[position] == byte else {
                decided = false
                return
            }
            prefix.formIndex(after: &position)
        }
    }

    /// After the whole name: a prefix that consumed the name exactly matches too.
    var result: Bool { decided ?? (position == prefix.endIndex) }
}
