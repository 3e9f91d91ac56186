import JSON

/// Standard base64 (RFC 4648 §4, with padding), as Go's encoding/json writes a `[]byte` such as
/// `response.patch`.
public enum Base64 {
    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    /// The character for a 6-bit value.
    @inline(__always)
    private static func character(_ sixBits: UInt32) -> UInt8 {
        // `sixBits & 63` is always inside the 64-byte alphabet.
        alphabet.utf8Start[Int(sixBits & 63)]
    }

    /// The two characters for each 12-bit value, the first in the low byte: a group of three bytes
    /// is two lookups and one four-byte store instead of four lookups and four stores. 8 KB, built once.
    private static let pairs: [UInt16] = (0..<4096).map { UInt16(character(UInt32($0) >> 6)) | UInt16(character(UInt32($0))) << 8 }

    /// The four characters of the 24-bit group `n`, as the little-endian word to store.
    @inline(__always)
    private static func group(_ n: UInt32, _ pairs: UnsafeBufferPointer<UInt16>) -> UInt32 {
        // `n` has 24 bits, so both indexes are below 4096.
        (UInt32(pairs[Int(n >> 12 & 0xFFF)]) | UInt32(pairs[Int(n & 0xFFF)]) << 16).littleEndian
    }

    /// How many characters the encoding of `count` bytes has.
    public static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Appends the encoding of `bytes` to `out`, written in place: the patch of every mutating response
    /// passes through here.
    public static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout JSONOutput) {
        out.write(upTo: encodedCount(bytes.count)) { encode(bytes, to: $0) }
    }

    /// Replaces the bytes of `out` from `start` on with their encoding, in place: a mutating response's
    /// patch is written into the response and then encoded where it stands.
    public static func encodeInPlace(_ out: inout JSONOutput, from start: Int) {
        let count = out.count - start
        guard count > 0 else { return }
        out.rewrite(from: start, toCount: encodedCount(count)) { bytes, count in encodeInPlace(bytes, count: count) }
    }

    /// Encodes the `count` bytes at `bytes` over themselves (room for `encodedCount(count)` is there),
    /// from the last group of three to the first: group k's four characters go to 4k..<4k+4, which
    /// overlaps only its own bytes (read first) and those of groups after it (done already).
    static func encodeInPlace(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        let groups = count / 3
        let rest = count - groups * 3
        if rest > 0 {
            let i = groups * 3
            let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            let o = groups * 4
            bytes[o] = character(n >> 18)
            bytes[o + 1] = character(n >> 12)
            bytes[o + 2] = rest == 2 ? character(n >> 6) : UInt8(ascii: "=")
            bytes[o + 3] = UInt8(ascii: "=")
        }
        pairs.withUnsafeBufferPointer { pairs in
            var k = groups
            while k > 0 {
                k -= 1
                // One four-byte load (big-endian, so the group's three bytes are the top 24 bits); the
                // fourth byte is past the group, inside the room for the encoding, and is dropped.
                let word = UInt32(bigEndian: UnsafeRawPointer(bytes + k * 3).loadUnaligned(as: UInt32.self))
                UnsafeMutableRawPointer(bytes + k * 4).storeBytes(of: group(word >> 8, pairs), as: UInt32.self)
            }
        }
    }

    /// Appends the encoding of `bytes` to `out`.
    public static func encode(_ bytes: [UInt8], into out: inout [UInt8]) {
        var output = JSONOutput(capacity: encodedCount(bytes.count))
        bytes.withUnsafeBufferPointer { encode($0, into: &output) }
        output.append(to: &out)
    }

    /// Encodes `input` into the `encodedCount(input.count)` bytes at `output`, padding the end; returns
    /// the number of characters written.
    private static func encode(_ input: UnsafeBufferPointer<UInt8>, to output: UnsafeMutablePointer<UInt8>) -> Int {
        guard let source = input.baseAddress else { return 0 }
        var i = 0
        var o = 0
        pairs.withUnsafeBufferPointer { pairs in
            while i + 3 <= input.count {
                let n = UInt32(source[i]) << 16 | UInt32(source[i + 1]) << 8 | UInt32(source[i + 2])
                UnsafeMutableRawPointer(output + o).storeBytes(of: group(n, pairs), as: UInt32.self)
                i += 3
                o += 4
            }
        }
        // One or two bytes left: two or three characters, then "=" up to four.
        let rest = input.count - i
        guard rest > 0 else { return o }
        let n = UInt32(input[i]) << 16 | (rest == 2 ? UInt32(input[i + 1]) << 8 : 0)
        output[o] = character(n >> 18)
        output[o + 1] = character(n >> 12)
        output[o + 2] = rest == 2 ? character(n >> 6) : UInt8(ascii: "=")
        output[o + 3] = UInt8(ascii: "=")
        return o + 4
    }

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        encode(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes standard base64 with padding; nil on any other character or a bad length.
    public static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var padding = 0
        for c in text.utf8 {
            if c == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0 else { return nil }
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): values.append(62)
            case UInt8(ascii: "/"): values.append(63)
            default: return nil
            }
        }
        guard (values.count + padding) % 4 == 0, padding <= 2, values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var i = 0
        while i < values.count {
            let chunk = values[i..<min(i + 4, values.count)]
            var n: UInt32 = 0
            for (j, v) in chunk.enumerated() { n |= UInt32(v) << (18 - 6 * j) }
            out.append(UInt8(n >> 16 & 0xFF))
            if chunk.count > 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if chunk.count > 3 { out.append(UInt8(n & 0xFF)) }
            i += 4
        }
        return out
    }
}
