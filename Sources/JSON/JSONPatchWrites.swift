/// Applying a patch of plain writes (`add` of object members, `replace` of anything that exists), the
/// kind `JSONPatchBuilder` records, with each object and array on the paths taken out and put back
/// once for all the writes below it.
///
/// `apply(to:)` walks from the root once per operation, through general code that can report every
/// kind of failure. For the engine's patches, which replay applies to validate the patched object as
/// the API server would, that walk cost several times the writes themselves.
extension JSONPatch {
    /// The document with every operation applied, as `apply(to:)` would give it; nil where this leaves
    /// the patch to `apply(to:)`: an operation that is not a plain write or does not apply (`apply(to:)`
    /// then says why), a write below a member followed by a write of the member, more than 64 writes.
    public func applyingWrites(to document: JSON) -> JSON? {
        guard operations.count <= 64 else { return nil }
        for operation in operations {
            switch operation {
            case .add, .replace: continue
            case .remove, .move, .copy, .test: return nil
            }
        }
        var result = document
        let all = operations.isEmpty ? 0 : UInt64.max >> (64 - operations.count)
        // Not a conditional expression: `nil` there would be `JSON.null`, through JSON's nil literal.
        guard applyWrites(all, depth: 0, to: &result) else { return nil }
        return result
    }

    private func write(_ index: Int) -> (path: JSONPointer, value: JSON, adds: Bool) {
        switch operations[index] {
        case .add(let path, let value): return (path, value, true)
        case .replace(let path, let value): return (path, value, false)
        case .remove(let path), .move(_, let path), .copy(_, let path), .test(let path, _): return (path, .null, false)
        }
    }

    private func pathCount(_ index: Int) -> Int {
        switch operations[index] {
        case .add(let path, _), .replace(let path, _), .remove(let path), .move(_, let path), .copy(_, let path),
            .test(let path, _):
            return path.tokens.count
        }
    }

    private func token(_ index: Int, at depth: Int) -> String {
        switch operations[index] {
        case .add(let path, _), .replace(let path, _), .remove(let path), .move(_, let path), .copy(_, let path),
            .test(let path, _):
            return path.tokens[depth]
        }
    }

    /// Applies the operations in `writes` (a bit per operation index), in order, to `target`, which
    /// sits at `depth` of their paths; false when one does not apply. Writes are grouped by their token
    /// at `depth`: writes under different members touch different values, so only the order within one
    /// member's writes matters.
    private func applyWrites(_ writes: UInt64, depth: Int, to target: inout JSON) -> Bool {
        var writes = writes
        // A write of this value itself overwrites everything written into it before.
        var remaining = writes
        while remaining != 0 {
            let i = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            if pathCount(i) == depth {
                target = write(i).value
                writes &= ~(UInt64.max >> (63 - i))  // drop it and every write before it
            }
        }
        var pending = writes
        while pending != 0 {
            let first = pending.trailingZeroBitCount
            let name = token(first, at: depth)
            // This member's writes, in order: one of the member itself starts it over (and, once
            // added, the member exists for a later `replace`); the others go below it.
            var group: UInt64 = 0
            var scan = pending
            while scan != 0 {
                let i = scan.trailingZeroBitCount
                scan &= scan - 1
                if i == first || token(i, at: depth).sameBytes(as: name) { group |= 1 << UInt64(i) }
            }
            pending &= ~group
            var written: JSON?
            var adds = false
            var below: UInt64 = 0
            scan = group
            while scan != 0 {
                let i = scan.trailingZeroBitCount
                scan &= scan - 1
                if pathCount(i) == depth + 1 {
                    // Writes below a member before a write of the member itself are left to the general
                    // `apply(to:)`: they must still apply to what was there first, or fail the patch.
                    guard below == 0 else { return false }
                    let direct = write(i)
                    written = direct.value
                    adds = adds || direct.adds
                    below = 0
                } else {
                    below |= 1 << UInt64(i)
                }
            }
            guard set(name, in: &target, written: written, adds: adds, below: below, depth: depth + 1) else { return false }
        }
        return true
    }

    /// Member or element `token` of `target` with `written` put there (if any) and the writes in `below`
    /// applied under it.
    private func set(_ token: String, in target: inout JSON, written: JSON?, adds: Bool, below: UInt64, depth: Int) -> Bool {
        switch target {
        case .object(var object):
            target = .null  // so `object` is uniquely referenced while it changes
            defer { target = .object(object) }
            guard var child = written else {
                // Only writes below: change the member where it is.
                return (try? object.modifyMember(token, orThrow: { WriteFailure() }) { (member: inout JSON) throws(WriteFailure) -> Void in
                    guard applyWrites(below, depth: depth, to: &member) else { throw WriteFailure() }
                }) != nil
            }
            // `replace` needs the member to exist; `add` sets it either way.
            guard adds || object.index(forKey: token) != nil else { return false }
            guard below == 0 || applyWrites(below, depth: depth, to: &child) else { return false }
            object[token] = child
            return true
        case .array(var elements):
            // Only `replace` addresses an element here: an `add` into an array inserts, which the
            // general `apply(to:)` handles.
            guard !adds, let index = JSONPointer.arrayIndex(token), index < elements.count else { return false }
            target = .null
            defer { target = .array(elements) }
            if let written { elements[index] = written }
            return below == 0 || applyWrites(below, depth: depth, to: &elements[index])
        case .null, .bool, .number, .string:
            return false
        }
    }
}

/// A write that does not apply, on its way out of `JSONObject.modifyMember`.
private struct WriteFailure: Error {}
