/// Builds the patch a mutating webhook returns. Later mutations see the effect of earlier ones: every
/// read (`view(at:)`, and the reads `set`, `setIfAbsent` and `addMissingMembers` make) answers for the
/// document as patched so far.
///
/// The patched document itself is not kept: applying each operation as it is recorded materialized
/// every object on its path and tore it down again, for a result the mutating endpoint never needs
/// (it returns the patch alone). Reads look at the recorded operations first (a handful at most) and
/// otherwise at the original, through views that stay in the reader's tape; `document` applies the
/// operations for whoever wants the whole result.
///
/// Every method is idempotent: it records an operation only when the document actually changes,
/// so running the same mutations over `document` again records nothing. That matters because the
/// API server may call a webhook again with its own output (reinvocationPolicy: IfNeeded), and an
/// empty patch is how a webhook says "nothing to do".
public struct JSONPatchBuilder: Sendable {
    /// The document the patch applies to, as it was given.
    public let original: JSON
    /// The operations recorded so far, in the order they must be applied: only `add` and `replace`,
    /// each of a path found reachable in the document as patched before it, so each applies.
    public private(set) var operations: [JSONPatchOperation]
    /// The path and value each operation writes, kept beside them: reads compare paths with every
    /// operation's, and taking them out of an operation copies the operation first.
    private var writes: [(path: JSONPointer, value: JSON)] = []

    public init(document: JSON) {
        self.original = document
        self.operations = []
    }

    /// The recorded operations as a patch; applying it to `original` gives `document`.
    public var patch: JSONPatch { JSONPatch(operations) }

    /// The document with every recorded operation applied, built on each call.
    public var document: JSON {
        // Each operation was checked against the document as patched before it, so the patch applies.
        patch.applyingRecorded(to: original)
    }

    /// The value at `path` in the document as patched so far; nil when there is none.
    public func view(at path: JSONPointer) -> JSONView? {
        if case .exists(let view) = locate(path, seeingWritesBelow: true) { return view }
        return nil
    }

    /// Sets `value` at `path`.
    ///
    /// Missing parent objects are created by one `add` at the deepest existing ancestor, of a nested
    /// object that already holds the value: RFC 6902 `add` needs its parent to exist, and one
    /// operation is easier to audit than a chain of empty-object adds. An existing equal value
    /// records nothing; a different one records `replace`.
    ///
    /// - Returns: false, recording nothing, when the path cannot hold a value: an ancestor is a
    ///   scalar, null or array where an object would be needed, or an array index is not an existing
    ///   element (`-` included: appending is never idempotent).
    @discardableResult
    public mutating func set(_ value: JSON, at path: JSONPointer) -> Bool {
        switch locate(path, seeingWritesBelow: true) {
        case .unreachable:
            return false
        case .exists(let current):
            if current.value == value { return true }
            record(replacing: path, with: value)
        case .missing(let depth):
            record(adding: Self.nest(value, path, below: depth), at: Self.prefix(of: path, through: depth))
        }
        return true
    }

    /// Like `set`, but never changes an existing member: records nothing when something is already
    /// at `path`, whatever its value. For defaults that a user's own setting must win over.
    ///
    /// - Returns: false, recording nothing, when the path cannot hold a value (see `set`).
    @discardableResult
    public mutating func setIfAbsent(_ value: JSON, at path: JSONPointer) -> Bool {
        switch locate(path, seeingWritesBelow: false) {
        case .unreachable:
            return false
        case .exists:
            return true
        case .missing(let depth):
            record(adding: Self.nest(value, path, below: depth), at: Self.prefix(of: path, through: depth))
            return true
        }
    }

    /// Adds each member whose key the object at `path` lacks; keys already there keep their value,
    /// whatever it is, and of a key listed twice the first value wins.
    ///
    /// When there is no object at `path` yet (nothing, or `null`, which Kubernetes decodes as nothing),
    /// the members are written as one object in one operation rather than one `add` per key: the patch
    /// stays minimal and reads like what it does. Something else at `path` (a string where a map should
    /// be) is left alone: the object is invalid and the API server will say so.
    public mutating func addMissingMembers(_ members: [(key: String, value: JSON)], toObjectAt path: JSONPointer) {
        guard !members.isEmpty else { return }
        // Writes below `path` only ever add members (or replace ones that exist), so the object as
        // found at or above `path`, plus the keys written directly below it, says which keys exist.
        switch locate(path, seeingWritesBelow: false) {
        case .unreachable:
            return
        case .missing(let depth):
            record(adding: Self.nest(Self.object(members), path, below: depth), at: Self.prefix(of: path, through: depth))
        case .exists(let current) where current.isNull:
            record(replacing: path, with: Self.object(members))
        case .exists(let current) where current.kind == .object:
            for (key, value) in members where current[key] == nil && !hasWrite(toMember: key, of: path) {
                record(adding: value, at: path.appending(key))
            }
        case .exists:
            return
        }
    }

