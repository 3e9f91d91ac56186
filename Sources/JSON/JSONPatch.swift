/// One RFC 6902 operation. Pointers are parsed up front so applying a patch never re-parses text.
public enum JSONPatchOperation: Sendable, Equatable {
    case add(path: JSONPointer, value: JSON)
    case remove(path: JSONPointer)
    case replace(path: JSONPointer, value: JSON)
    case move(from: JSONPointer, path: JSONPointer)
    case copy(from: JSONPointer, path: JSONPointer)
    case test(path: JSONPointer, value: JSON)

    /// The `op` member's value: `add`, `remove`, `replace`, `move`, `copy` or `test`.
    public var name: String {
        switch self {
        case .add: return "add"
        case .remove: return "remove"
        case .replace: return "replace"
        case .move: return "move"
        case .copy: return "copy"
        case .test: return "test"
        }
    }

    /// The location the operation changes or checks.
    public var path: JSONPointer {
        switch self {
        case .add(let path, _), .remove(let path), .replace(let path, _), .move(_, let path),
            .copy(_, let path), .test(let path, _):
            return path
        }
    }

    /// The wire form. Members come in the order `op`, `from`, `path`, `value` so a patch reads the
    /// same way every time and byte-level comparisons in tests and captures stay stable.
    public var json: JSON {
        var members = [JSONObject.Member(key: "op", value: .string(name))]
        switch self {
        case .add(let path, let value), .replace(let path, let value), .test(let path, let value):
            members.append(JSONObject.Member(key: "path", value: .string(path.description)))
            members.append(JSONObject.Member(key: "value", value: value))
        case .remove(let path):
            members.append(JSONObject.Member(key: "path", value: .string(path.description)))
        case .move(let from, let path), .copy(let from, let path):
            members.append(JSONObject.Member(key: "from", value: .string(from.description)))
            members.append(JSONObject.Member(key: "path", value: .string(path.description)))
        }
        return .object(JSONObject(members))
    }
}

/// An RFC 6902 JSON Patch: what a mutating webhook returns, and what replay applies to check it.
///
/// A patch `JSONPatchBuilder` recorded keeps the operations' wire text instead of the operations
/// (see `RecordedPatch`): writing it copies the text, and `operations` builds them from it when asked.
public struct JSONPatch: Sendable, Equatable {
    enum Storage: Sendable {
        case operations([JSONPatchOperation])
        case recorded(RecordedPatch)
    }

    private(set) var storage: Storage

    public init(_ operations: [JSONPatchOperation] = []) { storage = .operations(operations) }

    init(recorded: RecordedPatch) { storage = .recorded(recorded) }

    /// The operations, in order. Built from the text on each read for a recorded patch.
    public var operations: [JSONPatchOperation] {
        get {
            switch storage {
            case .operations(let operations): return operations
            case .recorded(let recorded): return recorded.operations
            }
        }
        set { storage = .operations(newValue) }
    }

    /// The wire form: an array of operation objects.
    public var json: JSON { .array(operations.map(\.json)) }

    public var isEmpty: Bool { count == 0 }

    /// The number of operations (without building them).
    public var count: Int {
        switch storage {
        case .operations(let operations): return operations.count
        case .recorded(let recorded): return recorded.writes.count
        }
    }

    /// Equal operations, however each patch keeps them.
    public static func == (a: JSONPatch, b: JSONPatch) -> Bool { a.operations == b.operations }

    /// Applies every operation in order, with RFC 6902 semantics, to a copy of `document`.
    ///
    /// Atomic: the result is returned only when every operation succeeded; on failure the error
    /// names the operation and the caller still holds the untouched original. Operations mutate the
    /// working copy in place, so only the path from the root to each change is copied once (copy on
    /// write), never whole subtrees; this runs on the request path.
    public func apply(to document: JSON) throws(JSONPatchError) -> JSON {
        var result = document
        for (index, operation) in operations.enumerated() {
            do throws(JSONPatchError) {
                try operation.apply(to: &result)
            } catch {
                throw JSONPatchError(operationIndex: index, reason: error.reason)
            }
        }
        return result
    }
}

