import JSON

/// What the review decoder reads values from: a parsed document's tape (every review that arrives as
/// bytes, and every parsed one: the fast path, which builds no `JSON` value for the fields it reads and
/// names values by position, so keeping them costs no reference counting), or `JSON` values built in
/// memory. One decoder, generic over the two, so both give the same fields and the same errors.
protocol ReviewDocument {
    associatedtype Value
    func isNull(_ value: Value) -> Bool
    func isObject(_ value: Value) -> Bool
    func isArray(_ value: Value) -> Bool
    func bool(_ value: Value) -> Bool?
    func string(_ value: Value) -> String?
    func isString(_ value: Value) -> Bool
    /// A user's fields, checked by the decoder (strings, an array of strings; nil for absent or
    /// `null`), kept for `UserInfo`: their positions in a tape, the strings themselves for values
    /// built in memory.
    func keptUser(username: Value?, uid: Value?, groups: Value?) -> UserInfo.Source
    /// Whether `value` is a string with exactly the bytes of `text`.
    func isString(_ value: Value, _ text: StaticString) -> Bool
    /// The number of elements of an array (or members of an object); 0 for anything else.
    func count(_ value: Value) -> Int
    /// The JSON type's name, for errors (`JSON.typeName`).
    func typeName(_ value: Value) -> String
    /// True when `a` and `b` certainly decode to the same value (`JSONTapeDocument.isWrittenTheSame`);
    /// false when they may not.
    func isWrittenTheSame(_ a: Value, _ b: Value) -> Bool
    /// True when `value` is an object written exactly as `members` (`JSONTapeDocument.isObject(_:writtenAs:)`),
    /// so it decodes as those members do; false when it may not be.
    func isObject(_ value: Value, writtenAs members: StaticString) -> Bool
    /// The value as `JSON`, for the fields carried whole (`object`, `oldObject`, `options`).
    func json(_ value: Value) -> JSON
    /// Each member of an object in order, its name as UTF-8 bytes; nothing for anything else. Not
    /// throwing (see `JSONTapeDocument.forEachMember`): a reader that fails records it and skips the rest.
    func forEachMember(of object: Value, _ body: (UnsafeBufferPointer<UInt8>, Value) -> Void)
    /// Each element of an array in order; nothing for anything else.
    func forEachElement(of array: Value, _ body: (Value) -> Void)
}

extension JSONTapeDocument: ReviewDocument {
    /// Built only for an error message.
    func typeName(_ value: JSONTapeNode) -> String { self.value(value).typeName }
    func json(_ value: JSONTapeNode) -> JSON { self.value(value) }
    func keptUser(username: JSONTapeNode?, uid: JSONTapeNode?, groups: JSONTapeNode?) -> UserInfo.Source {
        .tape(self, username: username, uid: uid, groups: groups)
    }
}

/// `JSON` values built in memory (not by the reader), read through their own accessors.
struct JSONValues: ReviewDocument {
    func isNull(_ value: JSON) -> Bool { value.isNull }
    func isObject(_ value: JSON) -> Bool { value.objectValue != nil }
    func isArray(_ value: JSON) -> Bool { value.arrayValue != nil }
    func bool(_ value: JSON) -> Bool? { value.boolValue }
    func string(_ value: JSON) -> String? { value.stringValue }
    func isString(_ value: JSON) -> Bool { value.stringValue != nil }
    func keptUser(username: JSON?, uid: JSON?, groups: JSON?) -> UserInfo.Source {
        .strings(
            username: username?.stringValue ?? "", uid: uid?.stringValue ?? "",
            groups: groups?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    func isString(_ value: JSON, _ text: StaticString) -> Bool {
        guard case .string(let s) = value else { return false }
        return UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount).elementsEqual(s.utf8)
    }

    func count(_ value: JSON) -> Int {
        switch value {
        case .array(let elements): return elements.count
        case .object(let object): return object.count
        default: return 0
        }
    }

    func typeName(_ value: JSON) -> String { value.typeName }
    func json(_ value: JSON) -> JSON { value }
    /// Not worth finding out for values built in memory: both are decoded.
    func isWrittenTheSame(_ a: JSON, _ b: JSON) -> Bool { false }
    /// Values built in memory have no text: decoded member by member.
    func isObject(_ value: JSON, writtenAs members: StaticString) -> Bool { false }

    func forEachMember(of object: JSON, _ body: (UnsafeBufferPointer<UInt8>, JSON) -> Void) {
        guard case .object(let object) = object else { return }
        for member in object.members {
            var name = member.key
            name.withUTF8 { body($0, member.value) }
        }
    }

    func forEachElement(of array: JSON, _ body: (JSON) -> Void) {
        guard case .array(let elements) = array else { return }
        for element in elements { body(element) }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are exactly those of `text` (a member name the decoder knows).
    ///
    /// Inlined with `text` a literal, so its length is a constant: a name of 4 to 16 bytes is two
    /// (overlapping) word comparisons, where a call to `memcmp` cost more than the rest of reading the
    /// member.
    @inline(__always)
    func equals(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard self.count == count else { return false }
        guard let base = baseAddress else { return true }
        let x = UnsafeRawPointer(base), y = UnsafeRawPointer(text.utf8Start)
        if count >= 8 {
            var i = 0
            while i &+ 8 < count {
                guard x.loadUnaligned(fromByteOffset: i, as: UInt64.self) == y.loadUnaligned(fromByteOffset: i, as: UInt64.self) else { return false }
                i &+= 8
            }
            return x.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        }
        if count >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
        }
        for i in 0..<count where base[i] != text.utf8Start[i] { return false }
        return true
    }
}
