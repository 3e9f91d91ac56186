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
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONParseError) -> JSON {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSON in
            var parser = Parser(buffer: buffer, limits: limits)
            return try parser.parseDocument()
        }
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

    init(buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.buffer = buffer
        self.limits = limits
    }

    mutating func parseDocument() throws(JSONParseError) -> JSON {
        guard buffer.count <= limits.maxBytes else {
            throw error("document of \(buffer.count) bytes exceeds the limit of \(limits.maxBytes) bytes", at: 0)
        }
        skipWhitespace()
        guard position < buffer.count else { throw error("unexpected end of input: expected a value") }
        let value = try parseValue()
        skipWhitespace()
        guard position == buffer.count else { throw error("unexpected data after the top-level value") }
        return value
    }

    // MARK: Values

    mutating func parseValue() throws(JSONParseError) -> JSON {
        guard position < buffer.count else { throw error("unexpected end of input: expected a value") }
        switch buffer[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case let byte: throw error("unexpected \(describe(byte)): expected a value")
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSON {
        try enterContainer()
        position += 1  // {
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if position < buffer.count, buffer[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject(members))
        }
        members.reserveCapacity(8)  // most Kubernetes objects have a handful of members: grow once, not four times
        // Small objects check duplicates by scanning; large ones (a big labels map, managedFields)
        // switch to a set so the check stays linear.
        var seen: Set<String>? = nil
        while true {
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input: expected a member name") }
            guard buffer[position] == UInt8(ascii: "\"") else {
                if buffer[position] == UInt8(ascii: "}") { throw error("trailing comma before \"}\"") }
                throw error("unexpected \(describe(buffer[position])): expected a member name in double quotes")
            }
            let keyOffset = position
            let key = try parseString()
            if seen == nil, members.count >= 16 { seen = Set(members.lazy.map(\.key)) }
            let duplicate: Bool
            if let inserted = seen?.insert(key).inserted {
                duplicate = !inserted
            } else {
                // `==` (canonical equivalence) is a fast superset of byte equality: only keys it calls
                // equal need the byte comparison.
                duplicate = members.contains { $0.key == key && $0.key.sameBytes(as: key) }
            }
            if duplicate { throw error("duplicate key \"\(key)\"", at: keyOffset) }
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input: expected \":\"") }
            guard buffer[position] == UInt8(ascii: ":") else {
                throw error("unexpected \(describe(buffer[position])): expected \":\" after a member name")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input: expected \",\" or \"}\"") }
            switch buffer[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(JSONObject(members))
            case let byte:
                throw error("unexpected \(describe(byte)): expected \",\" or \"}\" in an object")
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSON {
        try enterContainer()
        position += 1  // [
        var elements: [JSON] = []
        skipWhitespace()
        if position < buffer.count, buffer[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        elements.reserveCapacity(4)
        while true {
            skipWhitespace()
            if position < buffer.count, buffer[position] == UInt8(ascii: "]") {
                throw error("trailing comma before \"]\"")
            }
            elements.append(try parseValue())
            skipWhitespace()
            guard position < buffer.count else { throw error("unexpected end of input: expected \",\" or \"]\"") }
            switch buffer[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
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
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
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
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
        return JSONNumber(uncheckedText: text)
    }

    @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    // MARK: Strings

    /// A string starting at the opening quote. The common case, plain ASCII without escapes, is one scan
    /// and one copy; escapes and multi-byte UTF-8 take the careful path.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        let start = position
        while position < buffer.count {
            let byte = buffer[position]
            if byte == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
                position += 1
                return s
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 { break }
            if byte < 0x20 { throw error("control character \(describe(byte)) in string; it must be escaped") }
            position += 1
        }
        guard position < buffer.count else { throw error("unexpected end of input in a string", at: buffer.count) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(position - start + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<position]))
        while position < buffer.count {
            let byte = buffer[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &bytes)
            case 0..<0x20:
                throw error("control character \(describe(byte)) in string; it must be escaped")
            case 0x80...:
                try copyUTF8Sequence(into: &bytes)
            default:
                bytes.append(byte)
                position += 1
            }
        }
        throw error("unexpected end of input in a string", at: buffer.count)
    }

    mutating func parseEscape(into bytes: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = position
        position += 1  // backslash
        guard position < buffer.count else { throw error("unexpected end of input in an escape sequence") }
        let c = buffer[position]
        position += 1
        switch c {
        case UInt8(ascii: "\""): bytes.append(0x22)
        case UInt8(ascii: "\\"): bytes.append(0x5C)
        case UInt8(ascii: "/"): bytes.append(0x2F)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
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
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            appendUTF8(scalar, to: &bytes)
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

    /// Validates one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF) and copies it.
    mutating func copyUTF8Sequence(into bytes: inout [UInt8]) throws(JSONParseError) {
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
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<(start + length)]))
        position += length
    }

    func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: Whitespace and errors

    @inline(__always)
    mutating func skipWhitespace() {
        while position < buffer.count {
            switch buffer[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
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
