import JSON

/// The members of a Pod's spec that the pod-spec mutations read, found in the request's object in one
/// pass over the spec's keys: three mutations looked the spec up from the root each, and each lookup
/// (the container lists, the node selector, the priority class) scanned its keys again, as did the
/// builder walking each written path from the root. Of a repeated key, the first counts, as lookups
/// find it.
///
/// A class: each mutation takes it from the context, and copying five views was five retains and
/// releases each time.
final class PodSpecMembers: Sendable {
    /// The spec, an object.
    let spec: JSONView
    let containers: JSONView?
    let initContainers: JSONView?
    let nodeSelector: JSONView?
    let priorityClassName: JSONView?

    /// Nil when `object` has no spec that is an object.
    init?(object: JSON) {
        guard let spec = JSONView(object)["spec"], spec.kind == .object else { return nil }
        self.spec = spec
        var containers: JSONView?
        var initContainers: JSONView?
        var nodeSelector: JSONView?
        var priorityClassName: JSONView?
        spec.forEachMember { key, value in
            // Told apart by length first: one comparison of bytes per member at most.
            switch key.count {
            case 10: keepFirst(&containers, "containers", key, value)
            case 12: keepFirst(&nodeSelector, "nodeSelector", key, value)
            case 14: keepFirst(&initContainers, "initContainers", key, value)
            case 17: keepFirst(&priorityClassName, "priorityClassName", key, value)
            default: break
            }
        }
        self.containers = containers
        self.initContainers = initContainers
        self.nodeSelector = nodeSelector
        self.priorityClassName = priorityClassName
    }

    /// The list `list` (`containers` or `initContainers`; nil for the ephemeral ones, which no mutation
    /// reads).
    func containers(_ list: ContainerList) -> JSONView? {
        switch list {
        case .containers: return containers
        case .initContainers: return initContainers
        case .ephemeralContainers: return nil
        }
    }
}
