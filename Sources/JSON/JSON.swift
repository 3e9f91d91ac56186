import Glibc

/// A JSON value. Objects keep their members in document order (so a parse → write round trip is
/// byte-stable and patches address what the API server sent); numbers keep their exact literal text.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    /// Strings compare by their bytes, not by Swift's canonical equivalence (`"é"` and `"e\u{301}"` are
    /// different JSON strings, as they are to the API server); numbers numerically; objects ignoring
    /// member order.
    public static func == (lhs: JSON, rhs: JSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a.sameBytes(as: b)  // equal bytes imply `==`; the converse does not hold
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }
}

extension String {
    /// Byte equality of the UTF-8 encodings. Swift's `==` is canonical equivalence, which JSON is not.
    ///
    /// Lengths first (O(1) for native strings), so most unequal keys cost no byte comparison; then the
    /// bytes in place, without copying either string.
    @inlinable
    public func sameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        if let equal = other.utf8.withContiguousStorageIfAvailable({ hasUTF8Bytes($0) }) { return equal }
        return utf8.elementsEqual(other.utf8)
    }

    /// Calls `body` with this string's UTF-8 bytes: in place for a native string (no copy, so no retain
    /// and release, which the mutating `withUTF8` would cost on a `var` copy), else (a bridged string)
    /// after making them contiguous.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var contiguous = self
        return contiguous.withUTF8(body)
    }

    /// True when this string's UTF-8 encoding is exactly `bytes`. For lookups that hold the wanted
    /// key's bytes once and compare many candidates against them.
    @inlinable
    func hasUTF8Bytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard utf8.count == bytes.count else { return false }
        if let equal = utf8.withContiguousStorageIfAvailable({ memcmpEqual($0, bytes) }) { return equal }
        return utf8.elementsEqual(bytes)
    }
}

/// Byte equality of two buffers of the same length.
@inlinable
func memcmpEqual(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    guard x.count == y.count else { return false }
    guard let a = x.baseAddress, let b = y.baseAddress else { return true }  // both empty
    return memcmp(a, b, x.count) == 0
}

// MARK: - Reading values without ceremony

