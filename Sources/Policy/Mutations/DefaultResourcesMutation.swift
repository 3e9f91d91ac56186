import Admission
import JSON

/// `default-resources`: fills the cpu and memory requests and limits a Pod's containers and init
/// containers leave out, from the tenant's `containers.defaultRequest` and `defaultLimit`, the way a
/// LimitRange would. Ephemeral containers are skipped: the API forbids them resources.
///
/// For each resource, only what is missing is filled and only from what the tenant defines:
/// - a missing request becomes the container's own limit when it has one (the API server's defaulting
///   does the same, so this only makes it explicit), else the default request;
/// - a missing limit becomes the default limit, or the request when that is larger, so defaulting never
///   creates a request above its limit (which the API server would reject);
/// - with no default request, a request is still missing after that and a limit was injected, the
///   request becomes that limit: the API server would default it so once the patch is applied, and
///   writing it here keeps the mutation idempotent (a second pass would otherwise add it).
///
/// CREATE only: container resources of an existing pod change through the `resize` subresource, never
/// an UPDATE, so injecting them then would make every write of an older pod fail.
enum DefaultResourcesMutation: Mutation {
    static let id = MutationID.defaultResources

    private static let lists: [ContainerList] = [.containers, .initContainers]

    static func apply(_ context: MutationContext, tenant: Tenant, to builder: inout JSONPatchBuilder) {
        guard let policy = tenant.containers, !(policy.defaultRequest.isEmpty && policy.defaultLimit.isEmpty),
            context.groupResource == .pods, context.request.operation == .create,
            let spec = JSONView(builder.original)["spec"], spec.kind == .object
        else { return }
        for list in lists {
            guard let containers = spec[list.rawValue], containers.kind == .array else { continue }
            containers.forEachElement { index, container in
                guard container.kind == .object else { return }
                fill(container["resources"], policy: policy, listName: list.rawValue, index: index, into: &builder)
            }
        }
    }

    /// Records what one container lacks. Reads everything first and writes at the highest level that
    /// is missing (`resources`, `requests`/`limits`, or the single amounts), so a container without
    /// `resources` gets exactly one `add`.
    private static func fill(
        _ resources: JSONView?, policy: ContainerPolicy, listName: String, index: Int, into builder: inout JSONPatchBuilder
    ) {
        let resourcesSlot = MapSlot(resources)
        // The requests and limits maps; nil when absent (no amounts set).
        let requests: JSONView?
        let limits: JSONView?
        switch resourcesSlot {
        case .absent:
            requests = nil
            limits = nil
        case .map(let map):
            let requestsSlot = MapSlot(map["requests"])
            let limitsSlot = MapSlot(map["limits"])
            if case .notAMap = requestsSlot { return }
            if case .notAMap = limitsSlot { return }
            requests = requestsSlot.map
            limits = limitsSlot.map
        case .notAMap:
            return
        }

        let cpu = ComputeResource.cpu.defaults(requests: requests, limits: limits, policy: policy)
        let memory = ComputeResource.memory.defaults(requests: requests, limits: limits, policy: policy)
        // Most containers of a pod lack nothing: values are only built for one that does.
        guard cpu.request != nil || cpu.limit != nil || memory.request != nil || memory.limit != nil else { return }

        let path = JSONPointer(tokens: ["spec", listName, String(index), "resources"])
        if case .absent = resourcesSlot {
            var members: [JSONObject.Member] = []
            members.reserveCapacity(2)
            if let map = JSON.resourceMap(cpu: cpu.request, memory: memory.request) {
                members.append(JSONObject.Member(key: "requests", value: map))
            }
            if let map = JSON.resourceMap(cpu: cpu.limit, memory: memory.limit) {
                members.append(JSONObject.Member(key: "limits", value: map))
            }
            builder.set(.object(JSONObject(members)), at: path)
        } else {
            builder.addMissing(ComputeResource.entries(cpu: cpu.request, memory: memory.request), toMapAt: path.appending("requests"))
            builder.addMissing(ComputeResource.entries(cpu: cpu.limit, memory: memory.limit), toMapAt: path.appending("limits"))
        }
    }
}

