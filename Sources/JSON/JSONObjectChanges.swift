/// An object that is still in the reader's tape except for a few members changed or added: the form
/// a patch leaves each object on its path in.
///
/// A patch changes one or two members per level (a label, a container's `resources`, the node
/// selector). Materializing the level instead (one `Member` per member, each a reference to the tape)
/// cost a retain per member to build and a release per member to tear down, and made every later
/// read of the object walk an array of members where the tape's own scan would do. Here the untouched
/// members stay where the reader put them: reads check the few changes and then the tape.
///
/// A class, shared between copies of the object until one of them changes (copy on write, see
/// `JSONObject.takeChanges`), so that `JSONObject`, and with it every `JSON` value, stays two words:
/// a third would make every copy of every value dearer.
final class JSONObjectChanges: @unchecked Sendable {
    let tape: JSONTape
    /// The object node in `tape`.
    let node: Int
    /// In the order they were made; a key appears at most once. Only written while uniquely
    /// referenced (see `JSONObject.takeChanges`), which is why the class may be sent.
    @exclusivity(unchecked) private(set) var changes: [Change]

    struct Change: Sendable {
        var key: String
        var value: JSON
        /// The position among the tape's members of the member this one replaces; nil for a member the
        /// tape does not have, which comes after the tape's members, in the order added.
        var replacing: Int?
    }

    init(tape: JSONTape, node: Int, changes: [Change] = []) {
        self.tape = tape
        self.node = node
        self.changes = changes
        // Room for the change about to be made and one more, allocated once: growing from empty took
        // the array's general growth path for the first append.
        if changes.isEmpty { self.changes.reserveCapacity(2) }
    }

    /// A copy to change, for an object whose changes another copy shares.
    func copy() -> JSONObjectChanges { JSONObjectChanges(tape: tape, node: node, changes: changes) }

    /// The index in `changes` of `key`'s change, comparing bytes as every key lookup does.
    func changeIndex(_ key: String) -> Int? {
        key.withUTF8Bytes { wanted in
            for i in changes.indices where changes[i].key.hasUTF8Bytes(wanted) { return i }
            return nil
        }
    }

    var count: Int {
        var added = 0
        for i in changes.indices where changes[i].replacing == nil { added += 1 }
        return tape.childCount(node) + added
    }

    /// The value of member `key`: changed, or still in the tape (`.tape`), or missing.
    func lookUp(_ key: String) -> JSONObject.MemberLookup {
        if let i = changeIndex(key) { return .value(changes[i].value) }
        guard let valueNode = tape.memberValue(key, inObject: node) else { return .missing }
        return .tape(tape, node: valueNode)
    }

    /// The member's position in document order (see `members`).
    func position(of key: String) -> Int? {
        if let i = changeIndex(key) {
            if let replaced = changes[i].replacing { return replaced }
            var added = 0
            for j in 0..<i where changes[j].replacing == nil { added += 1 }
            return tape.childCount(node) + added
        }
        return tape.memberPosition(key, inObject: node)
    }

    /// The members in order: the tape's, each replaced one in its place, then the added ones.
    var members: [JSONObject.Member] {
        var members = tape.members(ofObject: node)
        for change in changes {
            let member = JSONObject.Member(key: change.key, value: change.value)
            if let replaced = change.replacing { members[replaced] = member } else { members.append(member) }
        }
        return members
    }

    /// Sets member `key` to `value`, replacing it in place or adding it after the others.
    func set(_ key: String, to value: JSON) {
        if let i = changeIndex(key) {
            changes[i].value = value
        } else {
            changes.append(Change(key: key, value: value, replacing: tape.memberPosition(key, inObject: node)))
        }
    }

    /// Runs `body` on member `key`'s value in place, taking it out of the tape first if it is still
    /// there; nil, without calling `body`, when there is no such member.
    func modifyMember<Result, Failure: Error>(
        _ key: String, _ body: (inout JSON) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        let i: Int
        if let existing = changeIndex(key) {
            i = existing
        } else {
            guard let found = tape.member(key, inObject: node) else { return nil }
            changes.append(Change(key: key, value: tape.value(at: found.valueNode), replacing: found.position))
            i = changes.count - 1
        }
        return try body(&changes[i].value)
    }

    /// `JSONView.forEachMember` for this object: the members in order (see `members`), read where they
    /// lie, the changed ones from `changes` and the others from the tape.
    func forEachMember(_ body: (UnsafeBufferPointer<UInt8>, () -> JSONView) -> Void) {
        var key = node + 1
        for position in 0..<tape.childCount(node) {
            if let i = changes.firstIndex(where: { $0.replacing == position }) {
                let value = changes[i].value
                changes[i].key.withUTF8Bytes { body($0, { JSONView(value) }) }
            } else {
                let keyNode = key
                tape.withKeyBytes(keyNode) { body($0, { JSONView(tape: self.tape, node: keyNode + 1) }) }
            }
            key = Int(tape.nodes[key + 1].end)
        }
        for i in changes.indices where changes[i].replacing == nil {
            let value = changes[i].value
            changes[i].key.withUTF8Bytes { body($0, { JSONView(value) }) }
        }
    }
}
