import JSON

extension JSONPatchBuilder {
    /// Adds each entry whose key the map at `path` lacks; keys already there keep their value, whatever
    /// it is (the validator reports conflicts, so tampering stays visible instead of being undone). With
    /// no map there yet, the entries are written as one map in one operation (see `addMissingMembers`).
    mutating func addMissing(_ entries: some Collection<KeyValue>, toMapAt path: JSONPointer) {
        addMissingMembers(entries.map { (key: $0.key, value: JSON.string($0.value)) }, toObjectAt: path)
    }
}
