import JSON

/// A string map of the object (a pod's node selector) read by key, with entries a mutation merged
/// under the keys it has: what the map is once the patch is applied, without building it.
struct OverlaidMap: Sendable {
    /// The map as the object holds it (or whatever holds its place); nil when absent.
    let base: JSONView?
    /// Entries added where `base` lacks their key (all of them when it is absent or `null`); empty
    /// when nothing was added.
    let added: [KeyValue]

    init(_ base: JSONView?, added: [KeyValue] = []) {
        self.base = base
        self.added = added
    }

    /// The member `key`; nil when absent (or the map is not an object).
    subscript(key: String) -> JSONView? {
        if let member = base?[key] { return member }
        // An added entry is a string the mutation wrote; the first of a repeated key, as in its patch.
        guard let entry = added.first(where: { $0.key.sameBytes(as: key) }) else { return nil }
        return JSONView(.string(entry.value))
    }
}
