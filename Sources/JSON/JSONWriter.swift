/// Compact JSON output: members in order, numbers as their literal text, strings escaped as RFC 8259
/// requires (quote, backslash, control characters) and nothing more, so output stays byte-stable.
public enum JSONWriter {
    public static func write(_ value: JSON, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.text.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if case .tape(let tape, let node) = object.storage {
                tape.write(node, into: &out)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if let tape = member.tape {
                    tape.writeMember(Int(member.keyNode), into: &out)
                } else {
                    writeString(member.key, into: &out)
                    out.append(UInt8(ascii: ":"))
                    write(member.value, into: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    public static func bytes(_ value: JSON) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    public static func string(_ value: JSON) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Writes `s` as a JSON string literal.
    ///
    /// Most strings in a Kubernetes object need no escape: those are found eight bytes at a time and
    /// copied with one append; only a string with something to escape takes the byte-by-byte path, from
    /// its first such byte.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        s.withUTF8Bytes { writeLiteral($0, into: &out) }
    }

    private static func writeLiteral(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let plain = plainPrefixCount(utf8)
        out.append(UInt8(ascii: "\""))
        if plain == utf8.count {
            out.append(contentsOf: utf8)
        } else {
            appendEscaping(utf8, from: plain, into: &out)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// How many leading bytes of `utf8` need no escape.
    @inline(__always)
    static func plainPrefixCount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = utf8.baseAddress else { return 0 }
        var p = 0
        while p + 8 <= utf8.count {
            let mask = escapeBytes(UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
            if mask != 0 { return p + mask.trailingZeroBitCount / 8 }
            p += 8
        }
        while p < utf8.count, !needsEscape(utf8[p]) { p += 1 }
        return p
    }

    /// A mask with the high bit set in each byte of `word` (little-endian) that may need an escape: `"`,
    /// `\\` or below 0x20. The lowest set bit is exact (bits above it may be borrows' false alarms, which
    /// is why only the first is used). Bytes from 0x80 are written as they are, so they are not flagged.
    @inline(__always)
    static func escapeBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }
        let quote = zeroBytes(word ^ (ones &* 0x22))
        let backslash = zeroBytes(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & high
        return quote | backslash | control
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

    /// Writes `utf8` (without quotes), escaping what must be, knowing the bytes before `start` need none.
    private static func appendEscaping(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int, into out: inout [UInt8]) {
        var runStart = 0
        for i in start..<utf8.count {
            let byte = utf8[i]
            guard needsEscape(byte) else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            appendEscape(byte, into: &out)
            runStart = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }

    private static func appendEscape(_ byte: UInt8, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x22: out.append(0x22)
        case 0x5C: out.append(0x5C)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            let hexDigits = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
        }
    }
}
