import JSON

/// What the pod rules read from a pod spec, read once per object: six rules read a dozen fields
/// between them, and four walk the containers.
///
/// Fields are read through `JSONView`s, where the object lies (the request's tape, or a patched
/// document whose untouched parts are still in it), and kept as the little the rules use: strings as
/// their bytes in place (`JSONStringView`), booleans as `Bool?`, resources as parsed amounts. No `JSON`
/// value is built for them: a `String` per name and an array per list were most of what reading a pod
/// cost. Fields a rule reads rarely or walks (volumes, ports, added capabilities) stay views, read only
/// when the rule's policy asks.
///
/// A class, though immutable: each rule that reads it (and each loop over the containers) would
/// otherwise copy every field.
final class PodFacts: Sendable {
    /// The string `priorityClassName`; nil when absent or not a string.
    let priorityClassName: JSONStringView?
    /// The string `nodeName`; nil when absent or not a string.
    let nodeName: JSONStringView?
    /// `nodeSelector`, read by key.
    let nodeSelector: OverlaidMap?
    let hostNetwork: Bool?
    let hostPID: Bool?
    let hostIPC: Bool?
    /// `securityContext.windowsOptions.hostProcess`.
    let hostProcess: Bool?
    let volumes: JSONView?
    let overhead: JSONView?
    /// Every container of `containers`, `initContainers` and `ephemeralContainers`, in that order.
    let containers: [PodContainer]

    /// The facts of `object`'s pod spec; with `effects`, as the mutations that wrote them left it
    /// (see `ReviewedObject.init(_:resource:patchedWith:)`).
    convenience init?(object: JSON, shape: WorkloadShape, patchedWith effects: borrowing PatchEffects = .none) {
        var spec = JSONView(object)
        for token in shape.specPath.tokens {
            guard let next = spec[token] else { return nil }
            spec = next
        }
        self.init(spec: spec, patchedWith: effects)
    }

    /// `spec` is the pod spec; nil when it is not an object. `effects` are what the mutations wrote into
    /// it, for facts of the patched pod (see `ReviewedObject.canLay(_:resource:)`).
    ///
    /// One pass over the spec's keys (see `JSONView.forEachMember`); of duplicate keys the first counts,
    /// as in lookups.
    init?(spec: JSONView, patchedWith effects: borrowing PatchEffects = .none) {
        guard spec.kind == .object else { return nil }
        var found = SpecMembers()
        spec.forEachMember { key, value in found.take(key, value) }
        if let name = effects.priorityClassName {
            priorityClassName = JSONView(.string(name)).stringValue
        } else {
            priorityClassName = found.priorityClassName?.stringValue
        }
        nodeName = found.nodeName?.stringValue
        if let added = effects.nodeSelector {
            nodeSelector = OverlaidMap(found.nodeSelector, added: added)
        } else {
            nodeSelector = found.nodeSelector.map { OverlaidMap($0) }
        }
        hostNetwork = found.hostNetwork?.boolValue
        hostPID = found.hostPID?.boolValue
        hostIPC = found.hostIPC?.boolValue
        hostProcess = found.securityContext?["windowsOptions"]?["hostProcess"]?.boolValue
        volumes = found.volumes
        overhead = found.overhead

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
        self.containers = containers
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

/// One container of a pod spec with the fields the pod rules read, and its requests and limits read
/// once for both rules that compare them (`container-limits`, `quota-fit`).
final class PodContainer: Sendable {
    let list: ContainerList
    let index: Int
    /// The container itself, for what only messages read (its name, a resource as written).
    let view: JSONView
    /// The string `image`; nil when absent or not a string.
    let image: JSONStringView?
    /// `securityContext.privileged`.
    let privileged: Bool?
    /// `securityContext.windowsOptions.hostProcess`.
    let hostProcess: Bool?
    /// `securityContext.capabilities.add`.
    let addedCapabilities: JSONView?
    let ports: JSONView?
    /// `restartPolicy` is the string `Always`: an init container that keeps running (a sidecar).
    let restartsAlways: Bool
    /// The container's `resources` member, for the amounts as written (messages); nil when absent.
    let resourcesView: JSONView?
    /// The amounts the `default-resources` mutation gave the container, for the object it patched.
    let defaults: ContainerDefaults?
    let resources: ContainerResources

    /// With `defaults`, the container as the `default-resources` mutation filled it.
    init(_ list: ContainerList, _ index: Int, _ view: JSONView, filledWith defaults: ContainerDefaults?) {
        self.list = list
        self.index = index
        self.view = view
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
        self.image = image?.stringValue
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
        self.privileged = privileged?.boolValue
        hostProcess = windowsOptions?["hostProcess"]?.boolValue
        addedCapabilities = capabilities?["add"]
        self.ports = ports
        restartsAlways = restartPolicy?.stringValue?.equalsString("Always") ?? false
        resourcesView = resources
        self.defaults = defaults
        if let defaults {
            self.resources = ContainerResources(ContainerResources(resources), filledWith: defaults)
        } else {
            self.resources = ContainerResources(resources)
        }
    }

    /// How a detail names this container: `container "app"`, or its place in the pod spec when it has
    /// no name (`initContainers[1]`).
    var described: String { RuleText.container(list, index, name: view["name"]?.stringValue) }

    /// Appends `described` to `text`.
    func describe(into text: inout TextBuilder) {
        RuleText.container(list, index, name: view["name"]?.stringValue, into: &text)
    }
}

/// Keeps `value()` in `slot` when `key` is `name` and `slot` is still empty: the one-pass member reads
/// above take each wanted member this way (the first of duplicate keys, as a lookup would find).
@inline(__always)
private func keepFirst(_ slot: inout JSONView?, _ name: StaticString, _ key: UnsafeBufferPointer<UInt8>, _ value: () -> JSONView) {
    guard slot == nil, JSONView.key(key, is: name) else { return }
    slot = value()
}

extension [ContainerDefaults] {
    /// The amounts given to container `index` of `list`; nil when it was given none.
    fileprivate func defaults(_ list: ContainerList, _ index: Int) -> ContainerDefaults? {
        isEmpty ? nil : first { $0.list == list && $0.index == index }
    }
}
