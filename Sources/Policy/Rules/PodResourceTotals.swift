import JSON

/// One of the four compute entries of a tenant's quota.
enum QuotaKey {
    case requestsCPU, requestsMemory, limitsCPU, limitsMemory

    static let all: [QuotaKey] = [.requestsCPU, .requestsMemory, .limitsCPU, .limitsMemory]

    var section: ResourceSection {
        switch self {
        case .requestsCPU, .requestsMemory: return .requests
        case .limitsCPU, .limitsMemory: return .limits
        }
    }

    var resource: ContainerResource {
        switch self {
        case .requestsCPU, .limitsCPU: return .cpu
        case .requestsMemory, .limitsMemory: return .memory
        }
    }

    func limit(in quota: QuotaPolicy) -> CompiledQuantity? {
        switch self {
        case .requestsCPU: return quota.requestsCPU
        case .requestsMemory: return quota.requestsMemory
        case .limitsCPU: return quota.limitsCPU
        case .limitsMemory: return quota.limitsMemory
        }
    }

    /// The amount of `limit(in:)`, read without copying the quantity (and its text) out.
    func limitAmount(in quota: QuotaPolicy) -> Int64? {
        switch self {
        case .requestsCPU: return quota.requestsCPU?.amount
        case .requestsMemory: return quota.requestsMemory?.amount
        case .limitsCPU: return quota.limitsCPU?.amount
        case .limitsMemory: return quota.limitsMemory?.amount
        }
    }
}

/// What one pod counts against a ResourceQuota, computed as Kubernetes does
/// (`resourcehelper.PodRequests`/`PodLimits`):
/// - the regular containers add up; init containers run one at a time, so the pod needs the larger of
///   that sum and its largest init container;
/// - sidecars (init containers with `restartPolicy: Always`) keep running: they add to the sum, and to
///   every init container that starts after them;
/// - a container with a limit but no request gets the limit as its request (API defaulting, which pod
///   templates have not been through yet);
/// - `spec.overhead` (set by the RuntimeClass plugin) adds to requests, and to limits that are set.
/// Ephemeral containers count for nothing. Unreadable quantities count as zero: `container-limits`
/// reports them. Sums saturate rather than overflow.
struct PodResourceTotals {
    private var amounts: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)

    subscript(key: QuotaKey) -> Int64 {
        get {
            switch key {
            case .requestsCPU: return amounts.0
            case .requestsMemory: return amounts.1
            case .limitsCPU: return amounts.2
            case .limitsMemory: return amounts.3
            }
        }
        set {
            switch key {
            case .requestsCPU: amounts.0 = newValue
            case .requestsMemory: amounts.1 = newValue
            case .limitsCPU: amounts.2 = newValue
            case .limitsMemory: amounts.3 = newValue
            }
        }
    }

    init() {}

    init(_ pod: PodFacts) {
        var sidecars = PodResourceTotals()
        var initPeak = PodResourceTotals()
        pod.forEachContainer { container in
            let own = PodResourceTotals(container.resources)
            switch container.list {
            case .containers:
                add(own)
            case .initContainers where container.restartsAlways:
                add(own)
                sidecars.add(own)
                initPeak.raise(to: sidecars)
            case .initContainers:
                var running = own
                running.add(sidecars)
                initPeak.raise(to: running)
            case .ephemeralContainers:
                return
            }
        }
        raise(to: initPeak)
        if let overhead = pod.overhead {
            for key in QuotaKey.all where key.section == .requests || self[key] > 0 {
                if let quantity = Quantity(overhead[key.resource.rawValue]?.value) {
                    self[key] = PodResourceTotals.add(self[key], max(0, key.resource.amount(quantity)))
                }
            }
        }
    }

    /// One container's own requests and limits, the limit standing in for a missing request.
    ///
    /// This and the sums below are written out per field: a loop over `QuotaKey.all` (or
    /// `ContainerResource.both`) went through the static array and a switch per key, several times the
    /// arithmetic, for every container of every pod.
    init(_ resources: ContainerResources) {
        let cpu = PodResourceTotals.amounts(resources, .cpu)
        let memory = PodResourceTotals.amounts(resources, .memory)
        amounts = (cpu.requested, memory.requested, cpu.limit, memory.limit)
    }

    /// The amounts of `resource` one container counts for: its request (its limit when it has none) and
    /// its limit, unreadable or absent ones as zero.
    private static func amounts(_ resources: ContainerResources, _ resource: ContainerResource) -> (requested: Int64, limit: Int64) {
        let limit = resources.field(.limits, resource).amount
        let request = resources.field(.requests, resource)
        let requested: Int64?
        if case .absent = request { requested = limit } else { requested = request.amount }
        return (max(0, requested ?? 0), max(0, limit ?? 0))
    }

    mutating func add(_ other: PodResourceTotals) {
        amounts = (
            PodResourceTotals.add(amounts.0, other.amounts.0), PodResourceTotals.add(amounts.1, other.amounts.1),
            PodResourceTotals.add(amounts.2, other.amounts.2), PodResourceTotals.add(amounts.3, other.amounts.3))
    }

    mutating func raise(to other: PodResourceTotals) {
        amounts = (max(amounts.0, other.amounts.0), max(amounts.1, other.amounts.1), max(amounts.2, other.amounts.2), max(amounts.3, other.amounts.3))
    }

    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : product
    }
}
