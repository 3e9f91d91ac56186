import JSON

/// `PodFacts`, `PodContainer` and `ContainerResources` read from the reader's tape, node by node: the
/// request's object, and any level of a patched one that the patch left in the tape.
///
/// The same answers as reading through `JSONView`s (`PodFactsViewReading.swift`), at a fraction of the
/// cost: a view holds a reference to the tape, and reading an object's members through one calls a
/// closure per member and makes a view (a retain and a release) per member kept, at each of the five
/// levels down to a container's cpu limit. Here members are walked by `JSONTapeDocument.forEachMember`,
/// which the compiler inlines, and kept as positions, which hold no reference; views and string views
/// are made only of what the facts keep. The reader rejects duplicate member names, so the first of
/// each, which the view reader keeps, is the only one.
extension PodFacts {
    /// The facts of the pod spec at `spec`; nil when it is not an object. `effects` as for
    /// `init(spec:patchedWith:)`.
    convenience init?(_ document: JSONTapeDocument, spec: JSONTapeNode, patchedWith effects: borrowing PatchEffects) {
        guard document.isObject(spec) else { return nil }
        var found = SpecNodes()
        document.forEachMember(of: spec) { key, value in found.take(key, value) }
        let nodeSelector: OverlaidMap?
        // Asked of the effects in place before anything is bound from them: binding an absent value
        // (every request the server judges) still copied it through the runtime's generic witness.
        if effects.nodeSelector != nil, let added = effects.nodeSelector {
            nodeSelector = OverlaidMap(found.nodeSelector.map { document.view($0) }, added: added)
        } else {
            nodeSelector = found.nodeSelector.map { OverlaidMap(document.view($0)) }
        }
        let hostProcess = found.securityContext.flatMap { document.member("windowsOptions", of: $0) }
            .flatMap { document.member("hostProcess", of: $0) }
            .flatMap { document.bool($0) }

        var containers: [PodContainer] = []
        containers.reserveCapacity(
            (found.containers.map { document.count($0) } ?? 0) + (found.initContainers.map { document.count($0) } ?? 0)
                + (found.ephemeralContainers.map { document.count($0) } ?? 0))
        // The containers the mutations filled, found where the mutation found them: same list, index.
        let filled = effects.containers
        PodContainer.append(.containers, found.containers, document, filledWith: filled, to: &containers)
        PodContainer.append(.initContainers, found.initContainers, document, filledWith: filled, to: &containers)
        PodContainer.append(.ephemeralContainers, found.ephemeralContainers, document, filledWith: filled, to: &containers)
        self.init(
            priorityClassName: effects.priorityClassName.map { JSONStringView($0) } ?? found.priorityClassName.flatMap { document.stringView($0) },
            nodeName: found.nodeName.flatMap { document.stringView($0) },
            nodeSelector: nodeSelector,
            hostNetwork: found.hostNetwork.flatMap { document.bool($0) },
            hostPID: found.hostPID.flatMap { document.bool($0) },
            hostIPC: found.hostIPC.flatMap { document.bool($0) },
            hostProcess: hostProcess,
            volumes: found.volumes.map { document.view($0) },
            overhead: found.overhead.map { document.view($0) },
            containers: containers)
    }
}

/// The members of a pod spec that `PodFacts` reads, gathered in one pass over its keys.
private struct SpecNodes {
    var priorityClassName: JSONTapeNode?
    var nodeName: JSONTapeNode?
    var nodeSelector: JSONTapeNode?
    var hostNetwork: JSONTapeNode?
    var hostPID: JSONTapeNode?
    var hostIPC: JSONTapeNode?
    var securityContext: JSONTapeNode?
    var volumes: JSONTapeNode?
    var overhead: JSONTapeNode?
    var containers: JSONTapeNode?
    var initContainers: JSONTapeNode?
    var ephemeralContainers: JSONTapeNode?

    /// Keeps `value` when `key` is one of the wanted names. Keys are told apart by length first, so most
    /// are passed over after one comparison.
    @inline(__always)
    mutating func take(_ key: UnsafeBufferPointer<UInt8>, _ value: JSONTapeNode) {
        switch key.count {
        case 7:
            keep(&hostPID, "hostPID", key, value)
            keep(&hostIPC, "hostIPC", key, value)
            keep(&volumes, "volumes", key, value)
        case 8:
            keep(&nodeName, "nodeName", key, value)
            keep(&overhead, "overhead", key, value)
        case 10: keep(&containers, "containers", key, value)
        case 11: keep(&hostNetwork, "hostNetwork", key, value)
        case 12: keep(&nodeSelector, "nodeSelector", key, value)
        case 14: keep(&initContainers, "initContainers", key, value)
        case 15: keep(&securityContext, "securityContext", key, value)
        case 17: keep(&priorityClassName, "priorityClassName", key, value)
        case 19: keep(&ephemeralContainers, "ephemeralContainers", key, value)
        default: return
        }
    }
}