    // MARK: - Reading the document as patched so far

    private enum Location {
        /// Something is at the path already.
        case exists(JSONView)
        /// `path.tokens[depth]` is missing from an object that exists at the tokens before it.
        case missing(depth: Int)
        /// The path runs into a non-object, or names an array element that does not exist.
        case unreachable
    }

    /// Where `path` stands in the document as patched so far. With `seeingWritesBelow` false, writes
    /// strictly below `path` are not looked at: for callers that only ask what kind of value is there,
    /// or which members it has, which such writes cannot change beyond adding the ones they name.
    private func locate(_ path: JSONPointer, seeingWritesBelow: Bool) -> Location {
        // The first read of every mutation that changes anything, and every read of one that does not.
        if writes.isEmpty { return Self.locate(path.tokens[...], in: JSONView(original), depth: 0) }
        if seeingWritesBelow, writes.contains(where: { $0.path.isProperDescendant(of: path) }) {
            // Something inside the value at `path` changed: only the document with every operation
            // applied can show it. Mutations read before they write below a path, so this is rare.
            return Self.locate(path.tokens[...], in: JSONView(document), depth: 0)
        }
        // The last write at or above `path` decides what is there, whatever came before it.
        for index in writes.indices.reversed() where writes[index].path.isPrefix(of: path) {
            let depth = writes[index].path.tokens.count
            return Self.locate(path.tokens[depth...], in: JSONView(writes[index].value), depth: depth)
        }
        return Self.locate(path.tokens[...], in: JSONView(original), depth: 0)
    }

    /// Whether an operation writes member `key` of the object at `path` itself.
    private func hasWrite(toMember key: String, of path: JSONPointer) -> Bool {
        writes.contains { write in
            write.path.tokens.count == path.tokens.count + 1 && write.path.tokens[path.tokens.count].sameBytes(as: key)
                && path.isPrefix(of: write.path)
        }
    }

    /// Follows `tokens` down from `view`, which sits at depth `depth` of the full path.
    private static func locate(_ tokens: ArraySlice<String>, in view: JSONView, depth start: Int) -> Location {
        var current = view
        for (offset, token) in tokens.enumerated() {
            switch current.kind {
            case .object:
                guard let member = current[token] else { return .missing(depth: start + offset) }
                current = member
            case .array:
                guard let index = JSONPointer.arrayIndex(token), let element = current.element(at: index) else {
                    return .unreachable
                }
                current = element
            case .null, .bool, .number, .string:
                return .unreachable
            }
        }
        return .exists(current)
    }

    // MARK: - Writing

    /// The pointer made of `path`'s tokens up to and including `depth`: `path` itself, without a new
    /// array of tokens, when that is all of them (only the last member is missing, the common case).
    private static func prefix(of path: JSONPointer, through depth: Int) -> JSONPointer {
        depth == path.tokens.count - 1 ? path : JSONPointer(tokens: Array(path.tokens[...depth]))
    }

    /// `value` wrapped in one single-member object per token after `depth`:
    /// nest("acme", /metadata/labels/tenant, below: 1) is {"tenant":"acme"}.
    private static func nest(_ value: JSON, _ path: JSONPointer, below depth: Int) -> JSON {
        var nested = value
        for token in path.tokens[(depth + 1)...].reversed() {
            nested = .object(JSONObject([JSONObject.Member(key: token, value: nested)]))
        }
        return nested
    }

    /// An object of `members`, the first of a repeated key winning.
    private static func object(_ members: [(key: String, value: JSON)]) -> JSON {
        var unique: [JSONObject.Member] = []
        unique.reserveCapacity(members.count)
        for (key, value) in members where !unique.contains(where: { $0.key.sameBytes(as: key) }) {
            unique.append(JSONObject.Member(key: key, value: value))
        }
        return .object(JSONObject(unique))
    }

    private mutating func record(adding value: JSON, at path: JSONPointer) {
        record(.add(path: path, value: value), path, value)
    }

    private mutating func record(replacing path: JSONPointer, with value: JSON) {
        record(.replace(path: path, value: value), path, value)
    }

    private mutating func record(_ operation: JSONPatchOperation, _ path: JSONPointer, _ value: JSON) {
        // Room for a few at the first: mutations that change anything usually record two to four
        // operations, and growing one at a time reallocated (and copied) the array for each.
        if operations.isEmpty {
            operations.reserveCapacity(4)
            writes.reserveCapacity(4)
        }
        operations.append(operation)
        writes.append((path, value))
    }
}
