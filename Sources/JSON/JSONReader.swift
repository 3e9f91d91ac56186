/// Bounds on what the reader accepts, so hostile input costs bounded time and stack.
public struct JSONLimits: Sendable {
    /// Nesting of arrays and objects. Kubernetes objects nest about 10 deep; 512 leaves room for CRDs
    /// while keeping recursion far from the thread's stack limit.
    public var maxDepth: Int
    /// Input size in bytes.
    public var maxBytes: Int

    public init(maxDepth: Int = 512, maxBytes: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    public static let `default` = JSONLimits()
}

/// Why and where a document is not RFC 8259 JSON. `line` and `column` are 1-based (columns in bytes).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let line: Int
    public let column: Int
    public let reason: String

    public var description: String { "line \(line), column \(column): \(reason)" }
}

/// A strict, byte-level RFC 8259 reader: UTF-8 validated, surrogate pairs checked, no trailing commas,
/// no duplicate member names (the API server would keep the last one while a lenient reader might keep
/// the first, a known way to smuggle a field past a webhook), a depth limit, numbers kept as written.
public enum JSONReader {
    /// Parses `bytes` into a value whose objects stay in the reader's tape until they are changed
    /// (see `JSONObject`); reading them costs no allocation per member.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONParseError) -> JSON {
        try tape(bytes, limits: limits).value(at: 0)
    }

    /// Parses `bytes` into its tape.
    static func tape(_ bytes: [UInt8], limits: JSONLimits) throws(JSONParseError) -> JSONTape {
        guard bytes.count <= min(limits.maxBytes, Int(UInt32.max) - 1) else {
            throw JSONParseError(offset: 0, line: 1, column: 1, reason: "document of \(bytes.count) bytes exceeds the limit of \(limits.maxBytes) bytes")
        }
        let nodes = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> UnsafeMutableBufferPointer<JSONTape.Node> in
            var parser = Parser(buffer: buffer, limits: limits)
            defer { parser.openKeys.deallocate() }
            do throws(JSONParseError) {
                try parser.parseDocument()
            } catch {
                parser.nodes.deallocate()
                throw error
            }
            return parser.nodes.take()
        }
        return JSONTape(bytes: bytes, nodes: nodes)
    }

    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSON {
        try parse(Array(text.utf8), limits: limits)
    }
}

private struct Parser {
    let buffer: UnsafeBufferPointer<UInt8>
    let limits: JSONLimits
    var position = 0
    var depth = 0
    var nodes: GrowableBuffer<JSONTape.Node>
    /// The key nodes of the objects being parsed, innermost last, for the duplicate check.
    var openKeys = GrowableBuffer<Int>(capacity: 64)

    init(buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.buffer = buffer
        self.limits = limits
        // About one node per 8-15 bytes in Kubernetes objects: one allocation for most documents.
        nodes = GrowableBuffer(capacity: buffer.count / 8 + 4)
    }

    mutating func parseDocument() throws(JSONParseError) {
        skipWhitespace()
        guard position < buffer.count else { throw error("unexpected end of input: expected a value") }
        try parseValue()
        skipWhitespace()
        guard position == buffer.count else { throw error("unexpected data after the top-level value") }
    }

    /// Appends a node and returns its index; `end` is set for scalars, and by the caller for containers.
    @inline(__always)
    mutating func append(_ kind: JSONTape.Kind, start: Int = 0, length: Int = 0, escaped: Bool = false) -> Int {
        let index = nodes.count
        nodes.append(JSONTape.Node(kind: kind, escaped: escaped, start: UInt32(truncatingIfNeeded: start),
                                   length: UInt32(truncatingIfNeeded: length), end: UInt32(truncatingIfNeeded: index + 1)))
        return index
    }

    // MARK: Values

