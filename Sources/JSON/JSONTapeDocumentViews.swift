/// Between a `JSONTapeDocument`'s positions and `JSONView`s: for readers that walk a part of the tape
/// node by node (the pod rules' facts), keep positions, and make a view or a string view only of what
/// they hand on.
///
/// A `JSONView` holds a reference to the tape, and reading an object's members through it makes a view
/// per member wanted and calls a closure per member; a reader of a dozen fields over a few levels paid
/// more for that than for the reading. Positions cost nothing to keep, and the member walk is inlined.
extension JSONView {
    /// The document and node of this value when it lies in the reader's tape (an unchanged object, or
    /// any value below one); nil for a value outside it (built, or a changed object).
    public var tapeNode: (document: JSONTapeDocument, node: JSONTapeNode)? {
        guard case .tape(let tape, let node) = place else { return nil }
        return (JSONTapeDocument(tape: tape), JSONTapeNode(node))
    }
}

extension JSONTapeDocument {
    /// A view of the value, reading where it lies.
    public func view(_ node: JSONTapeNode) -> JSONView {
        _ = at(node)  // the same check as every other read: a node of this document
        return JSONView(tape: tape, node: node.index)
    }

    /// The string's text where it lies (decoded when it has escapes), as `JSONView.stringValue` gives
    /// it; nil when the value is not a string.
    public func stringView(_ node: JSONTapeNode) -> JSONStringView? {
        let found = at(node)
        guard found.kind == .string else { return nil }
        return JSONStringView(tape: tape, node: found)
    }

    /// The value of member `name` of an object, compared by bytes (escaped names decoded) as
    /// `JSONView`'s lookups do; nil when the object lacks it or the value is not an object.
    ///
    /// Disfavored, so that a name written as a literal (`member("metadata", of: root)`) is the
    /// `StaticString` overload below, compared with the keys' bytes inline, rather than a `String`
    /// whose storage is reached through a call for every member passed over.
    @_disfavoredOverload
    public func member(_ name: String, of object: JSONTapeNode) -> JSONTapeNode? {
        guard kind(object) == .object, let value = tape.memberValue(name, inObject: object.index) else { return nil }
        return JSONTapeNode(value)
    }

    /// The value `pointer` names, followed from `node` with the rules of `JSON.value(at:)` (members by
    /// name, array elements by index); nil when there is none.
    public func node(at pointer: JSONPointer, from node: JSONTapeNode) -> JSONTapeNode? {
        _ = at(node)  // the same check as every other read: a node of this document
        guard case .found(let end) = tape.walk(from: node.index, through: pointer.tokens[...]) else { return nil }
        return JSONTapeNode(end)
    }

    /// `member(_:of:)` for a name written as a literal.
    public func member(_ name: StaticString, of object: JSONTapeNode) -> JSONTapeNode? {
        let found = at(object)
        guard found.kind == .object else { return nil }
        let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        var key = object.index &+ 1
        for _ in 0..<found.length {
            if tape.keyNode(key, equals: wanted) { return JSONTapeNode(key &+ 1) }
            key = Int(tape.nodes[key &+ 1].end)
        }
        return nil
    }

    /// Calls `body` with the text of a string (escapes decoded) or the literal of a number, in place,
    /// and returns true; returns false without calling it for any other type. As
    /// `JSONView.withStringOrNumberText`: Kubernetes quantities are written `"500m"` or `2`.
    @inlinable
    public func withStringOrNumberText(_ node: JSONTapeNode, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        let found = at(node)
        guard found.kind == .string || found.kind == .number else { return false }
        if found.escaped {
            // The bytes of the `String` that `JSONView` gives, so the two never disagree.
            var decoded = tape.string(found)
            decoded.withUTF8(body)
        } else {
            tape.bytes.withUnsafeBufferPointer { all in
                body(UnsafeBufferPointer(rebasing: all[Int(found.start)..<Int(found.start) &+ Int(found.length)]))
            }
        }
        return true
    }
}
