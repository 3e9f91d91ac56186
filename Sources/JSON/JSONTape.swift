import Glibc

/// A parsed document as the reader leaves it: the input bytes and one node per value and per member
/// key, in document order, each container node knowing where its subtree ends.
///
/// Building it costs one array for the whole document instead of one allocation per object, array and
/// long string; values are made from it only when someone looks (`JSONObject` keeps a reference and
/// reads members straight from the bytes). Immutable once built, so it is shared freely.
public final class JSONTape: @unchecked Sendable {
    @usableFromInline enum Kind: UInt8, Sendable, BitwiseCopyable {
        case null, `false`, `true`, number, string, array, object
    }

    @usableFromInline struct Node: Sendable, BitwiseCopyable {
        @usableFromInline var kind: Kind
        /// Strings only: the text has backslash escapes, so it must be decoded rather than copied.
        @usableFromInline var escaped: Bool
        /// Strings: first byte after the opening quote; numbers: first byte.
        @usableFromInline var start: UInt32
        /// Strings and numbers: length in bytes. Containers: number of elements or members.
        @usableFromInline var length: UInt32
        /// The index of the first node after this value's subtree (for a scalar, the next node).
        @usableFromInline var end: UInt32
    }

    @usableFromInline let bytes: [UInt8]
    /// Owned by the tape (allocated by the reader, freed in `deinit`) and never written after `init`,
    /// which is why sharing the tape across threads is safe.
    @usableFromInline let nodes: UnsafeMutableBufferPointer<Node>

    init(bytes: [UInt8], nodes: UnsafeMutableBufferPointer<Node>) {
        self.bytes = bytes
        self.nodes = nodes
    }

    deinit { nodes.baseAddress?.deallocate() }

    // MARK: Values

    /// The value of node `index`: scalars decoded, objects kept in the tape, arrays as an array of
    /// values (each object element still in the tape).
    func value(at index: Int) -> JSON {
        let node = nodes[index]
        switch node.kind {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .number: return .number(JSONNumber(uncheckedText: text(node)))
        case .string: return .string(string(node))
        case .object: return .object(JSONObject(tape: self, node: index))
        case .array:
            var elements: [JSON] = []
            elements.reserveCapacity(Int(node.length))
            var child = index + 1
            for _ in 0..<node.length {
                elements.append(value(at: child))
                child = Int(nodes[child].end)
            }
            return .array(elements)
        }
    }

    func childCount(_ index: Int) -> Int { Int(nodes[index].length) }

