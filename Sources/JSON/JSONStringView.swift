/// A JSON string's text where it lies: the bytes in the tape, or a `String` of a changed document.
/// Comparisons read the bytes in place; `string` builds a `String` only for who needs one (a message).
///
/// A string with escapes in the tape is decoded once, when the view is made: such strings are rare in
/// the fields the engine reads, and every byte comparison then sees the decoded text.
public struct JSONStringView: Sendable {
    @usableFromInline enum Storage: Sendable {
        /// `count` bytes at `start` of the tape's input (the array itself: what reading needs, so that
        /// `withUTF8` can be inlined into its callers and specialized there).
        case tape([UInt8], start: Int, count: Int)
        case string(String)
    }

    @usableFromInline let storage: Storage

    public init(_ string: String) { storage = .string(string) }

    init(tape: JSONTape, node: JSONTape.Node) {
        if node.escaped {
            storage = .string(tape.string(node))
        } else {
            storage = .tape(tape.bytes, start: Int(node.start), count: Int(node.length))
        }
    }

    /// The length of the text in UTF-8 bytes.
    @inlinable public var utf8Count: Int {
        switch storage {
        case .tape(_, _, let count): return count
        case .string(let string): return string.utf8.count
        }
    }

    @inlinable public var isEmpty: Bool { utf8Count == 0 }

    /// The text as a `String` (for strings up to 15 bytes, as every `String` that short, without an
    /// allocation).
    public var string: String {
        switch storage {
        case .tape(let bytes, let start, let count):
            return bytes.withUnsafeBufferPointer { JSONTape.makeString(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
        case .string(let string): return string
        }
    }

    /// Calls `body` with the text's UTF-8 bytes, in place. The pointer is valid only inside `body`.
    @inlinable
    public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch storage {
        case .tape(let bytes, let start, let count):
            return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
        case .string(let string):
            if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
            var contiguous = string
            return contiguous.withUTF8(body)
        }
    }

    /// Whether the text's UTF-8 bytes are exactly `other`'s: byte equality, as JSON compares strings
    /// (Swift's `==` is canonical equivalence: `"\u{212A}" == "K"`).
    public func hasSameBytes(as other: String) -> Bool {
        guard utf8Count == other.utf8.count else { return false }
        return withUTF8 { mine in other.withUTF8Bytes { memcmpEqual(mine, $0) } }
    }

    /// Whether the text is exactly what `String ==` would call equal to `other`: the bytes decide,
    /// except when either side has a non-ASCII byte, where canonical equivalence may still make unequal
    /// bytes equal (`"\u{212A}"` and `"K"`) and the `String`s are compared. For rules that compared
    /// `String`s and must keep answering the same.
    public func equalsString(_ other: String) -> Bool {
        // A `String` already (a value a mutation wrote): this is `==` itself, whose fast paths (the same
        // small string, ASCII on both sides) beat looking up both strings' bytes (~250 instructions).
        if case .string(let string) = storage { return string == other }
        // Equal bytes (the common answer: a label or class name as the policy writes it) decide at once.
        if hasSameBytes(as: other) { return true }
        let ascii = withUTF8 { mine in other.withUTF8Bytes { JSONStringView.isASCII(mine) && JSONStringView.isASCII($0) } }
        if ascii { return false }
        return string == other
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        return true
    }
}