/// cpu or memory: the key in a container's `resources`, how its amounts compare, and its defaults.
private enum ComputeResource {
    case cpu
    case memory

    var key: String {
        switch self {
        case .cpu: return "cpu"
        case .memory: return "memory"
        }
    }

    func of(_ list: ResourceList) -> CompiledQuantity? {
        switch self {
        case .cpu: return list.cpu
        case .memory: return list.memory
        }
    }

    /// The entries to add to a requests or limits map, cpu first; empty when there are none.
    static func entries(cpu: String?, memory: String?) -> [KeyValue] {
        switch (cpu, memory) {
        case (let cpu?, let memory?): return [KeyValue(ComputeResource.cpu.key, cpu), KeyValue(ComputeResource.memory.key, memory)]
        case (let cpu?, nil): return [KeyValue(ComputeResource.cpu.key, cpu)]
        case (nil, let memory?): return [KeyValue(ComputeResource.memory.key, memory)]
        case (nil, nil): return []
        }
    }

    /// The request and limit texts to inject for this resource; nil where nothing is to be added.
    func defaults(requests: JSONView?, limits: JSONView?, policy: ContainerPolicy) -> (request: String?, limit: String?) {
        // A member holding something unreadable (even null) still counts as set: it is the user's,
        // never overwritten, and the API server's validation reports it.
        let request = requests?[key]
        let limit = limits?[key]
        if request != nil && limit != nil { return (nil, nil) }

        var newRequest: String?
        // Amount of the request the container ends up with, when known, to keep the limit above it.
        var requestAmount: Int64?
        if let request {
            requestAmount = amount(of: request)
        } else if let limit {
            // An unreadable limit gets nothing copied from it: the API server rejects the pod anyway.
            newRequest = Self.quantityText(limit)
        } else if let defaultRequest = of(policy.defaultRequest) {
            newRequest = defaultRequest.text
            requestAmount = defaultRequest.amount
        }

        var newLimit: String?
        if limit == nil, let defaultLimit = of(policy.defaultLimit) {
            if let requestAmount, requestAmount > defaultLimit.amount {
                newLimit = newRequest ?? request.flatMap(Self.quantityText)
            } else {
                newLimit = defaultLimit.text
            }
            if request == nil && newRequest == nil { newRequest = newLimit }
        }
        return (newRequest, newLimit)
    }

    /// The amount a quantity (a string, `"500m"`, or a bare number, `2`) stands for, in this resource's
    /// unit; nil for anything else, or text that is not a quantity.
    private func amount(of value: JSONView) -> Int64? {
        guard let text = value.stringValue ?? value.numberText else { return nil }
        let factor: UInt128 = self == .cpu ? 1000 : 1
        return text.withUTF8 { Quantity.amount(ofUTF8: $0, scaledBy: factor) }
    }

    /// The quantity's text as written, when it is one (`Quantity.text` of the parsed value).
    private static func quantityText(_ value: JSONView) -> String? {
        guard let text = value.stringValue ?? value.numberText,
            text.withUTF8({ Quantity.amount(ofUTF8: $0, scaledBy: 1) }) != nil
        else { return nil }
        return text.string
    }
}

extension MapSlot {
    /// The map; nil when absent (or not a map).
    fileprivate var map: JSONView? {
        if case .map(let map) = self { return map }
        return nil
    }
}

extension JSON {
    /// `{"cpu": …, "memory": …}` with the amounts that are given, cpu first; nil when neither is.
    fileprivate static func resourceMap(cpu: String?, memory: String?) -> JSON? {
        guard cpu != nil || memory != nil else { return nil }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(2)
        if let cpu { members.append(JSONObject.Member(key: ComputeResource.cpu.key, value: .string(cpu))) }
        if let memory { members.append(JSONObject.Member(key: ComputeResource.memory.key, value: .string(memory))) }
        return .object(JSONObject(members))
    }
}