    /// The members of object node `index`, materialized one level: each member still in the tape.
    ///
    /// With room for one more: an object is materialized because something writes to it, most often to
    /// add a member, and growing the array then would copy (and retain) every member a second time.
    func members(ofObject index: Int) -> [JSONObject.Member] {
        let count = Int(nodes[index].length)
        // Initialized in place: appending copied each member in and destroyed the original.
        return [JSONObject.Member](unsafeUninitializedCapacity: count + 1) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var key = index + 1
            for i in 0..<count {
                let member = JSONObject.Member(tape: self, keyNode: key)
                (base + i).initialize(to: consume member)
                initialized = i + 1
                key = Int(nodes[key + 1].end)
            }
        }
    }

    func keys(ofObject index: Int) -> [String] {
        var keys: [String] = []
        keys.reserveCapacity(Int(nodes[index].length))
        var key = index + 1
        for _ in 0..<nodes[index].length {
            keys.append(string(nodes[key]))
            key = Int(nodes[key + 1].end)
        }
        return keys
    }

    /// The value node of member `name` in object node `index`, found by comparing bytes (no String is
    /// built for the keys passed over).
    func memberValue(_ name: String, inObject index: Int) -> Int? {
        findMember(name, inObject: index).map { $0.valueNode }
    }

    /// The position of member `name` among the members of object node `index`.
    func memberPosition(_ name: String, inObject index: Int) -> Int? {
        findMember(name, inObject: index).map { $0.position }
    }

    /// Member `name` of object node `index`: its position among the members and its value node.
    func member(_ name: String, inObject index: Int) -> (position: Int, valueNode: Int)? {
        findMember(name, inObject: index)
    }

    /// One pass over the object's keys: length first, then the bytes; escaped keys are decoded.
    private func findMember(_ name: String, inObject index: Int) -> (position: Int, valueNode: Int)? {
        name.withUTF8Bytes { findMember(bytes: $0, inObject: index) }
    }

    private func findMember(bytes wanted: UnsafeBufferPointer<UInt8>, inObject index: Int) -> (position: Int, valueNode: Int)? {
        bytes.withUnsafeBufferPointer { all in
            var key = index + 1
            for position in 0..<Int(nodes[index].length) {
                let node = nodes[key]
                if node.escaped {
                    if string(node).hasUTF8Bytes(wanted) { return (position, key + 1) }
                } else if Int(node.length) == wanted.count, JSONTape.equal(all, from: Int(node.start), wanted) {
                    return (position, key + 1)
                }
                key = Int(nodes[key + 1].end)
            }
            return nil
        }
    }

    /// Whether key node `index` holds exactly the bytes `wanted` (escaped keys are decoded first).
    func keyNode(_ index: Int, equals wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        let node = nodes[index]
        if node.escaped { return string(node).hasUTF8Bytes(wanted) }
        guard Int(node.length) == wanted.count else { return false }
        return bytes.withUnsafeBufferPointer { JSONTape.equal($0, from: Int(node.start), wanted) }
    }

    @inline(__always)
    private static func equal(_ all: UnsafeBufferPointer<UInt8>, from start: Int, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let a = all.baseAddress, let b = wanted.baseAddress else { return wanted.isEmpty }
        return memcmp(a + start, b, wanted.count) == 0
    }

    // MARK: Text

    func text(_ node: Node) -> String {
        bytes.withUnsafeBufferPointer { all in
            JSONTape.makeString(UnsafeBufferPointer(rebasing: all[Int(node.start)..<Int(node.start + node.length)]))
        }
    }

    /// A `String` of `utf8`, which the reader has validated.
    ///
    /// Most keys and many values fit in a small (inline) string, up to 15 bytes on 64-bit platforms.
    /// For those, `init(unsafeUninitializedCapacity:)` copies the bytes in once and skips validation
    /// when they are ASCII, where `String(decoding:)` checks them and then copies byte by byte: this
    /// was about 200 instructions per string, and materializing an object makes one per key.
    @inline(__always)
    static func makeString(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        guard utf8.count <= 15, let source = utf8.baseAddress else { return String(decoding: utf8, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            guard let target = buffer.baseAddress else { return 0 }
            target.initialize(from: source, count: utf8.count)
            return utf8.count
        }
    }

    /// A string node's value: its bytes (already checked to be UTF-8), or, with escapes, decoded.
    @usableFromInline func string(_ node: Node) -> String {
        guard node.escaped else { return text(node) }
        return bytes.withUnsafeBufferPointer { all in
            String(decoding: JSONTape.unescape(UnsafeBufferPointer(rebasing: all[Int(node.start)..<Int(node.start + node.length)])), as: UTF8.self)
        }
    }

    /// Decodes the escapes of a string the reader has already validated.
    @usableFromInline static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        forEachUnescapedByte(raw) { out.append($0) }
        return out
    }

    /// Calls `body` with each byte of the decoded text of string bytes the reader has validated: the one
    /// decoder of escapes, for `unescape` and for the reader's duplicate-name check (which fingerprints
    /// escaped names without building them).
    @inline(__always)
    static func forEachUnescapedByte(_ raw: UnsafeBufferPointer<UInt8>, _ body: (UInt8) -> Void) {
        func hex4(_ at: Int) -> UInt32 {
            var value: UInt32 = 0
            for j in at..<Swift.min(at + 4, raw.count) {
                let c = raw[j]
                let digit: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
                default: digit = UInt32(c &- UInt8(ascii: "A") &+ 10)
                }
                value = value << 4 | digit
            }
            return value
        }
        var i = 0
        while i < raw.count {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < raw.count else {
                body(byte)
                i += 1
                continue
            }
            let c = raw[i + 1]
            i += 2
            switch c {
            case UInt8(ascii: "b"): body(0x08)
            case UInt8(ascii: "f"): body(0x0C)
            case UInt8(ascii: "n"): body(0x0A)
            case UInt8(ascii: "r"): body(0x0D)
            case UInt8(ascii: "t"): body(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= raw.count {
                    let low = hex4(i + 2)
                    scalar = 0x10000 &+ ((scalar &- 0xD800) << 10) &+ (low &- 0xDC00)
                    i += 6
                }
                switch scalar {
                case 0..<0x80:
                    body(UInt8(scalar))
                case 0x80..<0x800:
                    body(UInt8(0xC0 | scalar >> 6))
                    body(UInt8(0x80 | scalar & 0x3F))
                case 0x800..<0x10000:
                    body(UInt8(0xE0 | scalar >> 12))
                    body(UInt8(0x80 | scalar >> 6 & 0x3F))
                    body(UInt8(0x80 | scalar & 0x3F))
                default:
                    body(UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18))
                    body(UInt8(0x80 | scalar >> 12 & 0x3F))
                    body(UInt8(0x80 | scalar >> 6 & 0x3F))
                    body(UInt8(0x80 | scalar & 0x3F))
                }
            default: body(c)  // \" \\ \/
            }
        }
    }
}
