import JSON

/// What an object holds where a mutation wants a string map (labels, annotations, a node selector,
/// a container's requests or limits).
enum MapSlot {
    /// Missing, or `null` (which Kubernetes decodes as missing): the whole map can be written at once.
    case absent
    case map(JSONObject)
    /// Something else. The object is invalid and the API server will reject it; a mutation leaves it
    /// alone rather than replace the user's value.
    case notAMap

    init(_ value: JSON?) {
        switch value {
        case nil, .null?: self = .absent
        case .object(let object)?: self = .map(object)
        default: self = .notAMap
        }
    }
}

extension JSONPatchBuilder {
    /// Adds each entry whose key the map at `path` lacks; keys already there keep their value, whatever
    /// it is (the validator reports conflicts, so tampering stays visible instead of being undone).
    ///
    /// When there is no map yet, the entries are written as one map in one operation rather than one
    /// `add` per key: the patch stays minimal and reads like what it does.
    mutating func addMissing(_ entries: some Collection<KeyValue>, toMapAt path: JSONPointer) {
        guard !entries.isEmpty else { return }
        switch MapSlot(document.value(at: path)) {
        case .absent:
            var members: [JSONObject.Member] = []
            members.reserveCapacity(entries.count)
            var map = JSONObject(members)
            for entry in entries where map[entry.key] == nil {
                map[entry.key] = .string(entry.value)
            }
            set(.object(map), at: path)
        case .map(let existing):
            for entry in entries where existing[entry.key] == nil {
                // setIfAbsent, not set: should a key be listed twice, the first value wins, as above.
                setIfAbsent(.string(entry.value), at: path.appending(entry.key))
            }
        case .notAMap:
            return
        }
    }
}
