/// Builds the patch a mutating webhook returns while keeping a working copy of the object current,
/// so later mutations see the effect of earlier ones.
///
/// Every method is idempotent: it records an operation only when the document actually changes,
/// so running the same mutations over `document` again records nothing. That matters because the
/// API server may call a webhook again with its own output (reinvocationPolicy: IfNeeded), and an
/// empty patch is how a webhook says "nothing to do".
public struct JSONPatchBuilder: Sendable {
    /// The document with every recorded operation applied.
    public private(set) var document: JSON
    /// The operations recorded so far, in the order they must be applied.
    public private(set) var operations: [JSONPatchOperation]

    public init(document: JSON) {
        self.document = document
        self.operations = []
    }

    /// The recorded operations as a patch; applying it to the original document gives `document`.
    public var patch: JSONPatch { JSONPatch(operations) }

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
        switch locate(path) {
        case .unreachable:
            return false
        case .exists(let current):
            return current == value || record(.replace(path: path, value: value))
        case .missing(let depth):
            return record(.add(path: Self.prefix(of: path, through: depth), value: Self.nest(value, path, below: depth)))
        }
    }

    /// Like `set`, but never changes an existing member: records nothing when something is already
    /// at `path`, whatever its value. For defaults that a user's own setting must win over.
    ///
    /// - Returns: false, recording nothing, when the path cannot hold a value (see `set`).
    @discardableResult
    public mutating func setIfAbsent(_ value: JSON, at path: JSONPointer) -> Bool {
        switch locate(path) {
        case .unreachable:
            return false
        case .exists:
            return true
        case .missing(let depth):
            return record(.add(path: Self.prefix(of: path, through: depth), value: Self.nest(value, path, below: depth)))
        }
    }

    // MARK: - Helpers

    private enum Location {
        /// Something is at the path already.
        case exists(JSON)
        /// `path.tokens[depth]` is missing from an object that exists at the tokens before it.
        case missing(depth: Int)
        /// The path runs into a non-object, or names an array element that does not exist.
        case unreachable
    }

    private func locate(_ path: JSONPointer) -> Location {
        var current = document
        for (depth, token) in path.tokens.enumerated() {
            switch current {
            case .object(let object):
                switch object.lookUp(token) {
                case .missing:
                    return .missing(depth: depth)
                case .value(let member):
                    current = member
                case .tape(let tape, let node):
                    // Below here nothing has been changed yet: walk the parsed document's tape, building
                    // only the value found at the end, if any.
                    switch tape.walk(from: node, through: path.tokens[(depth + 1)...]) {
                    case .found(let end): return .exists(tape.value(at: end))
                    case .missingMember(let offset): return .missing(depth: depth + 1 + offset)
                    case .unreachable: return .unreachable
                    }
                }
            case .array(let elements):
                guard let index = JSONPointer.arrayIndex(token), index < elements.count else { return .unreachable }
                current = elements[index]
            case .null, .bool, .number, .string:
                return .unreachable
            }
        }
        return .exists(current)
    }

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

    /// Applies `operation` to the working copy and records it; records nothing if it does not apply,
    /// so `operations` and `document` can never disagree.
    private mutating func record(_ operation: JSONPatchOperation) -> Bool {
        do {
            try operation.apply(to: &document)
        } catch {
            return false
        }
        // Room for a few at the first: mutations that change anything usually record two to four
        // operations, and growing one at a time reallocated (and copied) the array for each.
        if operations.isEmpty { operations.reserveCapacity(4) }
        operations.append(operation)
        return true
    }
}
