import JSON

extension JSONPatchBuilder {
    /// Adds each entry whose key the map at `path` lacks; keys already there keep their value, whatever
    /// it is (the validator reports conflicts, so tampering stays visible instead of being undone). With
    /// no map there yet, the entries are written as one map in one operation (see `addMissingMembers`).
    /// The entries are handed over by position: no array of members is built for them.
    /// `place` is what the request's object holds at `path`, when the caller read it (see
    /// `JSONPatchBuilder.OriginalPlace`).
    mutating func addMissing(_ entries: [KeyValue], toMapAt path: JSONPointer, inOriginal place: OriginalPlace? = nil) {
        addMissingStrings(count: entries.count, key: { entries[$0].key }, value: { entries[$0].value }, toObjectAt: path, inOriginal: place)
    }

    /// The same for one entry.
    mutating func addMissing(_ entry: KeyValue, toMapAt path: JSONPointer) {
        addMissingStrings(count: 1, key: { _ in entry.key }, value: { _ in entry.value }, toObjectAt: path)
    }
}