extension JSON {
    /// The member `key` of an object; nil for a missing member or when this is not an object.
    @inlinable
    public subscript(key: String) -> JSON? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` of an array; nil when out of range or when this is not an array.
    @inlinable
    public subscript(index: Int) -> JSON? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    @inlinable public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    @inlinable public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    @inlinable public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The value as an `Int` when it is an integer literal that fits.
    @inlinable public var intValue: Int? { numberValue?.intValue }

    @inlinable public var arrayValue: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    @inlinable public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    @inlinable public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type's name, for error messages ("expected object, found array").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

// MARK: - Literals, so tests and patches read like the JSON they build

extension JSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
}

// MARK: - Object

/// An object's members in document order. Lookups are linear: Kubernetes objects have few members
/// per level, and a scan of a handful of small strings beats hashing them.
///
/// An object that comes from the reader stays in the reader's tape (see `JSONTape`) until something
/// changes it: lookups scan the tape's bytes without building the members, so a rule that reads three
/// fields of a pod costs three scans, not a tree of allocations. Setting a member then keeps the rest in
/// the tape too (`JSONObjectChanges`); removing one, or changing the members as an array, materializes
/// this one level (its member values stay in the tape).
public struct JSONObject: Sendable, Equatable {
    /// One member. A member of an object that was materialized from the tape stays in the tape until
    /// it is changed itself: materializing a level then costs one reference to the tape per member, not
    /// a `String` key and a built value (an array of elements, a string) per member, and tearing the
    /// level down costs one release.
    public struct Member: Sendable, Equatable {
        // Two references and two integers, no enum: copying or destroying a member (which building a
        // level's array does once per member) is a retain or release, not a walk over a key and a value
        // of every JSON case; a key lookup reads one length per member and copies nothing.

        /// The key and value of a member made or changed outside the tape; nil while in the tape.
        @usableFromInline var owned: Owned?
        /// Non-nil while the member is still in the tape: its key is node `keyNode`, its value the next.
        @usableFromInline var tape: JSONTape?
        @usableFromInline var keyNode: UInt32
        /// The key's length in UTF-8 bytes, so most mismatching keys are told apart without touching the
        /// tape or the owned key; `unknownLength` for a tape key with escapes (its decoded length
        /// differs) or a key too long to count here.
        @usableFromInline var keyLength: UInt32
        @usableFromInline static let unknownLength = UInt32.max

        @inlinable static func length(of key: String) -> UInt32 {
            let count = key.utf8.count  // O(1) for native strings
            return count < Int(unknownLength) ? UInt32(count) : unknownLength
        }

        /// Shared between copies of a member until one of them changes (copy on write, see
        /// `uniqueOwned`), which is why its mutable fields are safe to send. Only written while uniquely
        /// referenced, so the run-time exclusivity check (a call on every read, which key scans
        /// made per member) has nothing to catch.
        @usableFromInline
        final class Owned: @unchecked Sendable {
            @exclusivity(unchecked) @usableFromInline var key: String
            @exclusivity(unchecked) @usableFromInline var value: JSON
            @usableFromInline init(key: String, value: JSON) {
                self.key = key
                self.value = value
            }
        }

        @inlinable public init(key: String, value: JSON) {
            owned = Owned(key: key, value: value)
            tape = nil
            keyNode = 0
            keyLength = Member.length(of: key)
        }

        @inline(__always)
        init(tape: JSONTape, keyNode: Int) {
            let node = tape.nodes[keyNode]
            owned = nil
            self.tape = tape
            self.keyNode = UInt32(truncatingIfNeeded: keyNode)
            // The reader keeps every length below `UInt32.max` (inputs are limited to that size).
            keyLength = node.escaped ? Member.unknownLength : node.length
        }

        public var key: String {
            get {
                if let owned { return owned.key }
                guard let tape else { return "" }  // unreachable: a member is owned or in the tape
                return tape.string(tape.nodes[Int(keyNode)])
            }
            set {
                uniqueOwned().key = newValue
                keyLength = Member.length(of: newValue)
            }
        }

        /// Changing the value in place (as a patch does on its way down) takes the member out of the
        /// tape once and then writes in place, without copying the value.
        public var value: JSON {
            get {
                if let owned { return owned.value }
                guard let tape else { return .null }  // unreachable: a member is owned or in the tape
                return tape.value(at: Int(keyNode) + 1)
            }
            _modify {
                let owned = uniqueOwned()
                yield &owned.value
            }
            set { uniqueOwned().value = newValue }
        }

        /// The key and value, for changing: built when the member is still in the tape, copied when
        /// another copy of this member shares them.
        private mutating func uniqueOwned() -> Owned {
            if isKnownUniquelyReferenced(&owned), let owned { return owned }
            let fresh: Owned
            if let owned {
                fresh = Owned(key: owned.key, value: owned.value)
            } else if let tape {
                fresh = Owned(key: tape.string(tape.nodes[Int(keyNode)]), value: tape.value(at: Int(keyNode) + 1))
            } else {
                fresh = Owned(key: "", value: .null)  // unreachable: a member is owned or in the tape
            }
            owned = fresh
            tape = nil
            keyLength = Member.length(of: fresh.key)
            return fresh
        }

        /// Same as the memberwise comparison it replaces: keys by `String` equality, values as JSON.
        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.key == rhs.key && lhs.value == rhs.value
        }
    }

    enum Storage: Sendable {
        case members([Member])
        case tape(JSONTape, Int)
        /// Still in the tape but for a few changed or added members (see `JSONObjectChanges`).
        case changed(JSONObjectChanges)
    }

    var storage: Storage

    public init() { storage = .members([]) }
    public init(_ members: [Member]) { storage = .members(members) }
    init(tape: JSONTape, node: Int) { storage = .tape(tape, node) }

    /// The members in order. Reading one backed by the tape builds them; changing them in place (as
    /// `members[i].value = …` or `members.remove(at:)` do) materializes once and then writes in place.
    public var members: [Member] {
        get {
            switch storage {
            case .members(let members): return members
            case .tape(let tape, let node): return tape.members(ofObject: node)
            case .changed(let changes): return changes.members
            }
        }
        _modify {
            var members = takeMembers()
            defer { storage = .members(members) }
            yield &members
        }
        set { storage = .members(newValue) }
    }

    /// Moves the members out of `storage` (materializing them), leaving it empty so the array is
    /// uniquely referenced while the caller changes it.
    private mutating func takeMembers() -> [Member] {
        switch storage {
        case .members(let members):
            storage = .members([])
            return members
        case .tape(let tape, let node):
            return tape.members(ofObject: node)
        case .changed(let changes):
            return changes.members
        }
    }

    public var count: Int {
        switch storage {
        case .members(let members): return members.count
        case .tape(let tape, let node): return tape.childCount(node)
        case .changed(let changes): return changes.count
        }
    }

    public var isEmpty: Bool { count == 0 }

    public var keys: [String] {
        switch storage {
        case .members(let members): return members.map(\.key)
        case .tape(let tape, let node): return tape.keys(ofObject: node)
        case .changed(let changes): return changes.members.map(\.key)
        }
    }

    /// The position of `key` among the members.
    public func index(forKey key: String) -> Int? {
        switch storage {
        case .members(let members): return Self.position(of: key, in: members)
        case .tape(let tape, let node): return tape.memberPosition(key, inObject: node)
        case .changed(let changes): return changes.position(of: key)
        }
    }

    /// The position of the member whose key has the bytes of `key`. The wanted key's bytes are taken
    /// once; each member costs a length check and, only when the lengths match, one `memcmp` (Swift's
    /// `==` would normalize, and comparing `String`s pairwise re-fetches both sides' bytes every time).
    static func position(of key: String, in members: [Member]) -> Int? {
        func scan(_ wanted: UnsafeBufferPointer<UInt8>) -> Int? {
            // One stored length per member decides most of them: a member passed over is neither copied
            // nor retained, and its key's bytes are not touched.
            members.withUnsafeBufferPointer { members in
                for i in members.indices {
                    let length = members[i].keyLength
                    guard Int(length) == wanted.count || length == Member.unknownLength else { continue }
                    if let owned = members[i].owned {
                        if owned.key.hasUTF8Bytes(wanted) { return i }
                    } else if let tape = members[i].tape, tape.keyNode(Int(members[i].keyNode), equals: wanted) {
                        return i
                    }
                }
                return nil
            }
        }
        return key.withUTF8Bytes(scan)
    }

    /// Where member `key`'s value is, for a walk down a path.
    enum MemberLookup {
        /// Still in the tape (this object was never changed, or was but that member was not): a walk
        /// further down continues there instead of building the value (an array of every element,
        /// say) only to look inside it.
        case tape(JSONTape, node: Int)
        case value(JSON)
        case missing
    }

    /// Finds member `key` with one scan, without building a value that is still in the tape.
    func lookUp(_ key: String) -> MemberLookup {
        switch storage {
        case .tape(let tape, let node):
            guard let valueNode = tape.memberValue(key, inObject: node) else { return .missing }
            return .tape(tape, node: valueNode)
        case .members(let members):
            guard let i = Self.position(of: key, in: members) else { return .missing }
            if let tape = members[i].tape { return .tape(tape, node: Int(members[i].keyNode) + 1) }
            return .value(members[i].value)
        case .changed(let changes):
            return changes.lookUp(key)
        }
    }

    /// Reading gives the member's value; assigning replaces it in place or appends it; assigning nil
    /// removes it.
    ///
    /// Assigning to an object still in the tape changes only that member (see `JSONObjectChanges`);
    /// removing one materializes the object.
    public subscript(key: String) -> JSON? {
        get {
            switch storage {
            case .members(let members):
                guard let i = Self.position(of: key, in: members) else { return nil }
                return members[i].value
            case .tape(let tape, let node):
                guard let valueNode = tape.memberValue(key, inObject: node) else { return nil }
                return tape.value(at: valueNode)
            case .changed(let changes):
                switch changes.lookUp(key) {
                case .value(let value): return value
                case .tape(let tape, let valueNode): return tape.value(at: valueNode)
                case .missing: return nil
                }
            }
        }
        set {
            if let newValue, let changes = takeChanges() {
                changes.set(key, to: newValue)
                storage = .changed(changes)
            } else if let i = index(forKey: key) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Runs `body` on member `key`'s value in place, as a patch does on its way down a path: a member
    /// still in the tape is taken out of it alone (its object keeps the rest in the tape). Throws
    /// `missing()` when there is no such member.
    mutating func modifyMember<Result, Failure: Error>(
        _ key: String, orThrow missing: () -> Failure, _ body: (inout JSON) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        if let changes = takeChanges() {
            defer { storage = .changed(changes) }
            guard let result = try changes.modifyMember(key, body) else { throw missing() }
            return result
        }
        guard let index = index(forKey: key) else { throw missing() }
        return try body(&members[index].value)
    }

    /// The changes of an object in the tape (none yet for one never changed), moved out of `storage`
    /// and copied if another copy of this object shares them, so the caller may change them; nil for
    /// a materialized object.
    private mutating func takeChanges() -> JSONObjectChanges? {
        switch storage {
        case .members:
            return nil
        case .tape(let tape, let node):
            return JSONObjectChanges(tape: tape, node: node)
        case .changed(var changes):
            storage = .members([])
            if !isKnownUniquelyReferenced(&changes) { changes = changes.copy() }
            return changes
        }
    }

    /// Object equality ignores member order, as RFC 8259 and RFC 6902 `test` do.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }
}

// MARK: - Number

/// A number as its literal text, validated against RFC 8259's grammar, so `1.50`, `1e3` and
/// 18-digit integers survive a round trip untouched. Equality is numeric (`1.0 == 1`), as RFC 6902 asks.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    public let text: String

    /// Trusts `text` to be a valid JSON number literal; the reader only calls it after checking.
    @inlinable public init(uncheckedText text: String) { self.text = text }

    public init(_ value: Int) { text = String(value) }

    /// Parses `text` as a JSON number literal; nil when it is not one.
    public init?(_ text: String) {
        guard JSONNumber.isValidLiteral(Array(text.utf8)) else { return nil }
        self.text = text
    }

    public var description: String { text }

    /// The exact integer value when the literal is an integer (no fraction, no exponent) that fits.
    public var intValue: Int? { Int(text) }

    public var doubleValue: Double { Double(text) ?? .nan }

    /// Exact numeric equality: `1`, `1.0`, `10e-1` and `0.1E1` are equal; two 30-digit integers that
    /// differ in the last digit are not (a comparison through `Double` would say they are).
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.text == rhs.text { return true }
        return DecimalForm(lhs.text) == DecimalForm(rhs.text)
    }

    /// `±0.d₁d₂…dₙ × 10^exponent` with no leading or trailing zero digits; zero has no digits and no sign.
    struct DecimalForm: Equatable {
        var negative = false
        var digits: [UInt8] = []
        var exponent = 0

        init(_ text: String) {
            var pointSeen = false
            var integerDigits = 0
            var explicitExponent = 0
            var exponentSign = 1
            var inExponent = false
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "-") where !inExponent: negative = true
                case UInt8(ascii: "-"): exponentSign = -1
                case UInt8(ascii: "+"): break
                case UInt8(ascii: "."): pointSeen = true
                case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
                case _ where inExponent:
                    // Saturate: exponents past a billion describe no number anyone compares.
                    explicitExponent = min(explicitExponent * 10 + Int(byte &- 0x30), 1_000_000_000)
                default:
                    if digits.isEmpty, byte == UInt8(ascii: "0") {
                        if pointSeen { integerDigits -= 1 }
                        continue
                    }
                    digits.append(byte)
                    if !pointSeen { integerDigits += 1 }
                }
            }
            while digits.last == UInt8(ascii: "0") { digits.removeLast() }
            if digits.isEmpty {
                negative = false
                exponent = 0
            } else {
                exponent = integerDigits + exponentSign * explicitExponent
            }
        }
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    public static func isValidLiteral(_ bytes: [UInt8]) -> Bool {
        var i = 0
        let n = bytes.count
        func digits() -> Int {
            let start = i
            while i < n, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < n, bytes[i] == 0x2D { i += 1 }
        guard i < n else { return false }
        if bytes[i] == 0x30 { i += 1 } else if digits() == 0 { return false }
        if i < n, bytes[i] == 0x2E {
            i += 1
            if digits() == 0 { return false }
        }
        if i < n, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
            if digits() == 0 { return false }
        }
        return i == n
    }
}
