#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Finding the end of a string literal while checking everything RFC 8259 asks of its text: no raw
/// control characters, valid escapes (surrogate pairs paired), valid UTF-8 (RFC 3629: no overlongs,
/// no encoded surrogates, nothing above U+10FFFF, no truncated sequences).
///
/// Most of a Kubernetes object's text is short plain ASCII, so the scan looks at 16 bytes at a time
/// for the first byte that is not plain (a quote, a backslash, a control character or a byte of a
/// multi-byte sequence) and handles that byte on its own; for most strings the first block already
/// holds the closing quote.
enum JSONStringScan {
    /// Scans the text of a string from `start` (just after its opening quote); returns the offset of
    /// the closing quote, and sets `node`'s `escaped` when the text has backslash escapes (and only
    /// then: the caller has written it false).
    ///
    /// Inlined into the reader's loops, so only the common case is here: whole blocks of plain bytes,
    /// then the closing quote. Blocks are read with no test of the input's end: `start` is at most
    /// `count`, and the zeros after the input (see `JSONReaderInput`) stop the scan at `count` at the
    /// latest, as the control characters they are. The first byte that is not plain and not the
    /// closing quote (those zeros included) hands the rest of the string to `scanRest`, out of line,
    /// which fails at the end of the input: that keeps the inlined code
    /// free of an `escaped` flag and of the byte-by-byte checks. The flag goes straight into the node
    /// the reader writes in place, so the common case does not carry it either.
    @inline(__always)
    static func scan(_ input: JSONReaderInput, from start: Int, node: UnsafeMutablePointer<JSONTape.Node>) throws -> Int {
        var p = start
        while true {
            let special = specialBytes(input.base + p)
            if special != 0 {
                p &+= special.trailingZeroBitCount
                if input[p] == UInt8(ascii: "\"") { return p }
                return try scanRest(input, from: p, node: node)
            }
            p &+= 16
        }
    }

    /// The rest of a string's text from `start`, where `scan` stopped: at a byte that is not plain and
    /// not the closing quote, or at the end of the input. Returns and sets what `scan`
    /// does; the text before `start` is plain (`scan` stops at the first byte that is not), so whether
    /// it has escapes is decided here.
    ///
    /// Blocks are read with no test of the end, as in `scan`: `p` never passes `count` (an escape or
    /// a UTF-8 sequence is checked whole before it is stepped over), and the padding's first zero stops
    /// the block scan at `count` at the latest. Only a byte that is neither a quote nor a backslash is
    /// then tested for being the end, where the string fails as unterminated; a zero byte in the
    /// document is a control character, as before.
    @inline(never)
    static func scanRest(_ input: JSONReaderInput, from start: Int, node: UnsafeMutablePointer<JSONTape.Node>) throws -> Int {
        var p = start
        while true {
            let offset = firstSpecialByte(input.base + p)
            p &+= offset
            if offset == 16 { continue }
            let byte = input.base[p]
            if byte == UInt8(ascii: "\\") {
                node.pointee.escaped = true
                // The one-character escapes (`\"` above all, in managedFields' `k:{"name":…}` keys)
                // here; `\u` and anything invalid through `special`. At `count` the padding's zero is
                // no escape character, so an escape cut by the end fails there.
                if isSingleEscape(input.base[p &+ 1]) {
                    p &+= 2
                    continue
                }
            } else if byte == UInt8(ascii: "\"") {
                return p
            } else if p >= input.count {
                try input.fail("unexpected end of input in a string", at: input.count)
            }
            p = try special(input, at: p)
        }
    }

    /// The offset (0 to 15) of the first byte of the 16 at `address` that may not be copied as it is,
    /// or 16 when there is none.
    @inline(__always)
    static func firstSpecialByte(_ address: UnsafePointer<UInt8>) -> Int {
        // The bit above the block's 16 stands for "none": the count is 16 then, with no branch.
        (specialBytes(address) | 0x1_0000).trailingZeroBitCount
    }

