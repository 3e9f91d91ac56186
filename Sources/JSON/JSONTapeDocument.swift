import Glibc

/// A parsed document read where the reader left it, in its tape: for decoders of a known shape (an
/// AdmissionReview's request).
///
/// One pass over an object's members finds every field wanted, where one `object["name"]` per field
/// scans the keys again each time and builds a `JSON` value (an array of values, for an array) only to
/// take it apart. Strings are built from bytes the reader has already validated; nothing else is built
/// unless asked for.
///
/// Values are named by `JSONTapeNode`s, plain positions that hold no reference: the document holds the
/// tape, so a decoder that keeps a dozen fields' positions while it reads costs no reference counting
/// for them. A node belongs to the document that gave it.
public struct JSONTapeDocument: Sendable {
    @usableFromInline let tape: JSONTape

    init(tape: JSONTape) { self.tape = tape }

    /// Parses `bytes` exactly as `JSONReader.parse` does (same limits, same errors).
    public init(parsing bytes: [UInt8], limits: JSONLimits = .default) throws(JSONParseError) {
        tape = try JSONReader.tape(bytes, limits: limits)
    }

    /// The top-level value.
    public var root: JSONTapeNode { JSONTapeNode(0) }

    /// The tape's node for `node`. Checked: a node of a larger document would read past this one's
    /// nodes (a programming error, never something the input can cause).
    @inlinable @inline(__always)
    func at(_ node: JSONTapeNode) -> JSONTape.Node {
        precondition(node.index < tape.nodes.count, "a JSONTapeNode of another document")
        return tape.nodes[node.index]
    }

    @inlinable @inline(__always)
    func kind(_ node: JSONTapeNode) -> JSONTape.Kind { at(node).kind }

    /// The value itself, as `JSONReader.parse` would give it (an object stays in the tape).
    public func value(_ node: JSONTapeNode) -> JSON { tape.value(at: node.index) }

    // Inlinable, as the member and element walks below are: a decoder in another module then reads
    // a field's type and walks an object's members without a call per step.

    @inlinable public func isNull(_ node: JSONTapeNode) -> Bool { kind(node) == .null }
    @inlinable public func isObject(_ node: JSONTapeNode) -> Bool { kind(node) == .object }
    @inlinable public func isArray(_ node: JSONTapeNode) -> Bool { kind(node) == .array }

    /// The boolean; nil when this is not one.
    @inlinable public func bool(_ node: JSONTapeNode) -> Bool? {
        switch kind(node) {
        case .true: return true
        case .false: return false
        default: return nil
        }
    }

    /// The string, escapes decoded; nil when this is not a string.
    public func string(_ node: JSONTapeNode) -> String? {
        let node = at(node)
        guard node.kind == .string else { return nil }
        guard node.length > 0 else { return "" }  // the empty group of every core-group kind: no call at all
        guard !node.escaped else { return tape.string(node) }
        // The bytes straight to `makeString`, a call or two shorter than `tape.string`.
        return tape.bytes.withUnsafeBufferPointer { all in
            JSONTape.makeString(UnsafeBufferPointer(rebasing: all[Int(node.start)..<Int(node.start) &+ Int(node.length)]))
        }
    }

    /// Whether this is a string whose decoded bytes are exactly those of `text`.
    @inlinable @inline(__always) public func isString(_ node: JSONTapeNode, _ text: StaticString) -> Bool {
        let node = at(node)
        guard node.kind == .string else { return false }
        let wanted = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        if node.escaped { return tape.string(node).hasUTF8Bytes(wanted) }
        guard Int(node.length) == wanted.count else { return false }
        return tape.bytes.withUnsafeBufferPointer {
            memcmpEqual(UnsafeBufferPointer(rebasing: $0[Int(node.start)..<Int(node.start + node.length)]), wanted)
        }
    }

    /// Whether `a` and `b` are written the same, whitespace aside: the same structure, names and
    /// scalars byte for byte (so they decode to the same value, and to the same errors). Cheaper than
    /// decoding both: `requestKind` repeats `kind` in nearly every review, and comparing the two costs
    /// a few byte comparisons where building the second one's strings cost more.
    ///
    /// Values that are equal but written differently (escapes, member order, `1.0` and `1`) are not the
    /// same here; a caller then decodes both.
    public func isWrittenTheSame(_ a: JSONTapeNode, _ b: JSONTapeNode) -> Bool {
        let size = Int(at(a).end) &- a.index
        guard Int(at(b).end) &- b.index == size, let nodes = tape.nodes.baseAddress else { return false }
        // Written byte for byte the same (as the API server writes both), they are one comparison.
        if let x = textSpan(a), let y = textSpan(b), x.count == y.count,
           tape.bytes.withUnsafeBufferPointer({ all in all.baseAddress.map { memcmp($0 + x.lowerBound, $0 + y.lowerBound, x.count) == 0 } ?? false }) {
            return true
        }
        // `end` is an absolute node index: in equal structures, b's are a's moved by the same shift.
        let shift = UInt32(truncatingIfNeeded: b.index &- a.index)
        return tape.bytes.withUnsafeBufferPointer { all in
            guard let text = all.baseAddress else { return false }
            var x = nodes + a.index, y = nodes + b.index
            for _ in 0..<size {
                let p = x.pointee, q = y.pointee
                guard p.kind == q.kind, p.escaped == q.escaped, p.length == q.length, q.end &- p.end == shift else { return false }
                if p.kind == .string || p.kind == .number, !JSONTapeDocument.sameBytes(text + Int(p.start), text + Int(q.start), Int(p.length)) {
                    return false
                }
                x += 1
                y += 1
            }
            return true
        }
    }

