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

    /// `/spec/containers/0/resources` … for the first few containers of each list, made once: a pod's
    /// container that gets defaults is nearly always one of them, and making its pointer cost an
    /// array of tokens and the index's text each time.
    private static let commonResourcesPaths: [[JSONPointer]] = lists.map { list in
        (0..<8).map { JSONPointer(tokens: ["spec", list.rawValue, String($0), "resources"]) }
    }

    /// The pointer to the `resources` of container `index` of `list`.
    private static func resourcesPath(_ list: ContainerList, _ index: Int) -> JSONPointer {
        let common: [JSONPointer]
        switch list {
        case .containers: common = commonResourcesPaths[0]
        case .initContainers: common = commonResourcesPaths[1]
        case .ephemeralContainers: common = []
        }
        return index < common.count ? common[index] : JSONPointer(tokens: ["spec", list.rawValue, String(index), "resources"])
    }

    static func apply(_ context: MutationContext, tenant: Tenant, to builder: inout JSONPatchBuilder, effects: inout PatchEffects) {
        // `podSpec`: a Pod's CREATE, with a spec that is an object.
        guard let policy = tenant.containers, !(policy.defaultRequest.isEmpty && policy.defaultLimit.isEmpty),
            let pod = context.podSpec
        else { return }
        for list in lists {
            guard let containers = pod.containers(list), containers.kind == .array else { continue }
            containers.forEachElement { index, container in
                guard container.kind == .object,
                    let defaults = fill(container["resources"], policy: policy, list: list, index: index, into: &builder)
                else { return }
                effects.containers.append(defaults)
            }
        }
    }

    /// Records what one container lacks, and returns it; nil when it lacks nothing. Reads everything
    /// first and writes at the highest level that is missing (`resources`, `requests`/`limits`, or the
    /// single amounts), so a container without `resources` gets exactly one `add`.
    private static func fill(
        _ resources: JSONView?, policy: ContainerPolicy, list: ContainerList, index: Int, into builder: inout JSONPatchBuilder
    ) -> ContainerDefaults? {
        let resourcesSlot = MapSlot(resources)
        // The requests and limits maps; nil when absent (no amounts set).
        let requests: JSONView?
        let limits: JSONView?
        // The members themselves (null included), for the builder, which then need not look again.
        var requestsMember: JSONView?
        var limitsMember: JSONView?
        switch resourcesSlot {
        case .absent:
            requests = nil
            limits = nil
        case .map(let map):
            requestsMember = map["requests"]
            limitsMember = map["limits"]
            let requestsSlot = MapSlot(requestsMember)
            let limitsSlot = MapSlot(limitsMember)
            if case .notAMap = requestsSlot { return nil }
            if case .notAMap = limitsSlot { return nil }
            requests = requestsSlot.map
            limits = limitsSlot.map
        case .notAMap:
            return nil
        }

        let cpu = ContainerResource.cpu.defaults(requests: requests, limits: limits, policy: policy)
        let memory = ContainerResource.memory.defaults(requests: requests, limits: limits, policy: policy)
        // Most containers of a pod lack nothing: values are only built for one that does.
        guard cpu.request != nil || cpu.limit != nil || memory.request != nil || memory.limit != nil else { return nil }

        let path = resourcesPath(list, index)
        if case .absent = resourcesSlot {
            // Written, not built: `{"requests":{…},"limits":{…}}` with the sections and amounts added.
            builder.setWhereAbsentOrNull(at: path, inOriginal: place(resources)) { out in
                writeResources(requests: (cpu.request?.text, memory.request?.text), limits: (cpu.limit?.text, memory.limit?.text), into: &out)
            }
        } else {
            let requests = ContainerResource.entries(cpu: cpu.request?.text, memory: memory.request?.text)
            if !requests.isEmpty { builder.addMissing(requests, toMapAt: path.appending("requests"), inOriginal: place(requestsMember)) }
            let limits = ContainerResource.entries(cpu: cpu.limit?.text, memory: memory.limit?.text)
            if !limits.isEmpty { builder.addMissing(limits, toMapAt: path.appending("limits"), inOriginal: place(limitsMember)) }
        }
        return ContainerDefaults(
            list: list, index: index, requests: DefaultAmounts(cpu: cpu.request, memory: memory.request),
            limits: DefaultAmounts(cpu: cpu.limit, memory: memory.limit))
    }
}

/// A member of an object of the request's object, as the builder takes it: the member, or missing.
private func place(_ member: JSONView?) -> JSONPatchBuilder.OriginalPlace {
    member.map { .value($0) } ?? .missingMember
}

