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
            return try Parser.run(base, count: buffer.count, maxDepth: limits.maxDepth)
        }
        return JSONTape(bytes: bytes, nodes: nodes)
    }

    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSON {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// One pass over the input, appending one node per value and member name.
///
/// One loop for the whole document rather than one function call per container: a Kubernetes object
/// is mostly small objects (a pod review has some sixty), and calling a function for each, with its
/// prologue, its copy of the node buffer and its constants loaded again, cost about as much as
/// reading the object's members. The loop keeps the innermost open container (its node, whether it
/// is an object, and its member or element count) in locals. Opening a container keeps those of the one around it in node
/// fields nothing reads until it closes: the new node's `start` and `length` hold the outer
/// container's node and its count. Closing a container takes them back and writes its node as it is
/// kept. An object's names are checked for repeats when it closes, from its key nodes (see `close`),
/// so nothing about them is carried through the loop. The cursor is passed in and returned rather than stored
/// in the parser; the parser itself is immutable (the input and the depth limit), so it travels in
/// registers. The depth limit bounds the nesting, which costs no stack.
private struct Parser {
    let input: JSONReaderInput
    let maxDepth: Int

    typealias Nodes = BoundedBuffer<JSONTape.Node>

    static func run(_ bytes: UnsafePointer<UInt8>, count: Int, maxDepth: Int) throws(JSONParseError) -> UnsafeMutableBufferPointer<JSONTape.Node> {
        // The document is read from a copy followed by zeros (see `JSONReaderInput`), kept after the
        // nodes' room in their allocation: one allocation, and a copy of a few thousand bytes, buy
        // loops that test no bound before each block or word they read.
        let padded = count &+ JSONReaderInput.padding
        var nodes = Nodes(capacity: nodeBound(count, maxDepth: maxDepth), trailingBytes: padded)
        let copy = nodes.trailing.bindMemory(to: UInt8.self, capacity: padded)
        copy.initialize(from: bytes, count: count)
        (copy + count).initialize(repeating: 0, count: JSONReaderInput.padding)
        let input = JSONReaderInput(base: copy, count: count)
        let parser = Parser(input: input, maxDepth: maxDepth)
        do {
            let p = try parser.document(&nodes)
            let end = parser.skipWhitespace(p)
            guard end == input.count else { try input.fail("unexpected data after the top-level value", at: end) }
        } catch {
            nodes.deallocate()
            // Only JSONParseError is thrown in here, untyped (see `JSONReaderInput.fail`).
            throw error as? JSONParseError ?? input.error("\(error)", at: 0)
        }
        return nodes.take()
    }

    /// The most nodes a document of `bytes` bytes can make the reader append (or write in place), valid
    /// or not, however it ends: the node buffer is allocated for that many once, so the loops append
    /// without checking for room (about 8 bytes of buffer per input byte, against 2 for Kubernetes
    /// objects' one node per 8-15 bytes; what is never written is never touched).
    ///
    /// Every node but a container's takes two bytes of input or more before the next node is read: a
    /// string or a member name its quotes, a literal its four or five letters, a number its digits and
    /// the byte after them, which must come before anything more is read (a "," or a "]" or "}", or
    /// whitespace; anything else fails). A container's node takes one byte, its "[" or "{", and its
    /// "]" or "}" gives one back without a node. So a prefix of `n` bytes has made at most `n / 2`
    /// nodes, plus half a node for each container open at the end (at most `maxDepth` of them, and at
    /// most one per byte), plus one for a number at the very end of the input and one for a string
    /// written in place and failing; 8 to spare.
    static func nodeBound(_ bytes: Int, maxDepth: Int) -> Int {
        bytes / 2 + Swift.max(0, Swift.min(maxDepth, bytes)) / 2 + 8
    }

    /// Reads the top-level value; returns the offset after it.
    private func document(_ nodes: inout Nodes) throws -> Int {
        let p = skipWhitespace(0)
        guard p < input.count else { try input.fail("unexpected end of input: expected a value", at: p) }
        let byte = input[p]
        if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { return try containers(at: p, &nodes) }
        return try scalar(byte, at: p, &nodes)
    }

    /// Reads the container whose "{" or "[" is at `start`, with everything nested in it; returns the
    /// offset after its "}" or "]".
    ///
    /// Works on a local copy of the node buffer (its count then stays in a register), written back to
    /// `shared` on every way out, thrown errors included, so that the caller keeps it as it now is.
    @inline(never)
    private func containers(at start: Int, _ shared: inout Nodes) throws -> Int {
        var nodes = shared
        defer { shared = nodes }
        let base = input.base
        let end = input.count
        // The innermost open container: its node and its members or elements so far. `depth`
        // containers open in all.
        var container = 0
        var count = 0
        var depth = 0
        // Whether the innermost open container is an object: its node's kind, kept at hand for the
        // test after every value.
        var inObject = false
        var p = start
        do {
            // At a value, whitespace skipped: p <= end, and at the end, the padding's zero is no value
            // (`scalar` fails there as at the end of the input).
            value: while true {
                let byte = base[p]
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    if depth >= maxDepth { try input.fail(tooDeep: maxDepth, at: p) }
                    depth &+= 1
                    let opened = nodes.count
                    // The state of the container around it, kept until it closes (see `Parser`): only
                    // the fields read before then (its kind, by the container it is in when it closes,
                    // and by the check of open objects' names when reading fails), written in place;
                    // `close` writes the whole node.
                    let node = nodes.next
                    node.pointee.kind = byte == UInt8(ascii: "{") ? .object : .array
                    node.pointee.start = UInt32(truncatingIfNeeded: container)
                    node.pointee.length = UInt32(truncatingIfNeeded: count)
                    nodes.appendWritten()
                    container = opened
                    inObject = byte == UInt8(ascii: "{")
                    count = 0
                    // Empty: on to its "}" or "]", where it closes like any other.
                    if byte == UInt8(ascii: "{") {
                        p &+= 1
                        var empty = false
                        // Compact: the first member's name right after the "{"; else whitespace, "}" or an error.
                        if base[p] != UInt8(ascii: "\"") {  // p <= end: the padding is no quote
                            p = skipWhitespace(p)
                            empty = p < end && base[p] == UInt8(ascii: "}")
                            if !empty { try expectMemberName(at: p) }
                        }
                        if !empty {
                            let (next, valueRead) = try member(at: p, &count, &nodes)
                            p = next
                            if !valueRead { continue value }
                        }
                    } else {
                        p = skipWhitespace(p &+ 1)
                        if p >= end || base[p] != UInt8(ascii: "]") {
                            count = 1
                            continue value
                        }
                    }
                } else {
                    p = try scalar(byte, at: p, &nodes)
                }
                // After a value (or a container closed): the next member or element, or the end of
                // the container.
                while true {
                    if inObject {
                        // Objects loop here while their members' values are compact strings, read with their
                        // names: no test of the container's kind for those.
                        while true {
                            // p <= end here, and the padding matches neither test.
                            if pair(at: p) == Self.commaQuote {
                                p &+= 1  // compact: the next member name right after the ","
                            } else if base[p] == UInt8(ascii: "}") {
                                break  // compact: the object's end right after its last value; closes below
                            } else {
                                p = skipWhitespace(p)
                                guard p < end else { try input.fail("unexpected end of input: expected \",\" or \"}\"", at: p) }
                                let next = base[p]
                                if next == UInt8(ascii: ",") {
                                    p = skipWhitespace(p &+ 1)
                                    try expectMemberName(at: p)
                                } else if next == UInt8(ascii: "}") {
                                    break  // closes below
                                } else {
                                    try input.fail(unexpected: next, "expected \",\" or \"}\" in an object", at: p)
                                }
                            }
                            let (next, valueRead) = try member(at: p, &count, &nodes)
                            p = next
                            if !valueRead { continue value }
                        }
                    } else {
                        // p <= end here; the padding is no "," and no byte above a space.
                        if base[p] == UInt8(ascii: ","), base[p &+ 1] > 0x20, base[p &+ 1] != UInt8(ascii: "]") {
                            p &+= 1  // compact: the next element right after the ","
                            count &+= 1
                            continue value
                        }
                        p = skipWhitespace(p)
                        guard p < end else { try input.fail("unexpected end of input: expected \",\" or \"]\"", at: p) }
                        let next = base[p]
                        if next == UInt8(ascii: ",") {
                            p = skipWhitespace(p &+ 1)
                            if p < end, base[p] == UInt8(ascii: "]") { try input.fail("trailing comma before \"]\"", at: p) }
                            count &+= 1
                            continue value
                        }
                        guard next == UInt8(ascii: "]") else {
                            try input.fail(unexpected: next, "expected \",\" or \"]\" in an array", at: p)
                        }
                    }
                    // At the innermost container's "}" or "]".
                    p = try close(&container, &count, &depth, at: p, &nodes)
                    if depth == 0 { return p }
                    inObject = nodes.base[container].kind == .object
                }
            }
        } catch {
            // A repeated name before the failure is what a name-by-name check would have reported:
            // the outermost open object's first repeat, as its names all come before anything nested.
            var repeated: Int?
            var open = container
            var keys = count
            for level in 0..<depth {
                let node = nodes.base[open]
                if node.kind == .object, let key = JSONKeyCheck.firstRepeat(inObject: open, keys: keys, input, nodes) {
                    repeated = key
                }
                if level &+ 1 < depth {
                    open = Int(node.start)
                    keys = Int(node.length)
                }
            }
            if let key = repeated { try failRepeated(key, nodes) }
            throw error
        }
    }

    /// Reads the member whose name's opening quote is at `p` into the innermost object (counted in
    /// `count`). Returns the offset after the value when the value was read too (`valueRead`: a string
    /// written compactly, half of all values), else the offset of the value, whitespace skipped.
    @inline(always)
    private func member(at p: Int, _ count: inout Int, _ nodes: inout Nodes) throws -> (p: Int, valueRead: Bool) {
        let base = input.base
        let end = input.count
        let close = try string(from: p &+ 1, &nodes)
        count &+= 1
        // The closing quote is before `end`, so both bytes after it are the document's or padding
        // (zeros, which match neither test: a ":" then a quote or a byte above a space is all the
        // document's).
        let separator = pair(at: close &+ 1)
        if separator == Self.colonQuote {
            // Compact, and a string: read here, without the dispatch on the value's first byte.
            return (try string(from: close &+ 3, &nodes) &+ 1, true)
        }
        // Compact: the value right after the ":".
        if separator & 0xFF == UInt16(UInt8(ascii: ":")), base[close &+ 2] > 0x20 { return (close &+ 2, false) }
        var q = skipWhitespace(close &+ 1)
        guard q < end else { try input.fail("unexpected end of input: expected \":\"", at: q) }
        guard base[q] == UInt8(ascii: ":") else {
            try input.fail(unexpected: base[q], "expected \":\" after a member name", at: q)
        }
        q = skipWhitespace(q &+ 1)
        return (q, false)
    }

    /// Closes the innermost container, whose "}" or "]" is at `p`: writes its node as it is kept (its
    /// member or element count, where its subtree ends), takes back the state of the container around
    /// it (see `Parser`), and checks an object's names for repeats: first by the filter of
    /// `JSONKeyCheck.namesMayRepeat`, which settles all but a few Kubernetes objects, then exactly.
    /// Returns the offset after the "}" or "]".
    @inline(always)
    private func close(_ container: inout Int, _ count: inout Int, _ depth: inout Int, at p: Int,
                       _ nodes: inout Nodes) throws -> Int {
        let closed = container
        let members = count
        let node = nodes.base[closed]
        depth &-= 1
        // Taken back with no test of the depth: the outermost container's node holds the initial
        // state, which nothing reads once it closes.
        container = Int(node.start)
        count = Int(node.length)
        nodes.base[closed] = JSONTape.Node(kind: node.kind, escaped: false, start: 0, length: UInt32(truncatingIfNeeded: members),
                                           end: UInt32(truncatingIfNeeded: nodes.count))
        if members > 1, node.kind == .object, JSONKeyCheck.namesMayRepeat(inObject: closed, keys: members, input, nodes),
           let key = JSONKeyCheck.firstRepeat(inObject: closed, keys: members, input, nodes, namesMayRepeat: true) {
            try failRepeated(key, nodes)
        }
        return p &+ 1
    }

    /// The two bytes at `p` (at most `count`: the padding holds the rest) as one little-endian number,
    /// to compare with `colonQuote` and `commaQuote` in one test.
    @inline(__always)
    private func pair(at p: Int) -> UInt16 {
        UInt16(littleEndian: UnsafeRawPointer(input.base + p).loadUnaligned(as: UInt16.self))
    }

    /// `:"` and `,"` as `pair` reads them: a compact member's string value, and the next member name.
    private static let colonQuote = UInt16(UInt8(ascii: ":")) | UInt16(UInt8(ascii: "\"")) &<< 8
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

    // MARK: Nodes

    /// A scalar node at `index`: its subtree ends after it.
    @inline(__always)
    private func node(_ kind: JSONTape.Kind, index: Int) -> JSONTape.Node {
        JSONTape.Node(kind: kind, escaped: false, start: 0, length: 0, end: UInt32(truncatingIfNeeded: index &+ 1))
    }

    /// Reads the string whose text starts at `start` into its node, written in place:
    /// its kind and start before the scan, which marks it escaped if it is, its length and end after.
    /// Returns the offset of the closing quote. The node counts only once the string is complete.
    @inline(__always)
    private func string(from start: Int, _ nodes: inout Nodes) throws -> Int {
        let index = nodes.count
        let node = nodes.next
        node.pointee.kind = .string
        node.pointee.escaped = false
        node.pointee.start = UInt32(truncatingIfNeeded: start)
        let close = try JSONStringScan.scan(input, from: start, node: node)
        node.pointee.length = UInt32(truncatingIfNeeded: close &- start)
        node.pointee.end = UInt32(truncatingIfNeeded: index &+ 1)
        nodes.appendWritten()
        return close
    }

    private func keyName(_ node: JSONTape.Node) -> String {
        String(decoding: JSONKeyCheck.decode(node, input), as: UTF8.self)
    }

    // MARK: Scalars

    /// Reads the scalar whose first byte, `byte`, is at `p`, into its node; returns the
    /// offset after it.
    @inline(always)
    private func scalar(_ byte: UInt8, at p: Int, _ nodes: inout Nodes) throws -> Int {
        switch byte {
        case UInt8(ascii: "\""):
            return try string(from: p &+ 1, &nodes) &+ 1
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
            // Here rather than before every value: the zero after the input (see `JSONReaderInput`).
            if p >= input.count { try input.fail("unexpected end of input: expected a value", at: p) }
            try input.fail(unexpected: byte, "expected a value", at: p)
        }
    }

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
            // No test of the end: p <= count, and the padding's zeros end a run of spaces.
            while true {
                let word = UInt64(littleEndian: UnsafeRawPointer(input.base + p).loadUnaligned(as: UInt64.self))
                let spaces = (word ^ 0x2020_2020_2020_2020).trailingZeroBitCount &>> 3
                p &+= spaces
                if spaces < 8 { break }
            }
        }
        return p
    }
}
