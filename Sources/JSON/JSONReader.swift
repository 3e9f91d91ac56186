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
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                throw JSONParseError(offset: 0, line: 1, column: 1, reason: "unexpected end of input: expected a value")
            }
            return try Parser.run(JSONReaderInput(base: base, count: buffer.count), maxDepth: limits.maxDepth)
        }
        return JSONTape(bytes: bytes, nodes: nodes)
    }

    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSON {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// One pass over the input, appending one node per value and member name.
///
/// Recursive descent, one function per kind of container, whose locals (the cursor, the member count,
/// the node buffer) the compiler keeps in registers: the cursor is passed in and returned rather than
/// stored in the parser, which an earlier version did at every step, and each container function
/// works on its own copy of the node buffer (written back on every way out, see `object`), which as a
/// field of a mutating parser was loaded and stored again at every node. The parser itself is
/// immutable (the input and the depth limit), so it travels in registers. Scalars are read in place by
/// the container loops; only nested containers cost a call. The depth limit bounds the recursion.
private struct Parser {
    let input: JSONReaderInput
    let maxDepth: Int

    typealias Nodes = GrowableBuffer<JSONTape.Node>

    static func run(_ input: JSONReaderInput, maxDepth: Int) throws(JSONParseError) -> UnsafeMutableBufferPointer<JSONTape.Node> {
        let parser = Parser(input: input, maxDepth: maxDepth)
        // About one node per 8-15 bytes in Kubernetes objects: one allocation for most documents. At
        // least 4, room for the top-level value's node.
        var nodes = Nodes(capacity: input.count / 8 + 4)
        do {
            let p = try parser.value(at: parser.skipWhitespace(0), depth: 0, &nodes)
            let end = parser.skipWhitespace(p)
            guard end == input.count else { try input.fail("unexpected data after the top-level value", at: end) }
        } catch {
            nodes.deallocate()
            // Only JSONParseError is thrown in here, untyped (see `JSONReaderInput.fail`).
            throw error as? JSONParseError ?? input.error("\(error)", at: 0)
        }
        return nodes.take()
    }

    /// Reads the value at `p` (whitespace skipped) inside containers nested `depth` deep; returns the
    /// offset after it.
    @inline(__always)
    private func value(at p: Int, depth: Int, _ nodes: inout Nodes) throws -> Int {
        guard p < input.count else { try input.fail("unexpected end of input: expected a value", at: p) }
        let byte = input[p]
        switch byte {
        case UInt8(ascii: "\""):
            let (close, escaped) = try JSONStringScan.scan(input, from: p &+ 1)
            nodes.appendReserved(stringNode(from: p &+ 1, to: close, escaped: escaped, index: nodes.count))
            return close &+ 1
        case UInt8(ascii: "{"):
            return try object(at: p, depth: depth &+ 1, &nodes)
        case UInt8(ascii: "["):
            return try array(at: p, depth: depth &+ 1, &nodes)
        case UInt8(ascii: "t"):
            let end = try literal("true", at: p)
            nodes.appendReserved(node(.true, index: nodes.count))
            return end
        case UInt8(ascii: "f"):
            let end = try literal("false", at: p)
            nodes.appendReserved(node(.false, index: nodes.count))
            return end
        case UInt8(ascii: "n"):
            let end = try literal("null", at: p)
            nodes.appendReserved(node(.null, index: nodes.count))
            return end
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // A whole number without sign or leading zero (a port, a count, a mode): its digits here;
            // anything else (a sign, a zero, a fraction, an exponent) through `number`.
            var end = p &+ 1
            if byte != UInt8(ascii: "-"), byte != UInt8(ascii: "0") {
                while end < input.count, isDigit(input[end]) { end &+= 1 }
                if end < input.count, input[end] == UInt8(ascii: ".") || input[end] | 0x20 == UInt8(ascii: "e") {
                    end = try number(at: p)
                }
            } else {
                end = try number(at: p)
            }
            nodes.appendReserved(JSONTape.Node(kind: .number, escaped: false, start: UInt32(truncatingIfNeeded: p),
                                       length: UInt32(truncatingIfNeeded: end &- p), end: UInt32(truncatingIfNeeded: nodes.count &+ 1)))
            return end
        default:
            try input.fail(unexpected: byte, "expected a value", at: p)
        }
    }

    /// Reads the object whose "{" is at `start`; returns the offset after its "}".
    ///
    /// Works on a local copy of the node buffer, handed to nested containers and written back to
    /// `shared` on every way out, thrown errors included: a nested container may have moved the buffer
    /// (grown it), and the caller must free or keep the buffer as it now is.
    @inline(never)
    private func object(at start: Int, depth: Int, _ shared: inout Nodes) throws -> Int {
        if depth > maxDepth { try input.fail(tooDeep: maxDepth, at: start) }
        var nodes = shared
        defer { shared = nodes }
        let base = input.base
        let end = input.count
        let object = nodes.count
        nodes.appendReserved(node(.object, index: object))
        var p = skipWhitespace(start &+ 1)
        // Empty: the node is complete as appended (no members, subtree ends after it).
        if p < end, base[p] == UInt8(ascii: "}") { return p &+ 1 }
        // Member names are checked for repeats when the object is complete, or when reading it fails.
        // On the way, one bit of 64 per name, from its length and last byte (for an empty name, its
        // opening quote): equal names set the same bit, so when no two names share a bit and none is
        // escaped, no name repeats and the check is skipped (all but a few Kubernetes objects, whose
        // names share lengths far more often than length and last byte).
        var keys = 0
        var names: UInt64 = 0
        var mayRepeat = false
        do {
            try expectMemberName(at: p)
            while true {
                // At a member name's opening quote (checked before the loop and after a "," with
                // whitespace; the compact path checks it itself). Room for the name's node and the
                // first of its value's, which append unchecked.
                nodes.reserve(2)
                let (close, escaped) = try JSONStringScan.scan(input, from: p &+ 1)
                nodes.appendReserved(stringNode(from: p &+ 1, to: close, escaped: escaped, index: nodes.count))
                keys &+= 1
                let nameBit: UInt64 = 1 &<< ((UInt64(truncatingIfNeeded: close &- p) &+ UInt64(base[close &- 1]) &* 7) & 63)
                if names & nameBit != 0 || escaped { mayRepeat = true }
                names |= nameBit
                if close &+ 2 < end, pair(at: close &+ 1) == Self.colonQuote {
                    // Compact, as the API server writes it, and a string, half of all values: read
                    // here, without the dispatch on the value's first byte.
                    let (valueClose, valueEscaped) = try JSONStringScan.scan(input, from: close &+ 3)
                    nodes.appendReserved(stringNode(from: close &+ 3, to: valueClose, escaped: valueEscaped, index: nodes.count))
                    p = valueClose &+ 1
                } else if close &+ 2 < end, pair(at: close &+ 1) == Self.colonBrace {
                    // Compact, and an object, the next most common value: called straight away.
                    p = try self.object(at: close &+ 2, depth: depth &+ 1, &nodes)
                } else {
                    if close &+ 2 < end, base[close &+ 1] == UInt8(ascii: ":"), base[close &+ 2] > 0x20 {
                        // Compact: the value right after the ":".
                        p = close &+ 2
                    } else {
                        p = skipWhitespace(close &+ 1)
                        guard p < end else { try input.fail("unexpected end of input: expected \":\"", at: p) }
                        guard base[p] == UInt8(ascii: ":") else {
                            try input.fail(unexpected: base[p], "expected \":\" after a member name", at: p)
                        }
                        p = skipWhitespace(p &+ 1)
                    }
                    p = try value(at: p, depth: depth, &nodes)
                }
                if p &+ 1 < end, pair(at: p) == Self.commaQuote {
                    p &+= 1  // compact: the next member name right after the ","
                    continue
                }
                p = skipWhitespace(p)
                guard p < end else { try input.fail("unexpected end of input: expected \",\" or \"}\"", at: p) }
                let next = base[p]
                if next == UInt8(ascii: ",") {
                    p = skipWhitespace(p &+ 1)
                    try expectMemberName(at: p)
                    continue
                }
                guard next == UInt8(ascii: "}") else {
                    try input.fail(unexpected: next, "expected \",\" or \"}\" in an object", at: p)
                }
                break
            }
        } catch {
            // A repeated name before the failure is what a name-by-name check would have reported.
            if let key = JSONKeyCheck.firstRepeat(inObject: object, keys: keys, input, nodes) { try failRepeated(key, nodes) }
            throw error
        }
        nodes.base[object].length = UInt32(truncatingIfNeeded: keys)
        nodes.base[object].end = UInt32(truncatingIfNeeded: nodes.count)
        if mayRepeat, keys > 1,
           let key = JSONKeyCheck.firstRepeat(inObject: object, keys: keys, input, nodes, namesMayRepeat: true) {
            try failRepeated(key, nodes)
        }
        return p &+ 1
    }

    /// The two bytes at `p` (of which `p + 1` is in the input) as one little-endian number, to compare
    /// with `colonQuote`, `colonBrace` and `commaQuote` in one test.
    @inline(__always)
    private func pair(at p: Int) -> UInt16 {
        UInt16(littleEndian: UnsafeRawPointer(input.base + p).loadUnaligned(as: UInt16.self))
    }

    /// `:"`, `:{` and `,"` as `pair` reads them: a compact member's string or object value, and the
    /// next member name.
    private static let colonQuote = UInt16(UInt8(ascii: ":")) | UInt16(UInt8(ascii: "\"")) &<< 8
    private static let colonBrace = UInt16(UInt8(ascii: ":")) | UInt16(UInt8(ascii: "{")) &<< 8
    private static let commaQuote = UInt16(UInt8(ascii: ",")) | UInt16(UInt8(ascii: "\"")) &<< 8

    /// Throws unless a member name (its opening quote) is at `p`.
    @inline(__always)
    private func expectMemberName(at p: Int) throws {
        guard p < input.count else { try input.fail("unexpected end of input: expected a member name", at: p) }
        guard input[p] == UInt8(ascii: "\"") else {
            if input[p] == UInt8(ascii: "}") { try input.fail("trailing comma before \"}\"", at: p) }
            try input.fail(unexpected: input[p], "expected a member name in double quotes", at: p)
        }
    }

    /// Throws the error for key node `key`, which repeats an earlier name of its object.
    @inline(never)
    private func failRepeated(_ key: Int, _ nodes: Nodes) throws -> Never {
        let node = nodes[key]
        try input.fail("duplicate key \"\(keyName(node))\"", at: Int(node.start) &- 1)
    }

    /// Reads the array whose "[" is at `start`; returns the offset after its "]". Its node buffer is a
    /// local copy, as in `object`.
    @inline(never)
    private func array(at start: Int, depth: Int, _ shared: inout Nodes) throws -> Int {
        if depth > maxDepth { try input.fail(tooDeep: maxDepth, at: start) }
        var nodes = shared
        defer { shared = nodes }
        let base = input.base
        let end = input.count
        let array = nodes.count
        nodes.appendReserved(node(.array, index: array))
        var p = skipWhitespace(start &+ 1)
        if p < end, base[p] == UInt8(ascii: "]") { return p &+ 1 }
        var count = 0
        while true {
            // Room for the element's first node, which appends unchecked.
            nodes.reserve(1)
            p = try value(at: p, depth: depth, &nodes)
            count &+= 1
            if p &+ 1 < end, base[p] == UInt8(ascii: ","), base[p &+ 1] > 0x20, base[p &+ 1] != UInt8(ascii: "]") {
                p &+= 1  // compact: the next element right after the ","
                continue
            }
            p = skipWhitespace(p)
            guard p < end else { try input.fail("unexpected end of input: expected \",\" or \"]\"", at: p) }
            let next = base[p]
            if next == UInt8(ascii: ",") {
                p = skipWhitespace(p &+ 1)
                if p < end, base[p] == UInt8(ascii: "]") { try input.fail("trailing comma before \"]\"", at: p) }
                continue
            }
            guard next == UInt8(ascii: "]") else {
                try input.fail(unexpected: next, "expected \",\" or \"]\" in an array", at: p)
            }
            nodes.base[array].length = UInt32(truncatingIfNeeded: count)
            nodes.base[array].end = UInt32(truncatingIfNeeded: nodes.count)
            return p &+ 1
        }
    }

    // MARK: Nodes

    /// A scalar or (before it is closed) container node at `index`: its subtree ends after it.
    @inline(__always)
    private func node(_ kind: JSONTape.Kind, index: Int) -> JSONTape.Node {
        JSONTape.Node(kind: kind, escaped: false, start: 0, length: 0, end: UInt32(truncatingIfNeeded: index &+ 1))
    }

    @inline(__always)
    private func stringNode(from start: Int, to close: Int, escaped: Bool, index: Int) -> JSONTape.Node {
        JSONTape.Node(kind: .string, escaped: escaped, start: UInt32(truncatingIfNeeded: start),
                      length: UInt32(truncatingIfNeeded: close &- start), end: UInt32(truncatingIfNeeded: index &+ 1))
    }

    private func keyName(_ node: JSONTape.Node) -> String {
        String(decoding: JSONKeyCheck.decode(node, input), as: UTF8.self)
    }

    // MARK: Scalars

    /// The offset after the literal at `p`; its first byte has been checked.
    @inline(__always)
    private func literal(_ literal: StaticString, at p: Int) throws -> Int {
        // All three literals are four bytes plus, for "false", one more: one word comparison.
        let count = literal.utf8CodeUnitCount
        if p &+ count <= input.count {
            let word = UnsafeRawPointer(input.base + p).loadUnaligned(as: UInt32.self)
            let expected = UnsafeRawPointer(literal.utf8Start).loadUnaligned(as: UInt32.self)
            if word == expected, count == 4 || input[p &+ 4] == literal.utf8Start[4] { return p &+ count }
        }
        return try mismatchedLiteral(literal, at: p)
    }

    /// The byte-wise check behind `literal`, which says what went wrong.
    @inline(never)
    private func mismatchedLiteral(_ literal: StaticString, at p: Int) throws -> Int {
        let start = literal.utf8Start
        for i in 0..<literal.utf8CodeUnitCount {
            guard p + i < input.count else { try input.fail("unexpected end of input in literal \"\(literal)\"", at: p) }
            guard input[p + i] == start[i] else { try input.fail("invalid literal: expected \"\(literal)\"", at: p) }
        }
        return p + literal.utf8CodeUnitCount
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text: returns the offset after it.
    @inline(__always)
    private func number(at start: Int) throws -> Int {
        let base = input.base
        let end = input.count
        var p = start
        if base[p] == UInt8(ascii: "-") { p &+= 1 }
        guard p < end else { try input.fail("unexpected end of input in a number", at: p) }
        if base[p] == UInt8(ascii: "0") {
            p &+= 1
            if p < end, isDigit(base[p]) { try input.fail("leading zero in a number", at: p &- 1) }
        } else if isDigit(base[p]) {
            p &+= 1
            while p < end, isDigit(base[p]) { p &+= 1 }
        } else {
            try input.fail("invalid number: expected a digit after \"-\"", at: p)
        }
        if p < end, base[p] == UInt8(ascii: ".") {
            p &+= 1
            guard p < end, isDigit(base[p]) else { try input.fail("invalid number: expected a digit after the decimal point", at: p) }
            while p < end, isDigit(base[p]) { p &+= 1 }
        }
        if p < end, base[p] | 0x20 == UInt8(ascii: "e") {
            p &+= 1
            if p < end, base[p] == UInt8(ascii: "+") || base[p] == UInt8(ascii: "-") { p &+= 1 }
            guard p < end, isDigit(base[p]) else { try input.fail("invalid number: expected a digit in the exponent", at: p) }
            while p < end, isDigit(base[p]) { p &+= 1 }
        }
        return p
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    // MARK: Whitespace

    /// The first offset from `p` that is not JSON whitespace. Compact documents (what the API server
    /// sends) have none, so the first test, any byte above a space, usually settles it. In indented
    /// ones, the spaces after each whitespace byte (a line's indentation, the space after ":") are
    /// skipped eight at a time: the count of leading spaces in a word is its first byte that differs
    /// from a space, found from the trailing zero bits of the word XOR eight spaces.
    @inline(__always)
    private func skipWhitespace(_ p: Int) -> Int {
        var p = p
        while p < input.count {
            let byte = input[p]
            if byte > 0x20 { return p }
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return p }
            p &+= 1
            while p &+ 8 <= input.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(input.base + p).loadUnaligned(as: UInt64.self))
                let spaces = (word ^ 0x2020_2020_2020_2020).trailingZeroBitCount &>> 3
                p &+= spaces
                if spaces < 8 { break }
            }
        }
        return p
    }
}
