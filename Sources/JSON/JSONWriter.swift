#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Compact JSON output: members in order, numbers as their literal text, strings escaped as RFC 8259
/// requires (quote, backslash, control characters) and nothing more, so output stays byte-stable.
public enum JSONWriter {
    public static func write(_ value: JSON, into out: inout [UInt8]) {
        JSONOutput.append(to: &out) { write(value, into: &$0) }
    }

    public static func write(_ value: JSON, into out: inout JSONOutput) {
        switch value {
        case .null: out.append(ascii: "null")
        case .bool(let b): if b { out.append(ascii: "true") } else { out.append(ascii: "false") }
        case .number(let n): n.text.withUTF8Bytes { out.append($0) }
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for i in elements.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(elements[i], into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            switch object.storage {
            case .tape(let tape, let node): tape.write(node, into: &out)
            case .members(let members): writeMembers(members, into: &out)
            case .changed(let changes): writeMembers(changes.members, into: &out)
            }
        }
    }

    /// The members of a changed object: those still in the tape are copied from it, the others written.
    private static func writeMembers(_ members: [JSONObject.Member], into out: inout JSONOutput) {
        out.append(UInt8(ascii: "{"))
        for i in members.indices {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if let owned = members[i].owned {
                writeString(owned.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(owned.value, into: &out)
            } else if let tape = members[i].tape {
                tape.writeMember(Int(members[i].keyNode), into: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    public static func bytes(_ value: JSON) -> [UInt8] {
        JSONOutput.bytes { write(value, into: &$0) }
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
        s.withUTF8Bytes { utf8 in
            if plainPrefixCount(utf8) == utf8.count {
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: utf8)
                out.append(UInt8(ascii: "\""))
            } else {
                JSONOutput.append(to: &out) { writeString(utf8: utf8, into: &$0) }
            }
        }
    }

    public static func writeString(_ s: String, into out: inout JSONOutput) {
        s.withUTF8Bytes { writeString(utf8: $0, into: &out) }
    }

    /// Writes the UTF-8 bytes `utf8` (assumed valid) as a JSON string literal.
    public static func writeString(utf8: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput) {
        let plain = plainPrefixCount(utf8)
        out.append(UInt8(ascii: "\""))
        out.append(UnsafeBufferPointer(rebasing: utf8[..<plain]))
        if plain < utf8.count { appendEscaping(utf8, from: plain, into: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// How many leading bytes of `utf8` need no escape: sixteen bytes at a time, then a word of eight,
    /// then the last bytes as one word ending at the end; strings below eight bytes one byte at a time.
    @inline(__always)
    static func plainPrefixCount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = utf8.baseAddress else { return 0 }
        let count = utf8.count
        guard count >= 8 else {
            var p = 0
            while p < count, !needsEscape(base[p]) { p += 1 }
            return p
        }
        var p = 0
        while p + 16 <= count {
            let offset = firstEscapeInBlock(base + p)
            if offset != 16 { return p + offset }
            p += 16
        }
        if p + 8 <= count {
            let mask = escapeBytes(UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
            if mask != 0 { return p + mask.trailingZeroBitCount / 8 }
            p += 8
        }
        guard p < count else { return count }
        // The last bytes as one word ending at the end: its first bytes were found plain already, so
        // they set no bit, and the lowest bit set is the first escape among the new ones.
        let mask = escapeBytes(UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self))
        return mask == 0 ? count : count - 8 + mask.trailingZeroBitCount / 8
    }

    /// The offset (0 to 15) of the first byte of the 16 at `address` that needs an escape, or 16.
    @inline(__always)
    static func firstEscapeInBlock(_ address: UnsafePointer<UInt8>) -> Int {
        // The bit above the block's 16 stands for "none": the count is 16 then, with no branch.
        Int(truncatingIfNeeded: (escapesInBlock(address) | 0x1_0000).trailingZeroBitCount)
    }

    #if arch(x86_64)
    /// One bit per byte of the 16 at `address` (the first byte lowest), set for those that need an
    /// escape: a quote, a backslash or a control character. Bytes from 0x80 are written as they are.
    ///
    /// SSE2, as the reader's `JSONStringScan.specialBytes`: two byte-wise equality tests, and "at
    /// most 0x1F" as an unsigned minimum that leaves the byte as it is (the reader's signed
    /// comparison would also take the bytes from 0x80), then the lanes' high bits in one integer.
    @inline(__always)
    static func escapesInBlock(_ address: UnsafePointer<UInt8>) -> UInt32 {
        let bytes = _mm_loadu_si128(UnsafeRawPointer(address).assumingMemoryBound(to: __m128i.self))
        let quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(CChar(bitPattern: UInt8(ascii: "\""))))
        let backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(CChar(bitPattern: UInt8(ascii: "\\"))))
        let control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(0x1F)), bytes)
        return UInt32(truncatingIfNeeded: _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)))
    }
    #else
    /// One bit per byte of the 16 at `address` (the first byte lowest), set for those that need an
    /// escape: a quote, a backslash or a control character; only the lowest set bit is used.
    ///
    /// As the reader's fallback (lane-wise wrapping arithmetic, which compiles to single vector
    /// instructions where Swift's SIMD comparisons loop over lanes), but bytes from 0x80 are written as
    /// they are: `& ~bytes` drops their lanes. For a byte below 0x80 the high bit of `(byte ^ 0x22) &- 1`
    /// means a quote, of `(byte ^ 0x5C) &- 1` a backslash, of `byte &- 0x20` a control character; no
    /// borrow crosses lanes, so every bit is exact.
    @inline(__always)
    static func escapesInBlock(_ address: UnsafePointer<UInt8>) -> UInt32 {
        let bytes = UnsafeRawPointer(address).loadUnaligned(as: SIMD16<UInt8>.self)
        let one = SIMD16<UInt8>(repeating: 1)
        let quote = bytes ^ SIMD16(repeating: 0x22)
        let backslash = bytes ^ SIMD16(repeating: 0x5C)
        let flagged = ((quote &- one) | (backslash &- one) | (bytes &- SIMD16(repeating: 0x20))) & ~bytes
            & SIMD16(repeating: 0x80)
        let first = flagged.firstLaneWithHighBit
        return first == 16 ? 0 : 1 &<< UInt32(truncatingIfNeeded: first)
    }
    #endif

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

    /// Writes `utf8[start...]` (without quotes), escaping what must be, knowing `utf8[start]` needs it.
    /// After each escape the plain text up to the next one is copied sixteen bytes at a time: each
    /// block is stored whole and only its bytes before the first escape are kept (the output's end
    /// moves past them alone), so a denial message, which quotes several values, costs a test and a
    /// store per block and per escape, not a fresh scan of the rest and a copy per run. The last
    /// bytes (fewer than sixteen) are scanned as `plainPrefixCount` scans them.
    private static func appendEscaping(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int, into out: inout JSONOutput) {
        guard let source = utf8.baseAddress else { return }
        let count = utf8.count
        var i = start
        scanning: while i < count {
            // `source[i]` needs an escape here: a message's are quotes, written here, not in a call.
            let byte = source[i]
            if byte == 0x22 || byte == 0x5C {
                out.append(0x5C)
                out.append(byte)
            } else {
                appendEscape(byte, into: &out)
            }
            i += 1
            while count - i >= 16 {
                let plain = firstEscapeInBlock(source + i)
                out.append(block: source + i, keeping: plain)
                i += plain
                if plain != 16 { continue scanning }
            }
            let rest = UnsafeBufferPointer(start: source + i, count: count - i)
            let plain = plainPrefixCount(rest)
            out.append(UnsafeBufferPointer(rebasing: rest[..<plain]))
            i += plain
        }
    }

    private static func appendEscape(_ byte: UInt8, into out: inout JSONOutput) {
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
            // "\u00" and two lowercase hex digits.
            out.append(ascii: "u00")
            out.append(hexDigit(byte >> 4))
            out.append(hexDigit(byte & 0x0F))
        }
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }
}
