import JSON

/// The object of a CREATE or UPDATE as object rules see it: the JSON, and for Pods and workloads what
/// the pod rules read, found once per object instead of once per rule. The engine builds one for the
/// new object and, when it compares, one for the old.
///
/// Replay validates the object the mutating pass patched. That one is read from the request's object
/// with what the mutations wrote laid over what the rules read (see `init(_:resource:patchedWith:)`):
/// rules read the labels through `label(_:)` and the pod spec through `pod`, never from `json`, the
/// fields the mutations write.
public struct ReviewedObject: Sendable {
    /// The object; for one read with a patch laid over it, the object before the patch, whose fields
    /// other than the labels and the pod spec's are the patched object's.
    public let json: JSON
    /// Where the kind keeps its pod spec; nil for kinds that have none.
    let shape: WorkloadShape?
    /// The pod spec's fields and containers; nil when the kind has no pod spec or the object lacks it.
    let pod: PodFacts?
    /// The label the `tenant-label` mutation added, where the object had none.
    let addedLabel: KeyValue?

    public init(_ json: JSON, resource: GroupResource) {
        self.init(json, resource: resource, patchedWith: .none)
    }

    /// The label `key`; nil when absent (or the labels are not a map).
    func label(_ key: String) -> JSONView? {
        if let label = JSONView(json)["metadata"]?["labels"]?[key] { return label }
        guard let addedLabel, addedLabel.key.sameBytes(as: key) else { return nil }
        return JSONView(.string(addedLabel.value))
    }
}
