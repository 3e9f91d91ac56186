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

    /// Appends the encoding of `bytes` to `out`. The patch of every mutating response passes through
    /// here, so it is encoded a chunk at a time into a buffer on the stack and appended with one copy
    /// per chunk, rather than one `append` per character.
    public static func encode(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.reserveCapacity(out.count + (bytes.count + 2) / 3 * 4)
        bytes.withUnsafeBufferPointer { input in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunkCharacters) { chunk in
                var i = 0
                while i < input.count {
                    let end = min(input.count, i + chunkCharacters / 4 * 3)
                    let written = encodeChunk(UnsafeBufferPointer(rebasing: input[i..<end]), into: chunk)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<written]))
                    i = end
                }
            }
        }
    }

    /// Characters per chunk: a multiple of 4, so only the last chunk can need padding.
    private static let chunkCharacters = 256

    /// Encodes `input` (at most `chunkCharacters / 4 * 3` bytes) into `output`, padding the end;
    /// returns the number of characters written.
    private static func encodeChunk(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var i = 0
        var o = 0
        while i + 3 <= input.count {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            output[o] = character(n >> 18)
            output[o + 1] = character(n >> 12)
            output[o + 2] = character(n >> 6)
            output[o + 3] = character(n)
            i += 3
            o += 4
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