    mutating func parseValue() throws(JSONParseError) {
        guard position < buffer.count else { throw error("unexpected end of input: expected a value") }
        switch buffer[position] {
        case UInt8(ascii: "{"): try parseObject()
        case UInt8(ascii: "["): try parseArray()
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try expectLiteral("true"); _ = append(.true)
        case UInt8(ascii: "f"): try expectLiteral("false"); _ = append(.false)
        case UInt8(ascii: "n"): try expectLiteral("null"); _ = append(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        case let byte: throw error("unexpected \(describe(byte)): expected a value")
        }
    }

    mutating func parseObject() throws(JSONParseError) {
        try enterContainer()
        position += 1  // {
        let object = append(.object)
        var count = 0
        skipWhitespace()
        if position < buffer.count, buffer[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            nodes[object].end = UInt32(truncatingIfNeeded: nodes.count)
            return
        }
        let keysBase = openKeys.count
        // Small objects check duplicates by comparing bytes; large ones (a big labels map,
        // managedFields) switch to a set so the check stays linear.
        var seen = Set<String>()  // empty until an object passes 16 members; allocates nothing before
        while true {
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input: expected a member name") }
            guard buffer[position] == UInt8(ascii: "\"") else {
                if buffer[position] == UInt8(ascii: "}") { throw error("trailing comma before \"}\"") }
                throw error("unexpected \(describe(buffer[position])): expected a member name in double quotes")
            }
            let keyOffset = position
            let key = try parseString()
            var duplicate = false
            if count < 16 {
                var k = keysBase
                while k < openKeys.count, !duplicate {
                    duplicate = sameKey(openKeys[k], key)
                    k += 1
                }
            } else {
                if count == 16 { seen = Set((keysBase..<openKeys.count).map { keyString(openKeys[$0]) }) }
                duplicate = !seen.insert(keyString(key)).inserted
            }
            if duplicate { throw error("duplicate key \"\(keyString(key))\"", at: keyOffset) }
            openKeys.append(key)
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input: expected \":\"") }
            guard buffer[position] == UInt8(ascii: ":") else {
                throw error("unexpected \(describe(buffer[position])): expected \":\" after a member name")
            }
            position += 1
            skipWhitespace()
            try parseValue()
            count += 1
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input: expected \",\" or \"}\"") }
            switch buffer[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                openKeys.truncate(to: keysBase)
                nodes[object].length = UInt32(truncatingIfNeeded: count)
                nodes[object].end = UInt32(truncatingIfNeeded: nodes.count)
                return
            case let byte:
                throw error("unexpected \(describe(byte)): expected \",\" or \"}\" in an object")
            }
        }
    }

    /// Two key nodes name the same member: equal bytes once escapes are decoded.
    @inline(__always)
    func sameKey(_ a: Int, _ b: Int) -> Bool {
        let x = nodes[a]
        let y = nodes[b]
        if !x.escaped, !y.escaped {
            guard x.length == y.length else { return false }
            let xs = Int(x.start)
            let ys = Int(y.start)
            for i in 0..<Int(x.length) where buffer[xs + i] != buffer[ys + i] { return false }
            return true
        }
        // With escapes, decode — unless the first characters already differ (a first byte that is not a
        // backslash is the first character itself), which settles most pairs without allocating.
        if x.length > 0, y.length > 0 {
            let xf = buffer[Int(x.start)]
            let yf = buffer[Int(y.start)]
            if xf != UInt8(ascii: "\\"), yf != UInt8(ascii: "\\"), xf != yf { return false }
        }
        return keyString(a).sameBytes(as: keyString(b))
    }

    func keyString(_ index: Int) -> String {
        let node = nodes[index]
        let raw = UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.start + node.length)])
        return node.escaped ? String(decoding: JSONTape.unescape(raw), as: UTF8.self) : String(decoding: raw, as: UTF8.self)
    }

    mutating func parseArray() throws(JSONParseError) {
        try enterContainer()
        position += 1  // [
        let array = append(.array)
        var count = 0
        skipWhitespace()
        if position < buffer.count, buffer[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            nodes[array].end = UInt32(truncatingIfNeeded: nodes.count)
            return
        }
        while true {
            skipWhitespace()
            if position < buffer.count, buffer[position] == UInt8(ascii: "]") {
                throw error("trailing comma before \"]\"")
            }
            try parseValue()
            count += 1
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input: expected \",\" or \"]\"") }
            switch buffer[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                nodes[array].length = UInt32(truncatingIfNeeded: count)
                nodes[array].end = UInt32(truncatingIfNeeded: nodes.count)
                return
            case let byte:
                throw error("unexpected \(describe(byte)): expected \",\" or \"]\" in an array")
            }
        }
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > limits.maxDepth { throw error("nesting exceeds the maximum depth of \(limits.maxDepth)") }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for i in 0..<count {
            guard position + i < buffer.count else { throw error("unexpected end of input in literal \"\(literal)\"") }
            guard buffer[position + i] == start[i] else {
                throw error("invalid literal: expected \"\(literal)\"", at: position)
            }
        }
        position += count
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    mutating func parseNumber() throws(JSONParseError) {
        let start = position
        if buffer[position] == UInt8(ascii: "-") { position += 1 }
        guard position < buffer.count else { throw error("unexpected end of input in a number") }
        if buffer[position] == UInt8(ascii: "0") {
            position += 1
            if position < buffer.count, isDigit(buffer[position]) {
                throw error("leading zero in a number", at: position - 1)
            }
        } else if isDigit(buffer[position]) {
            while position < buffer.count, isDigit(buffer[position]) { position += 1 }
        } else {
            throw error("invalid number: expected a digit after \"-\"")
        }
        if position < buffer.count, buffer[position] == UInt8(ascii: ".") {
            position += 1
            guard position < buffer.count, isDigit(buffer[position]) else {
                throw error("invalid number: expected a digit after the decimal point")
            }
            while position < buffer.count, isDigit(buffer[position]) { position += 1 }
        }
        if position < buffer.count, buffer[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < buffer.count, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < buffer.count, isDigit(buffer[position]) else {
                throw error("invalid number: expected a digit in the exponent")
            }
            while position < buffer.count, isDigit(buffer[position]) { position += 1 }
        }
        _ = append(.number, start: start, length: position - start)
    }

    @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    // MARK: Strings

    /// Validates a string starting at the opening quote and appends its node; returns the node's index.
    /// The common case, plain ASCII without escapes, is one scan.
    @discardableResult
    mutating func parseString() throws(JSONParseError) -> Int {
        position += 1  // opening quote
        let start = position
        var escaped = false
        // The scan runs on locals (not `self.position`) so the compiler keeps them in registers.
        var p = position
        let end = buffer.count
        while p < end {
            // Eight bytes at a time while none is special (a quote, a backslash, a control character or
            // part of a multi-byte sequence): most of a Kubernetes object's text is plain ASCII.
            if p + 8 <= end, let base = buffer.baseAddress {
                let special = Parser.specialBytes(UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
                if special == 0 {
                    p += 8
                    continue
                }
                p += special.trailingZeroBitCount / 8
            }
            let byte = buffer[p]
            if byte == UInt8(ascii: "\"") {
                position = p
                let node = append(.string, start: start, length: p - start, escaped: escaped)
                position = p + 1
                return node
            }
            if byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") {
                p += 1
                continue
            }
            position = p
            if byte == UInt8(ascii: "\\") {
                escaped = true
                try validateEscape()
            } else if byte < 0x20 {
                throw error("control character \(describe(byte)) in string; it must be escaped")
            } else {
                try validateUTF8Sequence()
            }
            p = position
        }
        throw error("unexpected end of input in a string", at: buffer.count)
    }

    /// A mask with the high bit set in each byte of `word` (little-endian) that may end a plain run of
    /// string text: `"`, `\\`, below 0x20 or from 0x80. The lowest set bit is exact; bits above it may be
    /// false alarms, which the byte-wise path sorts out.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }
        let quote = zeroBytes(word ^ (ones &* 0x22))
        let backslash = zeroBytes(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & high
        return quote | backslash | control | (word & high)
    }

    /// Checks one escape sequence (the reader decodes nothing; `JSONTape.unescape` does, on demand).
    /// A `\u` high surrogate must be followed by a `\u` low surrogate, and a low one must not stand alone.
    mutating func validateEscape() throws(JSONParseError) {
        let escapeStart = position
        position += 1  // backslash
        guard position < buffer.count else { throw error("unexpected end of input in an escape sequence") }
        let c = buffer[position]
        position += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let scalar = try parseHex4()
            if (0xDC00...0xDFFF).contains(scalar) {
                throw error("lone surrogate \\u\(hex(scalar)): a low surrogate without a high one", at: escapeStart)
            }
            if (0xD800...0xDBFF).contains(scalar) {
                guard position + 1 < buffer.count, buffer[position] == UInt8(ascii: "\\"), buffer[position + 1] == UInt8(ascii: "u") else {
                    throw error("lone surrogate \\u\(hex(scalar)): a high surrogate must be followed by a low one", at: escapeStart)
                }
                position += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("lone surrogate \\u\(hex(scalar)): followed by \\u\(hex(low)), not a low surrogate", at: escapeStart)
                }
            }
        default:
            throw error("invalid escape \"\\\(describeRaw(c))\"", at: escapeStart)
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= buffer.count else { throw error("unexpected end of input in a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = buffer[position]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw error("invalid escape: \\u needs four hex digits, found \(describe(c))")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Checks one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
    mutating func validateUTF8Sequence() throws(JSONParseError) {
        let start = position
        let lead = buffer[position]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F  // U+D800...U+DFFF are not characters
        case 0xF0: length = 4; lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F  // nothing above U+10FFFF
        default: throw error("invalid UTF-8 byte 0x\(hex(UInt32(lead)))")
        }
        guard start + length <= buffer.count else { throw error("invalid UTF-8: truncated sequence") }
        for i in 1..<length {
            let b = buffer[start + i]
            let (lo, hi) = i == 1 ? (lowerBound, upperBound) : (UInt8(0x80), UInt8(0xBF))
            guard b >= lo, b <= hi else { throw error("invalid UTF-8 sequence", at: start) }
        }
        position += length
    }

    // MARK: Whitespace and errors

    @inline(__always)
    mutating func skipWhitespace() {
        var p = position
        let end = buffer.count
        while p < end {
            switch buffer[p] {
            case 0x20, 0x0A, 0x0D, 0x09: p += 1
            default:
                position = p
                return
            }
        }
        position = p
    }

    func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        let offset = Swift.min(offset ?? position, buffer.count)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where buffer[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return JSONParseError(offset: offset, line: line, column: offset - lineStart + 1, reason: reason)
    }

    func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x21...0x7E: return "\"\(Character(Unicode.Scalar(byte)))\""
        default: return "byte 0x\(hex(UInt32(byte)))"
        }
    }

    func describeRaw(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(Character(Unicode.Scalar(byte))) : "0x\(hex(UInt32(byte)))"
    }

    func hex(_ value: UInt32) -> String {
        let s = String(value, radix: 16, uppercase: true)
        return s.count >= 4 || value > 0xFF ? s : String(repeating: "0", count: (value > 0xFF ? 4 : 2) - s.count) + s
    }
}