/// A patch could not be parsed or applied. `operationIndex` is the zero-based position of the
/// offending operation in the patch array (nil when the patch as a whole is malformed), so a message
/// like `operation 2: missing "path"` points straight at the bad entry.
public struct JSONPatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public let operationIndex: Int?
    public let reason: String

    public init(operationIndex: Int?, reason: String) {
        self.operationIndex = operationIndex
        self.reason = reason
    }

    public var description: String {
        guard let operationIndex else { return reason }
        return "operation \(operationIndex): \(reason)"
    }
}

// MARK: - Parsing the wire form

extension JSONPatch {
    /// Reads a patch strictly: it must be an array of objects, each with a known `op`, the members
    /// that op needs (`path`; `from` for move and copy; `value` for add, replace and test) of the
    /// right type, and valid pointers. Unknown members are ignored, as RFC 6902 §4 requires.
    public init(parsing json: JSON) throws(JSONPatchError) {
        guard case .array(let elements) = json else {
            throw JSONPatchError(
                operationIndex: nil, reason: "a JSON Patch must be an array of operations, found \(json.typeName)")
        }
        var operations: [JSONPatchOperation] = []
        operations.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do throws(JSONPatchError) {
                operations.append(try JSONPatchOperation(parsing: element))
            } catch {
                throw JSONPatchError(operationIndex: index, reason: error.reason)
            }
        }
        self.storage = .operations(operations)
    }
}

extension JSONPatchOperation {
    /// Reads one operation object. Errors carry no index; `JSONPatch(parsing:)` adds it.
    public init(parsing json: JSON) throws(JSONPatchError) {
        guard case .object(let object) = json else {
            throw JSONPatchError(operationIndex: nil, reason: "must be an object, found \(json.typeName)")
        }
        let op = try Self.string("op", in: object)
        switch op {
        case "add":
            self = .add(path: try Self.pointer("path", in: object), value: try Self.member("value", in: object))
        case "remove":
            self = .remove(path: try Self.pointer("path", in: object))
        case "replace":
            self = .replace(path: try Self.pointer("path", in: object), value: try Self.member("value", in: object))
        case "move":
            let path = try Self.pointer("path", in: object)
            self = .move(from: try Self.pointer("from", in: object), path: path)
        case "copy":
            let path = try Self.pointer("path", in: object)
            self = .copy(from: try Self.pointer("from", in: object), path: path)
        case "test":
            self = .test(path: try Self.pointer("path", in: object), value: try Self.member("value", in: object))
        default:
            throw JSONPatchError(
                operationIndex: nil,
                reason: "unknown op \"\(op)\"; expected add, remove, replace, move, copy or test")
        }
    }

    /// A required member. A member given twice is an error (RFC 6902 §A.13): which one was meant is
    /// ambiguous, and different implementations would pick differently.
    private static func member(_ key: String, in object: JSONObject) throws(JSONPatchError) -> JSON {
        var found: JSON?
        for member in object.members where member.key == key {
            guard found == nil else {
                throw JSONPatchError(operationIndex: nil, reason: "\"\(key)\" appears more than once")
            }
            found = member.value
        }
        guard let found else { throw JSONPatchError(operationIndex: nil, reason: "missing \"\(key)\"") }
        return found
    }

    private static func string(_ key: String, in object: JSONObject) throws(JSONPatchError) -> String {
        let value = try member(key, in: object)
        guard case .string(let text) = value else {
            throw JSONPatchError(
                operationIndex: nil, reason: "\"\(key)\" must be a string, found \(value.typeName)")
        }
        return text
    }

    private static func pointer(_ key: String, in object: JSONObject) throws(JSONPatchError) -> JSONPointer {
        let text = try string(key, in: object)
        do throws(JSONPointerError) {
            return try JSONPointer(parsing: text)
        } catch {
            throw JSONPatchError(operationIndex: nil, reason: "\"\(key)\": \(error.description)")
        }
    }
}

// MARK: - Applying