/// What the mutation adds for cpu or memory. (`ContainerResource` is the resource itself: its key in a
/// container's `resources`, how its amounts compare, the policy's amount for it.)
extension ContainerResource {
    /// The entries to add to a requests or limits map, cpu first; empty when there are none.
    fileprivate static func entries(cpu: String?, memory: String?) -> [KeyValue] {
        switch (cpu, memory) {
        case (let cpu?, let memory?): return [KeyValue(ContainerResource.cpu.rawValue, cpu), KeyValue(ContainerResource.memory.rawValue, memory)]
        case (let cpu?, nil): return [KeyValue(ContainerResource.cpu.rawValue, cpu)]
        case (nil, let memory?): return [KeyValue(ContainerResource.memory.rawValue, memory)]
        case (nil, nil): return []
        }
    }

    /// The request and limit to inject for this resource; nil where nothing is to be added.
    fileprivate func defaults(requests: JSONView?, limits: JSONView?, policy: ContainerPolicy) -> (request: DefaultAmount?, limit: DefaultAmount?) {
        // A member holding something unreadable (even null) still counts as set: it is the user's,
        // never overwritten, and the API server's validation reports it.
        let request = requests?[rawValue]
        let limit = limits?[rawValue]
        if request != nil && limit != nil { return (nil, nil) }

        var newRequest: DefaultAmount?
        // Amount of the request the container ends up with, when known, to keep the limit above it.
        var requestAmount: Int64?
        if let request {
            requestAmount = ResourceField(request, self).amount
        } else if let limit {
            // An unreadable limit gets nothing copied from it: the API server rejects the pod anyway.
            newRequest = writtenQuantity(limit)
        } else if let defaultRequest = value(in: policy.defaultRequest) {
            newRequest = DefaultAmount(text: defaultRequest.text, amount: defaultRequest.amount)
            requestAmount = defaultRequest.amount
        }

        var newLimit: DefaultAmount?
        if limit == nil, let defaultLimit = value(in: policy.defaultLimit) {
            if let requestAmount, requestAmount > defaultLimit.amount {
                newLimit = newRequest ?? request.flatMap(writtenQuantity)
            } else {
                newLimit = DefaultAmount(text: defaultLimit.text, amount: defaultLimit.amount)
            }
            if request == nil && newRequest == nil { newRequest = newLimit }
        }
        return (newRequest, newLimit)
    }

    /// The quantity as written (a string, `"500m"`, or a bare number, `2`) and its amount, when it is one.
    private func writtenQuantity(_ value: JSONView) -> DefaultAmount? {
        guard let amount = ResourceField(value, self).amount, let text = value.stringValue ?? value.numberText else { return nil }
        return DefaultAmount(text: text.string, amount: amount)
    }
}

/// What a container holds where the mutation wants a string map (its `resources`, their requests or
/// limits).
private enum MapSlot {
    /// Missing, or `null` (which Kubernetes decodes as missing): the whole map can be written at once.
    case absent
    case map(JSONView)
    /// Something else. The object is invalid and the API server will reject it; the mutation leaves it
    /// alone rather than replace the user's value.
    case notAMap

    init(_ value: JSONView?) {
        guard let value, !value.isNull else {
            self = .absent
            return
        }
        self = value.kind == .object ? .map(value) : .notAMap
    }

    /// The map; nil when absent (or not a map).
    var map: JSONView? {
        if case .map(let map) = self { return map }
        return nil
    }
}

/// `{"requests":{"cpu":…,"memory":…},"limits":{…}}` with the sections and amounts that are given, cpu
/// first, requests first, as `JSONWriter` would write the object of them.
private func writeResources(requests: (cpu: String?, memory: String?), limits: (cpu: String?, memory: String?), into out: inout JSONOutput) {
    out.append(UInt8(ascii: "{"))
    var wroteSection = false
    if requests.cpu != nil || requests.memory != nil {
        out.append(ascii: #""requests":"#)
        writeAmounts(requests, into: &out)
        wroteSection = true
    }
    if limits.cpu != nil || limits.memory != nil {
        if wroteSection { out.append(UInt8(ascii: ",")) }
        out.append(ascii: #""limits":"#)
        writeAmounts(limits, into: &out)
    }
    out.append(UInt8(ascii: "}"))
}

/// `{"cpu":…,"memory":…}` with the amounts that are given.
private func writeAmounts(_ amounts: (cpu: String?, memory: String?), into out: inout JSONOutput) {
    out.append(UInt8(ascii: "{"))
    if let cpu = amounts.cpu {
        out.append(ascii: #""cpu":"#)
        JSONWriter.writeString(cpu, into: &out)
    }
    if let memory = amounts.memory {
        if amounts.cpu != nil { out.append(UInt8(ascii: ",")) }
        out.append(ascii: #""memory":"#)
        JSONWriter.writeString(memory, into: &out)
    }
    out.append(UInt8(ascii: "}"))
}
