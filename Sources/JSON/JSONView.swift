import Glibc

/// A value of a document read where it lies: in the reader's tape (a request as parsed) or in a `JSON`
/// value (a document a patch has changed, whose untouched parts still lie in the tape).
///
/// Reading through a view builds nothing: a member lookup scans the keys in place, a string is its bytes
/// (`JSONStringView`), an array is walked element by element. `JSON` values build a `String` per string
/// and an array of every element, which the engine's rules, reading a dozen fields of every pod and
/// comparing most of them with policy text, paid for and then threw away.
public struct JSONView: Sendable {
    enum Place: Sendable {
        /// Node `node` of `tape`.
        case tape(JSONTape, node: Int)
        /// A value outside the tape, never an object that is still in one (see `init(_:)`).
        case value(JSON)
    }

    let place: Place

    /// A view of `value`. An object still in the tape is viewed there, so reads below it stay in place.
    public init(_ value: JSON) {
        if case .object(let object) = value, case .tape(let tape, let node) = object.storage {
            place = .tape(tape, node: node)
        } else {
            place = .value(value)
        }
    }

    init(tape: JSONTape, node: Int) { place = .tape(tape, node: node) }

    /// The JSON types, as `JSON`'s cases name them.
    public enum Kind: Sendable, Equatable {
        case null, bool, number, string, array, object
    }

    public var kind: Kind {
        switch place {
        case .tape(let tape, let node):
            switch tape.nodes[node].kind {
            case .null: return .null
            case .false, .true: return .bool
            case .number: return .number
            case .string: return .string
            case .array: return .array
            case .object: return .object
            }
        case .value(let value):
            switch value {
            case .null: return .null
            case .bool: return .bool
            case .number: return .number
            case .string: return .string
            case .array: return .array
            case .object: return .object
            }
        }
    }

    public var isNull: Bool { kind == .null }

    /// The value built as `JSON`, for what views do not read (messages that show a value, rare fields).
    public var value: JSON {
        switch place {
        case .tape(let tape, let node): return tape.value(at: node)
        case .value(let value): return value
        }
    }

    /// The member `key` of an object, compared by bytes as `JSONObject`'s lookups do (the first of
    /// duplicate names); nil for a missing member or when this is not an object.
    public subscript(key: String) -> JSONView? {
        switch place {
        case .tape(let tape, let node):
            guard tape.nodes[node].kind == .object, let member = tape.memberValue(key, inObject: node) else { return nil }
            return JSONView(tape: tape, node: member)
        case .value(.object(let object)):
            switch object.lookUp(key) {
            case .tape(let tape, let node): return JSONView(tape: tape, node: node)
            case .value(let value): return JSONView(value)
            case .missing: return nil
            }
        case .value:
            return nil
        }
    }

    /// Calls `body` with each member's key (its UTF-8 bytes, escapes decoded; valid only during the
    /// call) and a function that makes the member's value's view, in document order; nothing when this
    /// is not an object.
    ///
    /// For readers of several members of one object: one pass over the keys instead of one lookup per
    /// wanted name (each a scan of every key up to the one it finds, and of all of them for a member
    /// that is absent), and a view made only for the members the reader keeps. With duplicate keys
    /// (which the reader rejects, but a built document may have), a reader that means to match the
    /// lookups takes the first.
    public func forEachMember(_ body: (_ key: UnsafeBufferPointer<UInt8>, _ value: () -> JSONView) -> Void) {
        switch place {
        case .tape(let tape, let node):
            tape.forEachMember(ofObject: node, body)
        case .value(.object(let object)):
            switch object.storage {
            case .tape(let tape, let node):
                tape.forEachMember(ofObject: node, body)
            case .members(let members):
                // Through the buffer: iterating the array copied each member (two references) first. The
                // members still in the tape (most of a level a patch went through) come in runs from one
                // tape, whose bytes are then taken once per run rather than once per key.
                members.withUnsafeBufferPointer { members in
                    var i = 0
                    while i < members.count {
                        if let owned = members[i].owned {
                            owned.key.withUTF8Bytes { body($0, { JSONView(owned.value) }) }
                            i += 1
                        } else if let tape = members[i].tape {
                            tape.bytes.withUnsafeBufferPointer { all in
                                repeat {
                                    let keyNode = Int(members[i].keyNode)
                                    let node = tape.nodes[keyNode]
                                    if node.escaped {
                                        tape.string(node).withUTF8Bytes { body($0, { JSONView(tape: tape, node: keyNode + 1) }) }
                                    } else {
                                        let key = UnsafeBufferPointer(rebasing: all[Int(node.start)..<Int(node.start + node.length)])
                                        body(key, { JSONView(tape: tape, node: keyNode + 1) })
                                    }
                                    i += 1
                                } while i < members.count && members[i].owned == nil && members[i].tape === tape
                            }
                        } else {
                            i += 1  // unreachable: a member is owned or in the tape
                        }
                    }
                }
            case .changed(let changes):
                changes.forEachMember(body)
            }
        case .value:
            return
        }
    }