extension JSONPatchOperation {
    /// Applies this operation to `document` in place. Errors carry no index; `JSONPatch.apply` adds it.
    ///
    /// Not atomic on its own (a `move` whose `add` half fails has already removed its source);
    /// `JSONPatch.apply` works on a copy, which makes the patch as a whole atomic.
    func apply(to document: inout JSON) throws(JSONPatchError) {
        do throws(PatchFailure) {
            switch self {
            case .add(let path, let value):
                try document.add(value, at: path)
            case .remove(let path):
                _ = try document.remove(at: path)
            case .replace(let path, let value):
                try document.modify(at: path.tokens[...], of: path) { (target: inout JSON) in target = value }
            case .move(let from, let path):
                guard !from.isProperPrefix(of: path) else {
                    throw PatchFailure("a value cannot be moved into one of its own children")
                }
                if from == path {
                    // Remove-then-add would re-append an object member at the end; RFC 6902 only asks
                    // that the source exist, and leaving it in place keeps member order.
                    _ = try document.resolve(from)
                } else {
                    let value = try document.remove(at: from)
                    try document.add(value, at: path)
                }
            case .copy(let from, let path):
                let value = try document.resolve(from)
                try document.add(value, at: path)
            case .test(let path, let expected):
                let actual = try document.resolve(path)
                guard actual == expected else {
                    let detail =
                        actual.typeName == expected.typeName
                        ? "the \(actual.typeName) there differs from the expected value"
                        : "found \(actual.typeName), expected \(expected.typeName)"
                    throw PatchFailure("test failed: \(detail)")
                }
            }
        } catch {
            throw JSONPatchError(operationIndex: nil, reason: "\(summary): \(error.detail)")
        }
    }

    /// `add "/a/b"`, `move "/a" to "/b"`: how an error message names the operation.
    private var summary: String {
        switch self {
        case .move(let from, let path), .copy(let from, let path):
            return "\(name) \"\(from)\" to \"\(path)\""
        case .add(let path, _), .remove(let path), .replace(let path, _), .test(let path, _):
            return "\(name) \"\(path)\""
        }
    }
}

/// Why one step of applying an operation failed, before the operation's summary is put in front.
private struct PatchFailure: Error {
    let detail: String
    init(_ detail: String) { self.detail = detail }
}

extension JSON {
    /// RFC 6902 §4.1: the root is replaced; an object member is set (replacing an existing one in
    /// place); an array element is inserted before the index, or appended for `-` or index == count.
    fileprivate mutating func add(_ value: JSON, at path: JSONPointer) throws(PatchFailure) {
        guard let token = path.tokens.last else {
            self = value
            return
        }
        let parentTokens = path.tokens.dropLast()
        try modify(at: parentTokens, of: path) { (parent: inout JSON) throws(PatchFailure) in
            switch parent {
            case .object(var object):
                parent = .null  // drop the enum's reference so `object` is uniquely owned
                object[token] = value
                parent = .object(object)
            case .array(var elements):
                let index: Int
                if token == "-" {
                    index = elements.count
                } else if let parsed = JSONPointer.arrayIndex(token) {
                    guard parsed <= elements.count else {
                        throw PatchFailure(
                            "index \(parsed) is past the end of the array at \(Self.name(parentTokens))"
                                + " (\(elements.count) elements)")
                    }
                    index = parsed
                } else {
                    throw PatchFailure(
                        "\"\(token)\" is not an index into the array at \(Self.name(parentTokens))")
                }
                parent = .null
                elements.insert(value, at: index)
                parent = .array(elements)
            case .null, .bool, .number, .string:
                throw Self.notAContainer(parent, at: parentTokens)
            }
        }
    }

    /// RFC 6902 §4.2: the target must exist; the root cannot be removed (there would be no document).
    fileprivate mutating func remove(at path: JSONPointer) throws(PatchFailure) -> JSON {
        guard let token = path.tokens.last else {
            throw PatchFailure("the whole document cannot be removed")
        }
        let parentTokens = path.tokens.dropLast()
        return try modify(at: parentTokens, of: path) { (parent: inout JSON) throws(PatchFailure) -> JSON in
            switch parent {
            case .object(var object):
                guard let index = object.index(forKey: token) else { throw Self.noMember(token, at: parentTokens) }
                parent = .null
                let removed = object.members.remove(at: index).value
                parent = .object(object)
                return removed
            case .array(var elements):
                let index = try Self.existingIndex(token, count: elements.count, at: parentTokens)
                parent = .null
                let removed = elements.remove(at: index)
                parent = .array(elements)
                return removed
            case .null, .bool, .number, .string:
                throw Self.notAContainer(parent, at: parentTokens)
            }
        }
    }

