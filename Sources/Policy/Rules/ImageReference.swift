import Glibc
import JSON

/// A container image reference reduced to the repository it pulls from, normalized the way the Docker
/// reference library (and so containerd and CRI-O) reads it: `nginx:1.25` is
/// `docker.io/library/nginx`, `index.docker.io/x/y` is `docker.io/x/y`, tags and digests are dropped.
///
/// The normalized name is kept as byte ranges of the original text, which stays where it was read (the
/// request's bytes, see `JSONStringView`), so checking an image against the allowed registries
/// allocates nothing; `repository` builds the joined text for messages. Everything
/// works on UTF-8 bytes, as the Go library does: every separator is ASCII, and a search by `Character`
/// would both cost more and miss a `/` or `@` that a combining mark follows (which the runtime, reading
/// bytes, still splits at).
struct ImageReference {
    private let image: JSONStringView
    /// UTF-8 offsets of the registry host (with port) in `image`; nil for Docker Hub when the reference
    /// names no registry or its legacy name `index.docker.io`.
    private let domain: Range<Int>?
    /// Whether Docker Hub's implicit `library/` goes between domain and path (`nginx`).
    let impliedLibrary: Bool
    /// UTF-8 offsets of the repository path after the domain, without tag or digest.
    private let path: Range<Int>

    private static let dockerHub: StaticString = "docker.io"
    private static let library: StaticString = "library/"

    init(_ image: String) { self.init(JSONStringView(image)) }

    init(_ image: JSONStringView) {
        self.image = image
        (domain, path, impliedLibrary) = image.withUTF8(ImageReference.split)
    }

    /// The separators found with `memchr` (and a short backward scan for the last '/'): the collection
    /// algorithms on slices (`firstIndex`, `lastIndex`, `contains` over ranges) cost several times more
    /// on the request path.
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (domain: Range<Int>?, path: Range<Int>, impliedLibrary: Bool) {
        var end = find(UInt8(ascii: "@"), in: bytes, from: 0, to: bytes.count) ?? bytes.count
        let firstSlash = find(UInt8(ascii: "/"), in: bytes, from: 0, to: end) ?? -1
        // The last '/' before `end`: `firstSlash` itself when there is no other.
        let lastSlash = firstSlash >= 0 ? findLast(UInt8(ascii: "/"), in: bytes, from: firstSlash, to: end) ?? firstSlash : firstSlash
        // A tag is a ':' after the last '/'; a ':' before it belongs to a registry port. Every '/' lies
        // before the tag, so the slashes found above stay where they are.
        if let colon = find(UInt8(ascii: ":"), in: bytes, from: lastSlash + 1, to: end) { end = colon }

        var domain: Range<Int>?
        var path = 0..<end
        if firstSlash >= 0, looksLikeDomain(UnsafeBufferPointer(rebasing: bytes[..<firstSlash])) {
            domain = 0..<firstSlash
            path = (firstSlash + 1)..<end
        }
        if let named = domain, equal(bytes[named], indexDockerIO) { domain = nil }
        let isDockerHub = domain.map { equal(bytes[$0], dockerHub) } ?? true
        // Whether the path has a '/': it starts after the first one when a domain was split off.
        let pathHasSlash = path.lowerBound == 0 ? firstSlash >= 0 : lastSlash > firstSlash
        return (domain, path, isDockerHub && !pathHasSlash)
    }

    private static let indexDockerIO: StaticString = "index.docker.io"

    /// The offset of the first `byte` in `bytes[start..<end]`.
    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = bytes.baseAddress, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    /// The offset of the last `byte` in `bytes[start..<end]`. Backwards a byte at a time (Glibc's
    /// `memrchr` is not visible to Swift), with wrapping index arithmetic: the checked `i -= 1` of a
    /// plain loop cost as much again.
    private static func findLast(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start >= 0, end <= bytes.count, let base = bytes.baseAddress else { return nil }
        var i = end
        while i > start {
            i &-= 1
            if base[i] == byte { return i }
        }
        return nil
    }

    private static func equal(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        guard let base = bytes.base.baseAddress else { return bytes.isEmpty }
        return memcmp(base + bytes.startIndex, text.utf8Start, bytes.count) == 0
    }

    /// Docker's rule: the first component is a registry when it has a '.' or ':', is `localhost`, or has
    /// upper-case letters (which repository paths may not).
    private static func looksLikeDomain(_ component: UnsafeBufferPointer<UInt8>) -> Bool {
        if equal(component[...], "localhost") { return true }
        for byte in component {
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") { return true }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { return true }
        }
        return false
    }