    /// The boolean, or nil for any other type.
    public var boolValue: Bool? {
        switch place {
        case .tape(let tape, let node):
            switch tape.nodes[node].kind {
            case .true: return true
            case .false: return false
            default: return nil
            }
        case .value(let value): return value.boolValue
        }
    }

    /// The string's text, or nil for any other type.
    public var stringValue: JSONStringView? {
        switch place {
        case .tape(let tape, let node):
            let found = tape.nodes[node]
            guard found.kind == .string else { return nil }
            return JSONStringView(tape: tape, node: found)
        case .value(.string(let string)): return JSONStringView(string)
        case .value: return nil
        }
    }

    /// A number's literal text as written (`1.50` stays `1.50`), or nil for any other type.
    public var numberText: JSONStringView? {
        switch place {
        case .tape(let tape, let node):
            let found = tape.nodes[node]
            guard found.kind == .number else { return nil }
            return JSONStringView(tape: tape, node: found)
        case .value(.number(let number)): return JSONStringView(number.text)
        case .value: return nil
        }
    }

    /// Calls `body` with the text of a string (decoded) or the literal of a number, in place, and
    /// returns true; returns false without calling it for any other type. For values read as text either
    /// way (Kubernetes quantities are `"500m"` or `2`), without making a `JSONStringView` first.
    public func withStringOrNumberText(_ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        switch place {
        case .tape(let tape, let node):
            let found = tape.nodes[node]
            guard found.kind == .string || found.kind == .number else { return false }
            if found.escaped {
                tape.string(found).withUTF8Bytes(body)
            } else {
                tape.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(found.start)..<Int(found.start + found.length)])) }
            }
            return true
        case .value(.string(let string)):
            string.withUTF8Bytes(body)
            return true
        case .value(.number(let number)):
            number.text.withUTF8Bytes(body)
            return true
        case .value:
            return false
        }
    }

    /// The number of elements of an array or members of an object; 0 for anything else.
    public var count: Int {
        switch place {
        case .tape(let tape, let node):
            let found = tape.nodes[node]
            return found.kind == .array || found.kind == .object ? Int(found.length) : 0
        case .value(.array(let elements)): return elements.count
        case .value(.object(let object)): return object.count
        case .value: return 0
        }
    }

    /// Calls `body` with each element of an array, in order, and its index; nothing for anything else.
    /// No array of the elements is built.
    public func forEachElement(_ body: (Int, JSONView) -> Void) {
        switch place {
        case .tape(let tape, let node):
            let array = tape.nodes[node]
            guard array.kind == .array else { return }
            var child = node + 1
            for index in 0..<Int(array.length) {
                body(index, JSONView(tape: tape, node: child))
                child = Int(tape.nodes[child].end)
            }
        case .value(.array(let elements)):
            for (index, element) in elements.enumerated() { body(index, JSONView(element)) }
        case .value:
            return
        }
    }
}

extension JSONTape {
    /// `JSONView.forEachMember` for object node `index`.
    fileprivate func forEachMember(ofObject index: Int, _ body: (UnsafeBufferPointer<UInt8>, () -> JSONView) -> Void) {
        guard nodes[index].kind == .object else { return }
        bytes.withUnsafeBufferPointer { all in
            var key = index + 1
            for _ in 0..<Int(nodes[index].length) {
                let node = nodes[key]
                let valueNode = key + 1
                if node.escaped {
                    string(node).withUTF8Bytes { body($0, { JSONView(tape: self, node: valueNode) }) }
                } else {
                    body(UnsafeBufferPointer(rebasing: all[Int(node.start)..<Int(node.start + node.length)]), { JSONView(tape: self, node: valueNode) })
                }
                key = Int(nodes[valueNode].end)
            }
        }
    }

    /// Calls `body` with the decoded bytes of key node `index`: in place, or decoded when it has escapes.
    @inline(__always)
    func withKeyBytes(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let node = nodes[index]
        if node.escaped {
            string(node).withUTF8Bytes(body)
        } else {
            bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(node.start)..<Int(node.start + node.length)])) }
        }
    }
}

extension JSONView {
    /// Whether a key's bytes are exactly `name`'s UTF-8: for readers matching keys (`forEachMember`)
    /// against the names they want, written as literals.
    @inlinable
    public static func key(_ bytes: UnsafeBufferPointer<UInt8>, is name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        guard let base = bytes.baseAddress else { return true }
        return memcmp(base, name.utf8Start, bytes.count) == 0
    }
}
