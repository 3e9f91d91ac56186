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
    /// here, so the output is sized once (filled with padding) and written through a buffer pointer
    /// rather than grown one `append` at a time.
    public static func encode(_ bytes: [UInt8], into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (bytes.count + 2) / 3 * 4))
        out.withUnsafeMutableBufferPointer { output in
            bytes.withUnsafeBufferPointer { input in
                var i = 0
                var o = start
                while i + 3 <= input.count {
                    let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                    output[o] = character(n >> 18)
                    output[o + 1] = character(n >> 12)
                    output[o + 2] = character(n >> 6)
                    output[o + 3] = character(n)
                    i += 3
                    o += 4
                }
                // One or two bytes left: two or three characters, the rest stays "=".
                let rest = input.count - i
                guard rest > 0 else { return }
                let n = UInt32(input[i]) << 16 | (rest == 2 ? UInt32(input[i + 1]) << 8 : 0)
                output[o] = character(n >> 18)
                output[o + 1] = character(n >> 12)
                if rest == 2 { output[o + 2] = character(n >> 6) }
            }
        }
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
