import JSON

/// Reading the object the engine's patch makes without building it (see `PatchEffects`).
extension ReviewedObject {
    /// `object` as the object rules see it once the mutations' patch, whose `effects` these are, is
    /// applied; nil when a mutation wrote what the effects do not describe, for the caller to build the
    /// patched object.
    ///
    /// What the rules read by key is laid over the request's object: the tenant label, the pod spec's
    /// priority class and node selector, and each container's requests and limits, which the patch
    /// only ever adds where the object has none.
    init?(_ object: JSON, resource: GroupResource, patchedWith effects: PatchEffects) {
        // Namespaces: the actor rules read their labels from the request.
        guard !effects.undescribed, resource != .namespaces else { return nil }
        let shape = WorkloadShape.of(resource)
        var pod = shape.flatMap { PodFacts(object: object, shape: $0) }
        let writesPodSpec = effects.priorityClassName != nil || effects.nodeSelector != nil || !effects.containers.isEmpty
        if writesPodSpec {
            // The mutations write a pod spec only where there is one.
            guard let facts = pod, let patched = PodFacts(facts, patchedWith: effects) else { return nil }
            pod = patched
        }
        self.init(object, shape: shape, pod: pod, addedLabel: effects.label)
    }
}

extension PodFacts {
    /// `facts` with the priority class, node selector and container resources the mutations wrote; nil
    /// should the facts lack a container the mutations filled.
    fileprivate convenience init?(_ facts: PodFacts, patchedWith effects: PatchEffects) {
        var className = facts.priorityClassName
        if let name = effects.priorityClassName { className = JSONView(.string(name)).stringValue }
        var selector = facts.nodeSelector
        if let added = effects.nodeSelector { selector = OverlaidMap(facts.nodeSelector?.base, added: added) }
        var containers = facts.containers
        for defaults in effects.containers {
            // The mutation filled a container it found where the facts find it: same list, same index.
            guard let slot = containers.firstIndex(where: { $0.list == defaults.list && $0.index == defaults.index }) else { return nil }
            containers[slot] = PodContainer(containers[slot], filledWith: defaults)
        }
        self.init(facts, priorityClassName: className, nodeSelector: selector, containers: containers)
    }
}
