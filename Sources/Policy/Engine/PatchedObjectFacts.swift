import JSON

/// Reading the object the engine's patch makes without building it (see `PatchEffects`).
extension ReviewedObject {
    /// Whether the object `effects` describe the patching of can be read as `object` with them laid
    /// over it (`init(_:resource:patchedWith:)`); if not, the caller builds the patched object.
    ///
    /// Not when a mutation wrote what the effects do not describe, nor for a Namespace (the actor rules
    /// read its labels from the request), nor, should it happen, when they write a pod spec `object`
    /// lacks or fill a container it does not have.
    static func canLay(_ effects: borrowing PatchEffects, over object: JSON, resource: GroupResource) -> Bool {
        guard !effects.undescribed, resource != .namespaces else { return false }
        guard effects.writesPodSpec else { return true }
        guard let shape = WorkloadShape.of(resource), let spec = PodFacts.spec(of: object, shape: shape), spec.kind == .object else { return false }
        return effects.containers.allSatisfy { defaults in
            spec[defaults.list.rawValue]?.element(at: defaults.index)?.kind == .object
        }
    }

    /// `object` as the object rules see it once the mutations' patch, whose `effects` these are, is
    /// applied, for effects `canLay(_:over:resource:)` allows.
    ///
    /// What the rules read by key is laid over the request's object: the tenant label, the pod spec's
    /// priority class and node selector, and each container's requests and limits, which the patch
    /// only ever adds where the object has none.
    init(_ object: JSON, resource: GroupResource, patchedWith effects: borrowing PatchEffects) {
        self.json = object
        shape = WorkloadShape.of(resource)
        pod = shape.flatMap { PodFacts(object: object, shape: $0, patchedWith: effects) }
        addedLabel = effects.label
    }
}
