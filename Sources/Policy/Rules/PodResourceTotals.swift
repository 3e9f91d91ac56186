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

    /// `requests.cpu`, as a ResourceQuota names it.
    var name: String { section.rawValue + "." + resource.rawValue }

    func limit(in quota: QuotaPolicy) -> CompiledQuantity? {
        switch self {
        case .requestsCPU: return quota.requestsCPU
        case .requestsMemory: return quota.requestsMemory
        case .limitsCPU: return quota.limitsCPU
        case .limitsMemory: return quota.limitsMemory
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
        for container in pod.containers {
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
                continue
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
    init(_ resources: ContainerResources) {
        for resource in ContainerResource.both {
            let limit = resources.field(.limits, resource).amount
            let request = resources.field(.requests, resource)
            let requested: Int64?
            if case .absent = request { requested = limit } else { requested = request.amount }
            switch resource {
            case .cpu:
                self[.requestsCPU] = max(0, requested ?? 0)
                self[.limitsCPU] = max(0, limit ?? 0)
            case .memory:
                self[.requestsMemory] = max(0, requested ?? 0)
                self[.limitsMemory] = max(0, limit ?? 0)
            }
        }
    }

    mutating func add(_ other: PodResourceTotals) {
        for key in QuotaKey.all { self[key] = PodResourceTotals.add(self[key], other[key]) }
    }

    mutating func raise(to other: PodResourceTotals) {
        for key in QuotaKey.all where other[key] > self[key] { self[key] = other[key] }
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
