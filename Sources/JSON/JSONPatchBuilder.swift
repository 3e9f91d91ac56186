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
/// Nor are the operations kept as values: each is written as its wire text when it is recorded (see
/// `RecordedPatch`), beside its path, which reads compare. The values the engine writes (a map of
/// defaults, a container's resources) were objects of members built to be written once and torn
/// down, a dozen allocations a patch; now they are written straight from what describes them, and
/// built as values only when someone asks for the operations (`operations`, `document`, a read inside
/// one of them).
///
/// Every method is idempotent: it records an operation only when the document actually changes,
/// so running the same mutations over `document` again records nothing. That matters because the
/// API server may call a webhook again with its own output (reinvocationPolicy: IfNeeded), and an
/// empty patch is how a webhook says "nothing to do".
public struct JSONPatchBuilder: Sendable {
    /// The document the patch applies to, as it was given.
    public let original: JSON
    /// The operations' wire text and the path each writes (see `RecordedPatch`).
    private var recorded = RecordedPatch()

    public init(document: JSON) {
        self.original = document
    }

    /// What `original` holds at a path, as a caller that read it there found it: given to a write, it
    /// spares the builder walking the path again from the root, as long as no recorded operation
    /// writes at, above or below the path (the builder checks, and walks when one does).
    public enum OriginalPlace: Sendable {
        /// This value is at the path.
        case value(JSONView)
        /// The path's last token names a member that the object at the tokens before it lacks.
        case missingMember
    }

    /// The operations recorded so far, in the order they must be applied: only `add` and `replace`,
    /// each of a path found reachable in the document as patched before it, so each applies. Built on
    /// each call; `operationCount` counts them without building them.
    public var operations: [JSONPatchOperation] { recorded.operations }

    /// How many operations are recorded.
    public var operationCount: Int { recorded.writes.count }