    /// Whether `object` is an object whose members are written exactly as `members`: its text from the
    /// first name's opening quote to the end of its last value, byte for byte (see `textSpan`), so it
    /// decodes to what `members` does. For objects that reviews write the same way every time
    /// (`"group":"","version":"v1","kind":"Pod"`): one comparison where a decoder walked the members
    /// and compared each. False for anything else (another spelling of the same members included).
    ///
    /// Inlinable, with `textSpan`: a decoder asks it of objects that are mostly written otherwise, and
    /// a call that gave up cost ~80 instructions.
    @inlinable @inline(__always)
    public func isObject(_ object: JSONTapeNode, writtenAs members: StaticString) -> Bool {
        guard let span = textSpan(object), span.count == members.utf8CodeUnitCount else { return false }
        return tape.bytes.withUnsafeBufferPointer { all in
            memcmpEqual(
                UnsafeBufferPointer(rebasing: all[span]), UnsafeBufferPointer(start: members.utf8Start, count: members.utf8CodeUnitCount))
        }
    }

    /// The text of an object from its first name's opening quote to the end of its last scalar (or nil
    /// when its last value is not a string or number, whose ends the tape does not record). Two such
    /// texts that are the same bytes are the same object: the text before the last scalar decides
    /// the structure, and after it come only the brackets that close what is open.
    @usableFromInline @inline(__always)
    func textSpan(_ object: JSONTapeNode) -> Range<Int>? {
        let node = at(object)
        guard node.kind == .object, node.length > 0 else { return nil }
        let first = tape.nodes[object.index &+ 1], last = tape.nodes[Int(node.end) &- 1]
        let end: Int
        switch last.kind {
        case .string: end = Int(last.start) &+ Int(last.length) &+ 1
        case .number: end = Int(last.start) &+ Int(last.length)
        default: return nil
        }
        return (Int(first.start) &- 1)..<end
    }

    /// Byte equality of two short runs (names and values of a few bytes, where calling `memcmp` costs
    /// more than comparing them), eight bytes at a time.
    @inline(__always)
    private static func sameBytes(_ x: UnsafePointer<UInt8>, _ y: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i &+ 8 <= count {
            guard UnsafeRawPointer(x + i).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(y + i).loadUnaligned(as: UInt64.self) else { return false }
            i &+= 8
        }
        while i < count {
            guard x[i] == y[i] else { return false }
            i &+= 1
        }
        return true
    }

    /// The number of elements of an array or members of an object; 0 for anything else.
    @inlinable public func count(_ node: JSONTapeNode) -> Int {
        let node = at(node)
        return node.kind == .array || node.kind == .object ? Int(node.length) : 0
    }

    /// Calls `body` with each member of an object in document order: the name's UTF-8 bytes (escapes
    /// decoded) and the value. Does nothing when this is not an object.
    ///
    /// Inlined into the caller, so its body is too: no closure call per member. Not throwing (a typed
    /// throw through it cost more than the lookups it replaced before it was inlinable); a caller
    /// that can fail records the failure and skips the rest.
    @inlinable public func forEachMember(of object: JSONTapeNode, _ body: (UnsafeBufferPointer<UInt8>, JSONTapeNode) -> Void) {
        let node = at(object)
        let nodes = tape.nodes
        guard node.kind == .object else { return }
        tape.bytes.withUnsafeBufferPointer { all in
            var key = object.index + 1
            for _ in 0..<node.length {
                let name = nodes[key]
                let raw = UnsafeBufferPointer(rebasing: all[Int(name.start)..<Int(name.start + name.length)])
                if name.escaped {
                    JSONTape.unescape(raw).withUnsafeBufferPointer { body($0, JSONTapeNode(key + 1)) }
                } else {
                    body(raw, JSONTapeNode(key + 1))
                }
                key = Int(nodes[key + 1].end)
            }
        }
    }

    /// Calls `body` with each element of an array in order. Does nothing when this is not an array.
    @inlinable public func forEachElement(of array: JSONTapeNode, _ body: (JSONTapeNode) -> Void) {
        let node = at(array)
        let nodes = tape.nodes
        guard node.kind == .array else { return }
        var child = array.index + 1
        for _ in 0..<node.length {
            body(JSONTapeNode(child))
            child = Int(nodes[child].end)
        }
    }
}

/// One value of a `JSONTapeDocument`: its position in the tape.
public struct JSONTapeNode: Sendable, Hashable {
    @usableFromInline let index: Int
    @inlinable init(_ index: Int) { self.index = index }
}

extension JSON {
    /// The document and position of this value in the reader's tape, when it is an object that was
    /// never changed (as every object `JSONReader.parse` gives is); nil for anything else.
    public var tapeNode: (document: JSONTapeDocument, node: JSONTapeNode)? {
        guard case .object(let object) = self, case .tape(let tape, let node) = object.storage else { return nil }
        return (JSONTapeDocument(tape: tape), JSONTapeNode(node))
    }
}
