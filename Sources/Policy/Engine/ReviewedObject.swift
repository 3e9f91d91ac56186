import JSON

/// The object of a CREATE or UPDATE as object rules see it: the JSON, and for Pods and workloads what
/// the pod rules read, found once per object instead of once per rule. The engine builds one for the
/// new object and, when it compares, one for the old.
///
/// Replay validates the object the mutating pass patched. That one is read from the request's object
/// with what the mutations wrote laid over what the rules read (see `init(_:resource:patchedWith:)`):
/// rules read the labels through `label(_:)` and the pod spec through `pod`, never from `json`, the
/// fields the mutations write.
///
/// A class, though immutable: every rule is handed it, and a struct of its fields was copied and torn down
/// field by field.
public final class ReviewedObject: Sendable {
    /// The object; for one read with a patch laid over it, the object before the patch, whose fields
    /// other than the labels and the pod spec's are the patched object's.
    public let json: JSON
    /// Where the kind keeps its pod spec; nil for kinds that have none.
    let shape: WorkloadShape?
    /// The pod spec's fields and containers; nil when the kind has no pod spec or the object lacks it.
    let pod: PodFacts?
    /// The label the `tenant-label` mutation added, where the object had none.
    let addedLabel: KeyValue?
    /// For an object in the reader's tape (the request's): the document, and its `metadata.labels`
    /// (nil when absent), found while the pod spec is looked for (see `label(_:)`). Nil otherwise.
    private let tape: (document: JSONTapeDocument, labels: JSONTapeNode?)?

    /// `object` as the object rules see it once the mutations' patch, whose `effects` these are, is
    /// applied, for effects `canLay(_:resource:)` allows.
    ///
    /// What the rules read by key is laid over the request's object: the tenant label, the pod spec's
    /// priority class and node selector, and each container's requests and limits, which the patch
    /// only ever adds where the object has none.
    init(_ object: JSON, resource: GroupResource, patchedWith effects: borrowing PatchEffects) {
        self.json = object
        let shape = WorkloadShape.of(resource)
        self.shape = shape
        if let (document, root) = object.tapeNode {
            // The request's object: its top level walked once for the two members read below it (a
            // lookup each scanned the same keys, and the labels were looked up on every read).
            var metadata, spec: JSONTapeNode?
            document.forEachMember(of: root) { key, value in
                if metadata == nil, JSONView.key(key, is: "metadata") {
                    metadata = value
                } else if spec == nil, JSONView.key(key, is: "spec") {
                    spec = value
                }
            }
            tape = (document, metadata.flatMap { document.member("labels", of: $0) })
            pod = shape.flatMap { shape in spec.flatMap { PodFacts(document, topSpec: $0, shape: shape, patchedWith: effects) } }
        } else {
            tape = nil
            pod = shape.flatMap { PodFacts(object: object, shape: $0, patchedWith: effects) }
        }
        // Asked in place first, as `PodFacts` asks for the node selector: binding an absent label copied it
        // through the runtime's generic witness.
        addedLabel = effects.label != nil ? effects.label : nil
    }

    public convenience init(_ json: JSON, resource: GroupResource) {
        self.init(json, resource: resource, patchedWith: .none)
    }

    /// Whether the object that `effects` describe the patching of can be read as that object with them
    /// laid over it (`init(_:resource:patchedWith:)`); if not, the caller builds the patched object.
    ///
    /// Not when a mutation wrote what the effects do not describe, nor for a Namespace (the actor rules
    /// read its labels from the request). The effects name only pod specs and containers that the
    /// mutations found in that object, where its facts find them.
    static func canLay(_ effects: borrowing PatchEffects, resource: GroupResource) -> Bool {
        !effects.undescribed && resource != .namespaces
    }

    /// The label `key`; nil when absent (or the labels are not a map). Found in the tape, node by node,
    /// for the request's object (three lookups through views made and dropped a view at each level),
    /// among the labels found when the object was read.
    func label(_ key: String) -> JSONView? {
        if tape != nil {
            // Read through the optional rather than bound from it: binding it retained the document.
            if let labels = tape?.labels, let label = tape?.document.member(key, of: labels) {
                return tape?.document.view(label)
            }
        } else if let label = JSONView(json)["metadata"]?["labels"]?[key] {
            return label
        }
        guard let addedLabel, addedLabel.key.sameBytes(as: key) else { return nil }
        return JSONView(.string(addedLabel.value))
    }
}