    /// The recorded operations as a patch (which keeps their wire text); applying it to `original`
    /// gives `document`.
    public var patch: JSONPatch { recorded.writes.isEmpty ? JSONPatch() : JSONPatch(recorded: recorded) }

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
            recorded.record(adds: false, at: path, value: value) { JSONWriter.write(value, into: &$0) }
        case .missing(let depth):
            record(adding: value, at: path, below: depth)
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
            record(adding: value, at: path, below: depth)
            return true
        }
    }

    /// Writes a value at `path` where there is none, or `null` (which Kubernetes decodes as none):
    /// `add` (creating missing parents, as `set` does) or `replace` of the `null`; nothing where
    /// something else is. The value is the one `write` writes, which must be exactly one JSON value
    /// with no member name repeated in an object: for values (a container's default resources) that
    /// are cheaper to write than to build, and that are built only if the operations are asked for.
    ///
    /// - Returns: false, recording nothing, when the path cannot hold a value (see `set`).
    @discardableResult
    public mutating func setWhereAbsentOrNull(
        at path: JSONPointer, inOriginal place: OriginalPlace? = nil, writing write: (inout JSONOutput) -> Void
    ) -> Bool {
        // Writes strictly below `path` would mean an object is there: not absent, and not null.
        switch locate(path, seeingWritesBelow: false, inOriginal: place) {
        case .unreachable:
            return false
        case .exists(let current):
            if current.isNull { recorded.record(adds: false, at: path, value: nil, write) }
        case .missing(let depth):
            recorded.record(adds: true, at: Self.prefix(of: path, through: depth), value: nil) { out in
                Self.writeNested(path, below: depth, into: &out, write)
            }
        }
        return true
    }

    /// Adds each member whose key the object at `path` lacks; keys already there keep their value,
    /// whatever it is, and of a key listed twice the first value wins.
    ///
    /// When there is no object at `path` yet (nothing, or `null`, which Kubernetes decodes as nothing),
    /// the members are written as one object in one operation rather than one `add` per key: the patch
    /// stays minimal and reads like what it does. Something else at `path` (a string where a map should
    /// be) is left alone: the object is invalid and the API server will say so.
    public mutating func addMissingMembers(_ members: [(key: String, value: JSON)], toObjectAt path: JSONPointer) {
        addMissingMembers(count: members.count, key: { members[$0].key }, value: { members[$0].value }, toObjectAt: path)
    }

    /// `addMissingMembers` for a map of strings given by position, `key(i)` and `value(i)` for `i` in
    /// `0..<count`: no array of members is built to hand them over, nor an object to write them.
    public mutating func addMissingStrings(
        count: Int, key: (Int) -> String, value: (Int) -> String, toObjectAt path: JSONPointer, inOriginal place: OriginalPlace? = nil
    ) {
        addMissingMembers(count: count, key: key, value: { .string(value($0)) }, toObjectAt: path, inOriginal: place)
    }

    private mutating func addMissingMembers(
        count: Int, key: (Int) -> String, value: (Int) -> JSON, toObjectAt path: JSONPointer, inOriginal place: OriginalPlace? = nil
    ) {
        guard count > 0 else { return }
        // Writes below `path` only ever add members (or replace ones that exist), so the object as
        // found at or above `path`, plus the keys written directly below it, says which keys exist.
        switch locate(path, seeingWritesBelow: false, inOriginal: place) {
        case .unreachable:
            return
        case .missing(let depth):
            recorded.record(adds: true, at: Self.prefix(of: path, through: depth), value: nil) { out in
                Self.writeNested(path, below: depth, into: &out) { Self.writeObject(count: count, key: key, value: value, into: &$0) }
            }
        case .exists(let current) where current.isNull:
            recorded.record(adds: false, at: path, value: nil) { Self.writeObject(count: count, key: key, value: value, into: &$0) }
        case .exists(let current) where current.kind == .object:
            for i in 0..<count {
                let name = key(i)
                guard current[name] == nil, !hasWrite(toMember: name, of: path) else { continue }
                let member = value(i)
                recorded.record(adds: true, at: path, member: name, value: member) { JSONWriter.write(member, into: &$0) }
            }
        case .exists:
            return
        }
    }

    // MARK: - Reading the document as patched so far

    private typealias Write = RecordedPatch.Write

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
    private func locate(_ path: JSONPointer, seeingWritesBelow: Bool, inOriginal place: OriginalPlace? = nil) -> Location {
        if let place, !path.isRoot, recorded.lastWrite(where: { Write.isPrefix($0, $1, of: path) || Write.isProperDescendant($0, $1, of: path) }) == nil {
            // Nothing written at, above or below `path`: the original's answer, which the caller found.
            switch place {
            case .value(let view): return .exists(view)
            case .missingMember: return .missing(depth: path.tokens.count - 1)
            }
        }
        // The first read of every mutation that changes anything, and every read of one that does not.
        if recorded.writes.isEmpty { return Self.locate(path.tokens[...], in: JSONView(original), depth: 0) }
        if seeingWritesBelow, recorded.lastWrite(where: { Write.isProperDescendant($0, $1, of: path) }) != nil {
            // Something inside the value at `path` changed: only the document with every operation
            // applied can show it. Mutations read before they write below a path, so this is rare.
            return Self.locate(path.tokens[...], in: JSONView(document), depth: 0)
        }
        // The last write at or above `path` decides what is there, whatever came before it.
        if let index = recorded.lastWrite(where: { Write.isPrefix($0, $1, of: path) }) {
            let depth = recorded.writes[index].depth
            return Self.locate(path.tokens[depth...], in: JSONView(recorded.value(of: index)), depth: depth)
        }
        return Self.locate(path.tokens[...], in: JSONView(original), depth: 0)
    }

    /// Whether an operation writes member `key` of the object at `path` itself.
    private func hasWrite(toMember key: String, of path: JSONPointer) -> Bool {
        recorded.lastWrite(where: { Write.writes($0, $1, member: key, of: path) }) != nil
    }

    /// Follows `tokens` down from `view`, which sits at depth `depth` of the full path.
    private static func locate(_ tokens: ArraySlice<String>, in view: JSONView, depth start: Int) -> Location {
        if case .tape(let tape, let node) = view.place {
            // Node by node through the tape, under the same rules: no view made and dropped per step.
            switch tape.walk(from: node, through: tokens) {
            case .found(let end): return .exists(JSONView(tape: tape, node: end))
            case .missingMember(let depth): return .missing(depth: start + depth)
            case .unreachable: return .unreachable
            }
        }
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

    /// Records an `add` of `value` at `path`, whose token at `depth` is the first one missing.
    private mutating func record(adding value: JSON, at path: JSONPointer, below depth: Int) {
        // Only the value nested in the missing parents is built, and only when there are any.
        let written = depth == path.tokens.count - 1 ? value : Self.nest(value, path, below: depth)
        recorded.record(adds: true, at: Self.prefix(of: path, through: depth), value: written) { JSONWriter.write(written, into: &$0) }
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

    /// Writes what `nest` builds, with `inner` writing the value: `{"tenant":` … `}` per token after
    /// `depth`, as `JSONWriter` writes a single-member object.
    private static func writeNested(
        _ path: JSONPointer, below depth: Int, into out: inout JSONOutput, _ inner: (inout JSONOutput) -> Void
    ) {
        let tokens = path.tokens
        var level = depth + 1
        while level < tokens.count {
            out.append(UInt8(ascii: "{"))
            JSONWriter.writeString(tokens[level], into: &out)
            out.append(UInt8(ascii: ":"))
            level += 1
        }
        inner(&out)
        for _ in (depth + 1)..<max(tokens.count, depth + 1) { out.append(UInt8(ascii: "}")) }
    }

    /// Writes an object of the members `key(i)`, `value(i)` for `i` in `0..<count`, the first of a
    /// repeated key winning, as `JSONWriter` writes an object of them.
    private static func writeObject(count: Int, key: (Int) -> String, value: (Int) -> JSON, into out: inout JSONOutput) {
        out.append(UInt8(ascii: "{"))
        var wrote = false
        next: for i in 0..<count {
            let name = key(i)
            for earlier in 0..<i where key(earlier).sameBytes(as: name) { continue next }
            if wrote { out.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(name, into: &out)
            out.append(UInt8(ascii: ":"))
            JSONWriter.write(value(i), into: &out)
            wrote = true
        }
        out.append(UInt8(ascii: "}"))
    }
}