    /// `docker.io/library/nginx`: the normalized repository, for messages.
    var repository: String {
        let domainText = domain.map(text) ?? String(describing: ImageReference.dockerHub)
        return domainText + (impliedLibrary ? "/" + String(describing: ImageReference.library) : "/") + text(path)
    }

    /// The text at UTF-8 offsets `range` of `image` (the offsets always fall on ASCII separators).
    private func text(_ range: Range<Int>) -> String {
        image.withUTF8 { String(decoding: $0[range], as: UTF8.self) }
    }

    /// Whether the repository is `entry` or lies below it at a `/` boundary: `registry.acme.io` allows
    /// `registry.acme.io/team/app` but never `registry.acme.io.evil.com/x`. A trailing `/` on the entry
    /// is ignored.
    func isUnder(_ entry: String) -> Bool {
        image.withUTF8 { ImageReference.isUnder(entry, $0, domain: domain, path: path, impliedLibrary: impliedLibrary) }
    }

    /// Whether `image` lies under any of `entries` (see `isUnder(_:)`): split and compared within one
    /// look at its bytes, keeping no `ImageReference` (the rule makes one only for a message).
    ///
    /// When the image names its registry and nothing is implied (`registry.acme.io/team/app:v1`, the
    /// usual form), the normalized name is the image's own first bytes, and each entry is compared with
    /// them by one `memcmp`; otherwise it is fed piece by piece as `isUnder(_:)` does.
    static func isUnderAny(_ image: JSONStringView, of entries: [String]) -> Bool {
        image.withUTF8 { isUnderAny(utf8: $0, of: entries) }
    }

    /// `isUnderAny(_:of:)` for the image whose UTF-8 bytes are `bytes`.
    static func isUnderAny(utf8 bytes: UnsafeBufferPointer<UInt8>, of entries: [String]) -> Bool {
        let (domain, path, impliedLibrary) = split(bytes)
        let inPlace = domain.flatMap { named in
            !impliedLibrary && named.lowerBound == 0 && path.lowerBound == named.upperBound + 1 ? path.upperBound : nil
        }
        return entries.withUnsafeBufferPointer { entries in
            if let inPlace {
                let name = UnsafeBufferPointer(rebasing: bytes[..<inPlace])
                for i in entries.indices where isUnder(entries[i], name) { return true }
                return false
            }
            for i in entries.indices where isUnder(entries[i], bytes, domain: domain, path: path, impliedLibrary: impliedLibrary) {
                return true
            }
            return false
        }
    }

    /// Whether the normalized name `name`, written out, is `entry` (less any trailing `/`) or lies below
    /// it at a `/` boundary: what `BoundaryPrefixMatch` decides, in one comparison.
    private static func isUnder(_ entry: String, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        entry.withUTF8Bytes { entryBytes in
            var count = entryBytes.count
            while count > 0, entryBytes[count - 1] == UInt8(ascii: "/") { count -= 1 }
            guard count > 0, count <= name.count, let entryBase = entryBytes.baseAddress, let nameBase = name.baseAddress else {
                return false
            }
            guard count == name.count || name[count] == UInt8(ascii: "/") else { return false }
            return memcmp(entryBase, nameBase, count) == 0
        }
    }

    private static func isUnder(
        _ entry: String, _ imageBytes: UnsafeBufferPointer<UInt8>, domain: Range<Int>?, path: Range<Int>, impliedLibrary: Bool
    ) -> Bool {
        entry.withUTF8Bytes { entryBytes in
            var count = entryBytes.count
            while count > 0, entryBytes[count - 1] == UInt8(ascii: "/") { count -= 1 }
            guard count > 0 else { return false }
            var match = BoundaryPrefixMatch(entryBytes[..<count])
            if let domain { match.feed(imageBytes[domain]) } else { match.feed(ImageReference.bytes(ImageReference.dockerHub)) }
            match.feed(CollectionOfOne(UInt8(ascii: "/")))
            if impliedLibrary { match.feed(ImageReference.bytes(ImageReference.library)) }
            match.feed(imageBytes[path])
            return match.result
        }
    }

    private static func bytes(_ text: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }
}

/// Feeds a name piece by piece and tells whether `prefix` is a prefix of it that ends at the end of the
/// name or right before a `/`.
private struct BoundaryPrefixMatch {
    private let prefix: Slice<UnsafeBufferPointer<UInt8>>
    private var position: Int
    private var decided: Bool?

    init(_ prefix: Slice<UnsafeBufferPointer<UInt8>>) {
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
            position += 1
        }
    }

    /// After the whole name: a prefix that consumed the name exactly matches too.
    var result: Bool { decided ?? (position == prefix.endIndex) }
}
