/// Bounds on what the reader accepts, so hostile input costs bounded time and stack.
public struct JSONLimits: Sendable {
    /// Nesting of arrays and objects. Kubernetes objects nest about 10 deep; 512 leaves room for CRDs
    /// while bounding the reader's stack of open containers (and the recursion of whoever walks the value).
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
            return try Parser(input: JSONReaderInput(base: base, count: buffer.count), maxDepth: limits.maxDepth).run()
        }
        return JSONTape(bytes: bytes, nodes: nodes)
    }

    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSON {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// An array or object whose reading was interrupted by a nested one.
private struct OpenContainer {
    var node: Int
    /// Members or elements read so far.
    var count: Int
    /// Objects: where its keys start in the duplicate check's entries.
    var keysBase: Int
    var isObject: Bool
    var hasKeyTable: Bool
}

/// One pass over the input, appending one node per value and member name.
///
/// Iterative, in one function: the cursor, the innermost container and the node buffer are locals the
/// compiler keeps in registers, where a recursive reader stored its position back to memory at every
/// call and paid a call and a typed-throws check per value. Enclosing containers wait on an explicit
/// stack, which the depth limit bounds.
private struct Parser {
    let input: JSONReaderInput
    let maxDepth: Int

    func run() throws(JSONParseError) -> UnsafeMutableBufferPointer<JSONTape.Node> {
        // About one node per 8-15 bytes in Kubernetes objects: one allocation for most documents.
        var nodes = GrowableBuffer<JSONTape.Node>(capacity: input.count / 8 + 4)
        var keys = JSONKeyCheck()
        var open = GrowableBuffer<OpenContainer>(capacity: 16)
        do throws(JSONParseError) {
            try read(into: &nodes, keys: &keys, open: &open)
        } catch {
            nodes.deallocate()
            keys.deallocate()
            open.deallocate()
            throw error
        }
        keys.deallocate()
        open.deallocate()
        return nodes.take()
    }

    @inline(__always)
    private func read(into nodes: inout GrowableBuffer<JSONTape.Node>, keys: inout JSONKeyCheck,
                      open: inout GrowableBuffer<OpenContainer>) throws(JSONParseError) {
        let base = input.base
        let end = input.count
        var p = skipWhitespace(0)
        var depth = 0
        // The innermost open container (`container` is -1 while reading the top-level value).
        var container = -1
        var isObject = false
        var count = 0
        var keysBase = 0
        var hasKeyTable = false
        // Set after "{" and after "," in an object: a member name and ":" come before the next value.
        var expectMemberName = false

        reading: while true {
            if expectMemberName {
                expectMemberName = false
                guard p < end else { throw input.error("unexpected end of input: expected a member name", at: p) }
                guard base[p] == UInt8(ascii: "\"") else {
                    if base[p] == UInt8(ascii: "}") { throw input.error("trailing comma before \"}\"", at: p) }
                    throw input.error("unexpected \(input.describe(base[p])): expected a member name in double quotes", at: p)
                }
                let (close, escaped) = try JSONStringScan.scan(input, from: p &+ 1)
                let key = nodes.count
                let keyNode = stringNode(from: p &+ 1, to: close, escaped: escaped, index: key)
                nodes.append(keyNode)
                if !keys.insert(keyNode, at: key, base: keysBase, hasTable: &hasKeyTable, input, nodes) {
                    throw input.error("duplicate key \"\(keyName(nodes[key]))\"", at: p)
                }
                p = skipWhitespace(close &+ 1)
                guard p < end else { throw input.error("unexpected end of input: expected \":\"", at: p) }
                guard base[p] == UInt8(ascii: ":") else {
                    throw input.error("unexpected \(input.describe(base[p])): expected \":\" after a member name", at: p)
                }
                p = skipWhitespace(p &+ 1)
            }

            guard p < end else { throw input.error("unexpected end of input: expected a value", at: p) }
            let byte = base[p]
            switch byte {
            case UInt8(ascii: "\""):
                let (close, escaped) = try JSONStringScan.scan(input, from: p &+ 1)
                nodes.append(stringNode(from: p &+ 1, to: close, escaped: escaped, index: nodes.count))
                p = close &+ 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth &+= 1
                if depth > maxDepth { throw input.error("nesting exceeds the maximum depth of \(maxDepth)", at: p) }
                if container >= 0 {
                    open.append(OpenContainer(node: container, count: count, keysBase: keysBase, isObject: isObject, hasKeyTable: hasKeyTable))
                }
                container = nodes.count
                isObject = byte == UInt8(ascii: "{")
                nodes.append(node(isObject ? .object : .array, index: container))
                count = 0
                keysBase = keys.count
                hasKeyTable = false
                p = skipWhitespace(p &+ 1)
                if p < end, base[p] == byte &+ 2 {  // "}" is "{" + 2, "]" is "[" + 2
                    // Empty: its node is complete as appended (no members, subtree ends after it).
                    p &+= 1
                    depth &-= 1
                    if open.count > 0 {
                        let outer = open.removeLast()
                        (container, count, keysBase, isObject, hasKeyTable) = (outer.node, outer.count, outer.keysBase, outer.isObject, outer.hasKeyTable)
                    } else {
                        container = -1
                    }
                } else {
                    expectMemberName = isObject
                    continue reading
                }
            case UInt8(ascii: "t"):
                p = try literal("true", at: p)
                nodes.append(node(.true, index: nodes.count))
            case UInt8(ascii: "f"):
                p = try literal("false", at: p)
                nodes.append(node(.false, index: nodes.count))
            case UInt8(ascii: "n"):
                p = try literal("null", at: p)
                nodes.append(node(.null, index: nodes.count))
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = p
                p = try number(at: p)
                nodes.append(JSONTape.Node(kind: .number, escaped: false, start: UInt32(truncatingIfNeeded: start),
                                           length: UInt32(truncatingIfNeeded: p &- start), end: UInt32(truncatingIfNeeded: nodes.count &+ 1)))
            default:
                throw input.error("unexpected \(input.describe(byte)): expected a value", at: p)
            }

            // A value is complete: read what follows it, closing containers until one has more to come.
            while container >= 0 {
                p = skipWhitespace(p)
                guard p < end else {
                    throw input.error(isObject ? "unexpected end of input: expected \",\" or \"}\"" : "unexpected end of input: expected \",\" or \"]\"", at: p)
                }
                let next = base[p]
                if next == UInt8(ascii: ",") {
                    count &+= 1
                    p = skipWhitespace(p &+ 1)
                    if isObject {
                        expectMemberName = true
                    } else if p < end, base[p] == UInt8(ascii: "]") {
                        throw input.error("trailing comma before \"]\"", at: p)
                    }
                    continue reading
                }
                guard next == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw input.error(isObject ? "unexpected \(input.describe(next)): expected \",\" or \"}\" in an object"
                                               : "unexpected \(input.describe(next)): expected \",\" or \"]\" in an array", at: p)
                }
                p &+= 1
                nodes[container].length = UInt32(truncatingIfNeeded: count &+ 1)
                nodes[container].end = UInt32(truncatingIfNeeded: nodes.count)
                if isObject { keys.close(base: keysBase, hasTable: hasKeyTable) }
                depth &-= 1
                if open.count > 0 {
                    let outer = open.removeLast()
                    (container, count, keysBase, isObject, hasKeyTable) = (outer.node, outer.count, outer.keysBase, outer.isObject, outer.hasKeyTable)
                } else {
                    container = -1
                }
            }
            break reading
        }
        p = skipWhitespace(p)
        guard p == end else { throw input.error("unexpected data after the top-level value", at: p) }
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
    private func literal(_ literal: StaticString, at p: Int) throws(JSONParseError) -> Int {
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
    private func mismatchedLiteral(_ literal: StaticString, at p: Int) throws(JSONParseError) -> Int {
        let start = literal.utf8Start
        for i in 0..<literal.utf8CodeUnitCount {
            guard p + i < input.count else { throw input.error("unexpected end of input in literal \"\(literal)\"", at: p) }
            guard input[p + i] == start[i] else { throw input.error("invalid literal: expected \"\(literal)\"", at: p) }
        }
        return p + literal.utf8CodeUnitCount
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text: returns the offset after it.
    @inline(__always)
    private func number(at start: Int) throws(JSONParseError) -> Int {
        let base = input.base
        let end = input.count
        var p = start
        if base[p] == UInt8(ascii: "-") { p &+= 1 }
        guard p < end else { throw input.error("unexpected end of input in a number", at: p) }
        if base[p] == UInt8(ascii: "0") {
            p &+= 1
            if p < end, isDigit(base[p]) { throw input.error("leading zero in a number", at: p &- 1) }
        } else if isDigit(base[p]) {
            p &+= 1
            while p < end, isDigit(base[p]) { p &+= 1 }
        } else {
            throw input.error("invalid number: expected a digit after \"-\"", at: p)
        }
        if p < end, base[p] == UInt8(ascii: ".") {
            p &+= 1
            guard p < end, isDigit(base[p]) else { throw input.error("invalid number: expected a digit after the decimal point", at: p) }
            while p < end, isDigit(base[p]) { p &+= 1 }
        }
        if p < end, base[p] | 0x20 == UInt8(ascii: "e") {
            p &+= 1
            if p < end, base[p] == UInt8(ascii: "+") || base[p] == UInt8(ascii: "-") { p &+= 1 }
            guard p < end, isDigit(base[p]) else { throw input.error("invalid number: expected a digit in the exponent", at: p) }
            while p < end, isDigit(base[p]) { p &+= 1 }
        }
        return p
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    // MARK: Whitespace

    /// The first offset from `p` that is not JSON whitespace. Compact documents (what the API server
    /// sends) have none, so the first test, any byte above a space, usually settles it.
    @inline(__always)
    private func skipWhitespace(_ p: Int) -> Int {
        var p = p
        while p < input.count {
            let byte = input[p]
            if byte > 0x20 { return p }
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return p }
            p &+= 1
        }
        return p
    }
}
