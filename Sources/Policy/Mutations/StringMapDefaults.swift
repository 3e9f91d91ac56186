import JSON

/// What an object holds where a mutation wants a string map (a container's `resources`, its requests
/// or limits).
enum MapSlot {
    /// Missing, or `null` (which Kubernetes decodes as missing): the whole map can be written at once.
    case absent
    case map(JSONView)
    /// Something else. The object is invalid and the API server will reject it; a mutation leaves it
    /// alone rather than replace the user's value.
    case notAMap

    init(_ value: JSONView?) {
        guard let value, !value.isNull else {
            self = .absent
            return
        }
        self = value.kind == .object ? .map(value) : .notAMap
    }
}

extension JSONPatchBuilder {
    /// Adds each entry whose key the map at `path` lacks; keys already there keep their value, whatever
    /// it is (the validator reports conflicts, so tampering stays visible instead of being undone). With
    /// no map there yet, the entries are written as one map in one operation (see `addMissingMembers`).
    mutating func addMissing(_ entries: some Collection<KeyValue>, toMapAt path: JSONPointer) {
        addMissingMembers(entries.map { (key: $0.key, value: JSON.string($0.value)) }, toObjectAt: path)
    }
}