    /// Runs `body` on the value at `tokens`, in place, failing if any step does not exist. `tokens` is
    /// a suffix of `path.tokens` (same indices), so a failure can name the prefix that did resolve.
    ///
    /// Each level takes the container out of `self` (leaving `.null` behind) before descending, so the
    /// container's storage is uniquely referenced and the write below it does not copy it.
    fileprivate mutating func modify<Result>(
        at tokens: ArraySlice<String>, of path: JSONPointer,
        _ body: (inout JSON) throws(PatchFailure) -> Result
    ) throws(PatchFailure) -> Result {
        guard let token = tokens.first else { return try body(&self) }
        // The path prefix that resolved is only sliced for a failure's message: slicing costs a retain
        // and a release of the tokens at every level.
        switch self {
        case .object(var object):
            self = .null
            defer { self = .object(object) }
            return try object.modifyMember(token, orThrow: { Self.noMember(token, at: path.tokens[..<tokens.startIndex]) }) {
                (value: inout JSON) throws(PatchFailure) -> Result in
                try value.modify(at: tokens.dropFirst(), of: path, body)
            }
        case .array(var elements):
            let index = try Self.existingIndex(token, count: elements.count, at: path.tokens[..<tokens.startIndex])
            self = .null
            defer { self = .array(elements) }
            return try elements[index].modify(at: tokens.dropFirst(), of: path, body)
        case .null, .bool, .number, .string:
            throw Self.notAContainer(self, at: path.tokens[..<tokens.startIndex])
        }
    }

    /// The value at `path`, read without changing anything; fails, saying which step does not
    /// resolve, the same way `modify` does. For `copy`, `test` and the source of a no-op `move`.
    fileprivate func resolve(_ path: JSONPointer) throws(PatchFailure) -> JSON {
        var current = self
        for (depth, token) in path.tokens.enumerated() {
            let here = path.tokens[..<depth]
            switch current {
            case .object(let object):
                guard let member = object[token] else { throw Self.noMember(token, at: here) }
                current = member
            case .array(let elements):
                current = elements[try Self.existingIndex(token, count: elements.count, at: here)]
            case .null, .bool, .number, .string:
                throw Self.notAContainer(current, at: here)
            }
        }
        return current
    }

    /// The index `token` names in an array of `count` elements, which must already exist there.
    private static func existingIndex(
        _ token: String, count: Int, at tokens: ArraySlice<String>
    ) throws(PatchFailure) -> Int {
        if token == "-" {
            throw PatchFailure(
                "\"-\" (after the last element) of the array at \(name(tokens)) names no existing element")
        }
        guard let index = JSONPointer.arrayIndex(token) else {
            throw PatchFailure("\"\(token)\" is not an index into the array at \(name(tokens))")
        }
        guard index < count else {
            throw PatchFailure("index \(index) is past the end of the array at \(name(tokens)) (\(count) elements)")
        }
        return index
    }

    private static func noMember(_ token: String, at tokens: ArraySlice<String>) -> PatchFailure {
        PatchFailure("no member \"\(token)\" in the object at \(name(tokens))")
    }

    private static func notAContainer(_ value: JSON, at tokens: ArraySlice<String>) -> PatchFailure {
        PatchFailure("the value at \(name(tokens)) is \(value.typeName), not an object or array")
    }

    /// `the root` or `"/a/b"`, for messages: an empty pair of quotes would read like a typo.
    fileprivate static func name(_ tokens: ArraySlice<String>) -> String {
        tokens.isEmpty ? "the root" : "\"\(JSONPointer(tokens: Array(tokens)))\""
    }
}
