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
        // Once: a recorded patch builds its operations on each read.
        let operations = self.operations
        guard operations.count <= 64 else { return nil }
        var writes: [PlainWrites.Write] = []
        writes.reserveCapacity(operations.count)
        for operation in operations {
            switch operation {
            case .add(let path, let value): writes.append(.init(tokens: path.tokens, value: value, adds: true))
            case .replace(let path, let value): writes.append(.init(tokens: path.tokens, value: value, adds: false))
            case .remove, .move, .copy, .test: return nil
            }
        }
        var result = document
        let all = writes.isEmpty ? 0 : UInt64.max >> (64 - writes.count)
        // Not a conditional expression: `nil` there would be `JSON.null`, through JSON's nil literal.
        guard PlainWrites(writes: writes).apply(all, depth: 0, to: &result) else { return nil }
        return result
    }

    /// `document` with this patch applied, for a patch known to apply to it (one `JSONPatchBuilder`
    /// recorded for it): `applyingWrites` where it can, the general `apply(to:)` for the shapes it
    /// leaves, and `document` itself should the patch not apply after all.
    public func applyingRecorded(to document: JSON) -> JSON {
        applyingWrites(to: document) ?? (try? apply(to: document)) ?? document
    }
}

/// The operations of a patch of plain writes, taken apart once, and their application.
private struct PlainWrites {
    struct Write {
        var tokens: [String]
        var value: JSON
        /// `add`, which may create an object member; `replace` needs the target to exist.
        var adds: Bool
    }

    let writes: [Write]

    /// Applies the writes in `mask` (a bit per index in `writes`), in order, to `target`, which sits at
    /// `depth` of their paths; false when one does not apply. Writes are grouped by their token at
    /// `depth`: writes under different members touch different values, so only the order within one
    /// member's writes matters.
    func apply(_ mask: UInt64, depth: Int, to target: inout JSON) -> Bool {
        var mask = mask
        // A write of this value itself overwrites everything written into it before.
        var remaining = mask
        while remaining != 0 {
            let i = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            if writes[i].tokens.count == depth {
                target = writes[i].value
                mask &= ~(UInt64.max >> (63 - i))  // drop it and every write before it
            }
        }
        var pending = mask
        while pending != 0 {
            let first = pending.trailingZeroBitCount
            let name = writes[first].tokens[depth]
            // This member's writes, in order: one of the member itself starts it over (and, once
            // added, the member exists for a later `replace`); the others go below it.
            var group: UInt64 = 0
            var scan = pending
            while scan != 0 {
                let i = scan.trailingZeroBitCount
                scan &= scan - 1
                if i == first || writes[i].tokens[depth].sameBytes(as: name) { group |= 1 << UInt64(i) }
            }
            pending &= ~group
            var written: JSON?
            var adds = false
            var below: UInt64 = 0
            scan = group
            while scan != 0 {
                let i = scan.trailingZeroBitCount
                scan &= scan - 1
                if writes[i].tokens.count == depth + 1 {
                    // Writes below a member before a write of the member itself are left to the general
                    // `apply(to:)`: they must still apply to what was there first, or fail the patch.
                    guard below == 0 else { return false }
                    written = writes[i].value
                    adds = adds || writes[i].adds
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
                    guard apply(below, depth: depth, to: &member) else { throw WriteFailure() }
                }) != nil
            }
            // `replace` needs the member to exist; `add` sets it either way.
            guard adds || object.index(forKey: token) != nil else { return false }
            guard below == 0 || apply(below, depth: depth, to: &child) else { return false }
            object[token] = child
            return true
        case .array(var elements):
            // Only `replace` addresses an element here: an `add` into an array inserts, which the
            // general `apply(to:)` handles.
            guard !adds, let index = JSONPointer.arrayIndex(token), index < elements.count else { return false }
            target = .null
            defer { target = .array(elements) }
            if let written { elements[index] = written }
            return below == 0 || apply(below, depth: depth, to: &elements[index])
        case .null, .bool, .number, .string:
            return false
        }
    }
}

/// A write that does not apply, on its way out of `JSONObject.modifyMember`.
private struct WriteFailure: Error {}
