import JSON

/// `PodFacts` and `PodContainer` read through `JSONView`s: for a pod spec built in memory or changed by a
/// patch. A level found still in the reader's tape is read there instead (`PodFactsTapeReading.swift`),
/// with the same answers.
extension PodFacts {
    /// `spec` is the pod spec; nil when it is not an object. `effects` are what the mutations wrote into
    /// it, for facts of the patched pod (see `ReviewedObject.canLay(_:resource:)`).
    ///
    /// One pass over the spec's keys (see `JSONView.forEachMember`); of duplicate keys the first counts,
    /// as in lookups.
    convenience init?(spec: JSONView, patchedWith effects: borrowing PatchEffects = .none) {
        guard spec.kind == .object else { return nil }
        var found = SpecMembers()
        spec.forEachMember { key, value in found.take(key, value) }
        let nodeSelector: OverlaidMap?
        if let added = effects.nodeSelector {
            nodeSelector = OverlaidMap(found.nodeSelector, added: added)
        } else {
            nodeSelector = found.nodeSelector.map { OverlaidMap($0) }
        }

        let lists = (found.containers, found.initContainers, found.ephemeralContainers)
        var containers: [PodContainer] = []
        containers.reserveCapacity((lists.0?.count ?? 0) + (lists.1?.count ?? 0) + (lists.2?.count ?? 0))
        // The containers the mutations filled, found where the mutation found them: same list, index.
        // (Appended in each closure, not through a local function: one capturing `containers` boxed it.)
        let filled = effects.containers
        lists.0?.forEachElement { index, item in
            containers.append(PodContainer(.containers, index, item, filledWith: filled.defaults(.containers, index)))
        }
        lists.1?.forEachElement { index, item in
            containers.append(PodContainer(.initContainers, index, item, filledWith: filled.defaults(.initContainers, index)))
        }
        lists.2?.forEachElement { index, item in
            containers.append(PodContainer(.ephemeralContainers, index, item, filledWith: filled.defaults(.ephemeralContainers, index)))
        }
        self.init(
            priorityClassName: effects.priorityClassName.map { JSONStringView($0) } ?? found.priorityClassName?.stringValue,
            nodeName: found.nodeName?.stringValue,
            nodeSelector: nodeSelector,
            hostNetwork: found.hostNetwork?.boolValue,
            hostPID: found.hostPID?.boolValue,
            hostIPC: found.hostIPC?.boolValue,
            hostProcess: found.securityContext?["windowsOptions"]?["hostProcess"]?.boolValue,
            volumes: found.volumes,
            overhead: found.overhead,
            containers: containers)
    }
}

/// The members of a pod spec that `PodFacts` reads, gathered in one pass over its keys.
private struct SpecMembers {
    var priorityClassName: JSONView?
    var nodeName: JSONView?
    var nodeSelector: JSONView?
    var hostNetwork: JSONView?
    var hostPID: JSONView?
    var hostIPC: JSONView?
    var securityContext: JSONView?
    var volumes: JSONView?
    var overhead: JSONView?
    var containers: JSONView?
    var initContainers: JSONView?
    var ephemeralContainers: JSONView?

    /// Keeps `value` when `key` is one of the wanted names not seen before. Keys are told apart by
    /// length first, so most are passed over after one comparison.
    mutating func take(_ key: UnsafeBufferPointer<UInt8>, _ value: () -> JSONView) {
        switch key.count {
        case 7:
            keepFirst(&hostPID, "hostPID", key, value)
            keepFirst(&hostIPC, "hostIPC", key, value)
            keepFirst(&volumes, "volumes", key, value)
        case 8:
            keepFirst(&nodeName, "nodeName", key, value)
            keepFirst(&overhead, "overhead", key, value)
        case 10: keepFirst(&containers, "containers", key, value)
        case 11: keepFirst(&hostNetwork, "hostNetwork", key, value)
        case 12: keepFirst(&nodeSelector, "nodeSelector", key, value)
        case 14: keepFirst(&initContainers, "initContainers", key, value)
        case 15: keepFirst(&securityContext, "securityContext", key, value)
        case 17: keepFirst(&priorityClassName, "priorityClassName", key, value)
        case 19: keepFirst(&ephemeralContainers, "ephemeralContainers", key, value)
        default: return
        }
    }
}

extension PodContainer {
    /// Container `index` of `list`, `view`; with `defaults`, as the `default-resources` mutation filled it.
    convenience init(_ list: ContainerList, _ index: Int, _ view: JSONView, filledWith defaults: ContainerDefaults?) {
        if let (document, node) = view.tapeNode {
            self.init(list, index, document, node, filledWith: defaults)
            return
        }
        // One pass over the container's keys, as for the spec (the first of duplicate keys counts).
        var image, securityContext, ports, restartPolicy, resources: JSONView?
        view.forEachMember { key, value in
            switch key.count {
            case 5:
                keepFirst(&image, "image", key, value)
                keepFirst(&ports, "ports", key, value)
            case 9: keepFirst(&resources, "resources", key, value)
            case 13: keepFirst(&restartPolicy, "restartPolicy", key, value)
            case 15: keepFirst(&securityContext, "securityContext", key, value)
            default: return
            }
        }
        // The security context's three fields in one pass too.
        var privileged, windowsOptions, capabilities: JSONView?
        securityContext?.forEachMember { key, value in
            switch key.count {
            case 10: keepFirst(&privileged, "privileged", key, value)
            case 12: keepFirst(&capabilities, "capabilities", key, value)
            case 14: keepFirst(&windowsOptions, "windowsOptions", key, value)
            default: return
            }
        }
        let members = ViewMembers(
            container: view, image: image?.stringValue, ports: ports, addedCapabilities: capabilities?["add"], resources: resources)
        self.init(
            list, index, place: .views(members),
            privileged: privileged?.boolValue,
            hostProcess: windowsOptions?["hostProcess"]?.boolValue,
            restartsAlways: restartPolicy?.stringValue?.equalsString("Always") ?? false,
            resources: ContainerResources(resources),
            filledWith: defaults)
    }
}

/// Keeps `value()` in `slot` when `key` is `name` and `slot` is still empty: the one-pass member reads
/// above (and `PodSpecMembers`) take each wanted member this way (the first of duplicate keys, as a
/// lookup would find).
@inline(__always)
func keepFirst(_ slot: inout JSONView?, _ name: StaticString, _ key: UnsafeBufferPointer<UInt8>, _ value: () -> JSONView) {
    guard slot == nil, JSONView.key(key, is: name) else { return }
    slot = value()
}