extension PodContainer {
    /// Appends each container of the list `list` at `nodes` (nothing when absent or not an array).
    @inline(__always)
    fileprivate static func append(
        _ list: ContainerList, _ nodes: JSONTapeNode?, _ document: JSONTapeDocument, filledWith filled: [ContainerDefaults],
        to containers: inout [PodContainer]
    ) {
        guard let nodes else { return }
        var index = 0
        document.forEachElement(of: nodes) { item in
            containers.append(PodContainer(list, index, document, item, filledWith: filled.defaults(list, index)))
            index += 1
        }
    }

    /// Container `index` of `list`, at `node`; with `defaults`, as the `default-resources` mutation
    /// filled it.
    convenience init(_ list: ContainerList, _ index: Int, _ document: JSONTapeDocument, _ node: JSONTapeNode, filledWith defaults: ContainerDefaults?) {
        var members = TapeMembers(container: node)
        var securityContext, restartPolicy: JSONTapeNode?
        document.forEachMember(of: node) { key, value in
            switch key.count {
            case 4: keep(&members.name, "name", key, value)
            case 5:
                keep(&members.image, "image", key, value)
                keep(&members.ports, "ports", key, value)
            case 9: keep(&members.resources, "resources", key, value)
            case 13: keep(&restartPolicy, "restartPolicy", key, value)
            case 15: keep(&securityContext, "securityContext", key, value)
            default: return
            }
        }
        // The security context's three fields in one pass too.
        var privileged, windowsOptions, capabilities: JSONTapeNode?
        if let securityContext {
            document.forEachMember(of: securityContext) { key, value in
                switch key.count {
                case 10: keep(&privileged, "privileged", key, value)
                case 12: keep(&capabilities, "capabilities", key, value)
                case 14: keep(&windowsOptions, "windowsOptions", key, value)
                default: return
                }
            }
        }
        members.addedCapabilities = capabilities.flatMap { document.member("add", of: $0) }
        self.init(
            list, index, place: .tape(document, members),
            privileged: privileged.flatMap { document.bool($0) },
            hostProcess: windowsOptions.flatMap { document.member("hostProcess", of: $0) }.flatMap { document.bool($0) },
            restartsAlways: restartPolicy.flatMap { document.stringView($0) }?.equalsString("Always") ?? false,
            resources: ContainerResources(document, members.resources),
            filledWith: defaults)
    }
}

extension ContainerResources {
    /// `resources` is the node of the container's `resources` member, if any.
    init(_ document: JSONTapeDocument, _ resources: JSONTapeNode?) {
        var requestsCPU = ResourceField.absent, requestsMemory = ResourceField.absent
        var limitsCPU = ResourceField.absent, limitsMemory = ResourceField.absent
        if let resources {
            document.forEachMember(of: resources) { key, section in
                if JSONView.key(key, is: "requests") {
                    ContainerResources.read(document, section, cpu: &requestsCPU, memory: &requestsMemory)
                } else if JSONView.key(key, is: "limits") {
                    ContainerResources.read(document, section, cpu: &limitsCPU, memory: &limitsMemory)
                }
            }
        }
        self.init(requestsCPU: requestsCPU, requestsMemory: requestsMemory, limitsCPU: limitsCPU, limitsMemory: limitsMemory)
    }

    /// The cpu and memory of one section (`requests` or `limits`); left absent when it is not an object.
    @inline(__always)
    private static func read(_ document: JSONTapeDocument, _ section: JSONTapeNode, cpu: inout ResourceField, memory: inout ResourceField) {
        document.forEachMember(of: section) { key, value in
            if JSONView.key(key, is: "cpu") {
                cpu = ResourceField(document, value, .cpu)
            } else if JSONView.key(key, is: "memory") {
                memory = ResourceField(document, value, .memory)
            }
        }
    }
}

extension ResourceField {
    /// `init(_:_:)` for the value at `node`.
    init(_ document: JSONTapeDocument, _ node: JSONTapeNode, _ resource: ContainerResource) {
        guard !document.isNull(node) else {
            self = .absent
            return
        }
        var amount: Int64?
        let isText = document.withStringOrNumberText(node) { amount = resource.amount(ofUTF8: $0) }
        guard isText, let amount else {
            self = .invalid
            return
        }
        self = .amount(amount)
    }
}

/// Keeps `value` in `slot` when `key` is `name` and `slot` is still empty (see `SpecNodes`).
@inline(__always)
private func keep(_ slot: inout JSONTapeNode?, _ name: StaticString, _ key: UnsafeBufferPointer<UInt8>, _ value: JSONTapeNode) {
    guard slot == nil, JSONView.key(key, is: name) else { return }
    slot = value
}