    #if arch(x86_64)
    /// One bit per byte of the 16 at `address` (the first byte lowest), set for those that may not be
    /// copied as they are: a quote, a backslash, a control character, or a byte of a multi-byte
    /// sequence.
    ///
    /// SSE2 through Clang's intrinsics, as Swift's SIMD types have no "move mask": two byte-wise
    /// equality tests and one signed comparison (bytes from 0x80 are negative, so "below 0x20" takes
    /// them with the control characters), then the lanes' high bits gathered into one integer
    /// (`pmovmskb`). About ten instructions a block, where the lane-wise arithmetic below took twenty.
    @inline(__always)
    static func specialBytes(_ address: UnsafePointer<UInt8>) -> UInt32 {
        let bytes = _mm_loadu_si128(UnsafeRawPointer(address).assumingMemoryBound(to: __m128i.self))
        let quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(CChar(bitPattern: UInt8(ascii: "\""))))
        let backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(CChar(bitPattern: UInt8(ascii: "\\"))))
        let belowSpace = _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20))
        let special = _mm_or_si128(_mm_or_si128(quote, backslash), belowSpace)
        return UInt32(truncatingIfNeeded: _mm_movemask_epi8(special))
    }
    #else
    /// One bit per byte of the 16 at `address` (the first byte lowest), set for those that may not be
    /// copied as they are: a quote, a backslash, a control character, or a byte of a multi-byte
    /// sequence.
    ///
    /// Lane-wise arithmetic only: Swift's SIMD comparisons (`.==`, `.<`) build their masks lane by lane
    /// in a loop, while wrapping add/subtract and the bitwise operators compile to single vector
    /// instructions. Per lane (no borrow crosses lanes, so there are no false alarms): `x &- 1` has its
    /// high bit set when `x` is 0 or above 0x80, so for `x = byte ^ 0x22` (and `^ 0x5C`) with `byte`
    /// below 0x80 that bit means "is a quote" ("is a backslash"); `byte &- 0x20` sets it for bytes below
    /// 0x20 (and from 0xA0), and `byte` itself for every byte of a multi-byte sequence. Only the first
    /// flagged byte's bit is exact (the callers use no other): the lanes are read as two 64-bit words.
    @inline(__always)
    static func specialBytes(_ address: UnsafePointer<UInt8>) -> UInt32 {
        let bytes = UnsafeRawPointer(address).loadUnaligned(as: SIMD16<UInt8>.self)
        let one = SIMD16<UInt8>(repeating: 1)
        let quote = bytes ^ SIMD16(repeating: UInt8(ascii: "\""))
        let backslash = bytes ^ SIMD16(repeating: UInt8(ascii: "\\"))
        let special = ((quote &- one) | (backslash &- one) | (bytes &- SIMD16(repeating: 0x20)) | bytes)
            & SIMD16(repeating: 0x80)
        let lane = special.firstLaneWithHighBit
        return lane == 16 ? 0 : 1 &<< UInt32(truncatingIfNeeded: lane)
    }
    #endif

    /// Whether `\` and `c` are a whole escape: `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r` or `\t`.
    @inline(__always)
    static func isSingleEscape(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return true
        default:
            return false
        }
    }

    /// Handles the special byte at `p` (not a quote): checks the escape or UTF-8 sequence it starts
    /// and returns the offset after it, or throws for a control character.
    @inline(never)
    static func special(_ input: JSONReaderInput, at p: Int) throws -> Int {
        let byte = input[p]
        if byte == UInt8(ascii: "\\") { return try validateEscape(input, at: p) }
        if byte < 0x20 {
            throw input.error("control character \(input.describe(byte)) in string; it must be escaped", at: p)
        }
        return try validateUTF8Sequence(input, at: p)
    }

    /// Checks one escape sequence starting at the backslash at `escapeStart`; returns the offset after
    /// it. The reader decodes nothing (`JSONTape.unescape` does, on demand). A `\u` high surrogate must
    /// be followed by a `\u` low surrogate, and a low one must not stand alone.
    static func validateEscape(_ input: JSONReaderInput, at escapeStart: Int) throws -> Int {
        var p = escapeStart + 1  // backslash
        guard p < input.count else { throw input.error("unexpected end of input in an escape sequence", at: p) }
        let c = input[p]
        p += 1
        if isSingleEscape(c) { return p }
        switch c {
        case UInt8(ascii: "u"):
            let scalar = try parseHex4(input, at: p)
            p += 4
            if (0xDC00...0xDFFF).contains(scalar) {
                throw input.error("lone surrogate \\u\(input.hex(scalar)): a low surrogate without a high one", at: escapeStart)
            }
            if (0xD800...0xDBFF).contains(scalar) {
                guard p + 1 < input.count, input[p] == UInt8(ascii: "\\"), input[p + 1] == UInt8(ascii: "u") else {
                    throw input.error("lone surrogate \\u\(input.hex(scalar)): a high surrogate must be followed by a low one", at: escapeStart)
                }
                p += 2
                let low = try parseHex4(input, at: p)
                p += 4
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw input.error("lone surrogate \\u\(input.hex(scalar)): followed by \\u\(input.hex(low)), not a low surrogate", at: escapeStart)
                }
            }
            return p
        default:
            throw input.error("invalid escape \"\\\(input.describeRaw(c))\"", at: escapeStart)
        }
    }

    /// The value of the four hex digits at `start`.
    static func parseHex4(_ input: JSONReaderInput, at start: Int) throws -> UInt32 {
        guard start + 4 <= input.count else { throw input.error("unexpected end of input in a \\u escape", at: start) }
        var value: UInt32 = 0
        for p in start..<(start + 4) {
            let c = input[p]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw input.error("invalid escape: \\u needs four hex digits, found \(input.describe(c))", at: p)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Checks one multi-byte UTF-8 sequence starting at `start`; returns the offset after it.
    static func validateUTF8Sequence(_ input: JSONReaderInput, at start: Int) throws -> Int {
        let lead = input[start]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0  // below: overlong
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F  // U+D800...U+DFFF are not characters
        case 0xF0: length = 4; lowerBound = 0x90  // below: overlong
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F  // nothing above U+10FFFF
        default: throw input.error("invalid UTF-8 byte 0x\(input.hex(UInt32(lead)))", at: start)
        }
        guard start + length <= input.count else { throw input.error("invalid UTF-8: truncated sequence", at: start) }
        for i in 1..<length {
            let b = input[start + i]
            let (lo, hi) = i == 1 ? (lowerBound, upperBound) : (UInt8(0x80), UInt8(0xBF))
            guard b >= lo, b <= hi else { throw input.error("invalid UTF-8 sequence", at: start) }
        }
        return start + length
    }
}

extension SIMD16 where Scalar == UInt8 {
    /// The first lane (0 to 15) whose high bit is set, or 16 when none is: for the block tests of the
    /// reader (`JSONStringScan.specialBytes`) and the writer (`JSONWriter.escapesInBlock`) on
    /// architectures other than x86_64, which flag lanes in their high bits. Read as two 64-bit words,
    /// Swift having no portable "move mask".
    @inline(__always)
    var firstLaneWithHighBit: Int {
        let words = unsafeBitCast(self, to: SIMD2<UInt64>.self)
        // Little-endian words put the first lane lowest (a no-op on x86_64 and arm64).
        let low = UInt64(littleEndian: words[0])
        let high = UInt64(littleEndian: words[1])
        if low != 0 { return low.trailingZeroBitCount &>> 3 }
        if high != 0 { return 8 &+ high.trailingZeroBitCount &>> 3 }
        return 16
    }
}
