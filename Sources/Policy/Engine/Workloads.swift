import JSON

/// Where a kind keeps its pod spec and how many pods it asks for. Pods and the pod templates of the
/// built-in workload kinds are checked alike.
public struct WorkloadShape: Sendable, Equatable {
    /// The pod spec inside the object.
    public var specPath: JSONPointer
    /// The replica count (`spec.replicas`, a Job's `parallelism`); nil when the kind has none we can
    /// know at admission (a Pod is one; a DaemonSet runs one per node).
    public var replicasPath: JSONPointer?
    /// Whether a missing count means 1 (Deployments, Jobs) rather than "not a multi-pod kind".
    public var isPod: Bool

    /// The group first, then the name within it (as `RuleResource` tells resources apart): matched
    /// against each `GroupResource` constant in turn, a kind with no pod spec (a Namespace, a Service)
    /// cost two `String` comparisons per constant on every object.
    public static func of(_ resource: GroupResource) -> WorkloadShape? {
        let name = resource.resource
        switch resource.group {
        case "":
            switch name {
            case "pods": return pod
            case "replicationcontrollers": return replicated
            default: return nil
            }
        case "apps":
            switch name {
            case "deployments", "replicasets", "statefulsets": return replicated
            case "daemonsets": return daemonSet
            default: return nil
            }
        case "batch":
            switch name {
            case "jobs": return job
            case "cronjobs": return cronJob
            default: return nil
            }
        default: return nil
        }
    }

    // Built once: rules look shapes up on every request.
    private static let templateSpec = JSONPointer(tokens: ["spec", "template", "spec"])
    private static let pod = WorkloadShape(specPath: JSONPointer(tokens: ["spec"]), replicasPath: nil, isPod: true)
    private static let replicated = WorkloadShape(specPath: templateSpec, replicasPath: JSONPointer(tokens: ["spec", "replicas"]), isPod: false)
    private static let daemonSet = WorkloadShape(specPath: templateSpec, replicasPath: nil, isPod: false)
    private static let job = WorkloadShape(specPath: templateSpec, replicasPath: JSONPointer(tokens: ["spec", "parallelism"]), isPod: false)
    private static let cronJob = WorkloadShape(
        specPath: JSONPointer(tokens: ["spec", "jobTemplate", "spec", "template", "spec"]),
        replicasPath: JSONPointer(tokens: ["spec", "jobTemplate", "spec", "parallelism"]),
        isPod: false)

    /// Whether the kind has a replica count (`replicasPath`), read without copying the path.
    var hasReplicaCount: Bool { replicasPath != nil }

    /// Pods the object asks for at once: 1 for a Pod, `replicas`/`parallelism` (default 1) otherwise.
    /// A count that is not an integer `Int` can hold (`1.5`, `2e1`, a string) counts as absent.
    public func replicas(in object: JSON) -> Int {
        guard let replicasPath else { return 1 }
        if let (document, root) = object.tapeNode {
            // The request's object: the count is read where it lies, building no `JSON` number (and
            // `String`) to parse, which cost ~0.8k instructions per workload.
            guard let node = document.node(at: replicasPath, from: root), !document.isString(node) else { return 1 }
            var count: Int?
            guard document.withStringOrNumberText(node, { count = Self.integer($0) }) else { return 1 }
            return count ?? 1
        }
        return object.value(at: replicasPath)?.intValue ?? 1
    }

    /// A JSON number's literal as `Int(_:)` reads its text: an optional sign and decimal digits within
    /// `Int`'s range; nil for anything else (a fraction, an exponent, an overflow).
    static func integer(_ literal: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let negative = !literal.isEmpty && literal[0] == UInt8(ascii: "-")
        // A JSON number never starts with `+`, but `Int(_:)` takes one.
        if negative || (!literal.isEmpty && literal[0] == UInt8(ascii: "+")) { index = 1 }
        guard index < literal.count else { return nil }
        var value = 0
        while index < literal.count {
            let digit = literal[index] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            // Accumulated negatively when negative, so that `Int.min` fits.
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) =
                negative ? shifted.subtractingReportingOverflow(Int(digit)) : shifted.addingReportingOverflow(Int(digit))
            guard !overflowShift, !overflowAdd else { return nil }
            value = next
            index += 1
        }
        return value
    }
}

/// The three container lists of a pod spec.
public enum ContainerList: String, Sendable, CaseIterable {
    case containers
    case initContainers
    case ephemeralContainers
}

/// One container of a pod spec, with the pointer that addresses it in the object.
public struct ContainerRef: Sendable {
    public var list: ContainerList
    public var index: Int
    public var value: JSON
    public var path: JSONPointer

    public var name: String { value["name"]?.stringValue ?? "#\(index)" }

    /// `resources.requests.<resource>` / `resources.limits.<resource>` parsed, or nil.
    public func request(_ resource: String) -> Quantity? { Quantity(value["resources"]?["requests"]?[resource]) }
    public func limit(_ resource: String) -> Quantity? { Quantity(value["resources"]?["limits"]?[resource]) }
}

/// The pod spec of a Pod or workload, located once.
public struct PodSpecView: Sendable {
    public var spec: JSON
    public var path: JSONPointer

    public init?(object: JSON, shape: WorkloadShape) {
        guard let spec = object.value(at: shape.specPath), case .object = spec else { return nil }
        self.spec = spec
        self.path = shape.specPath
    }

    public func containers(_ lists: [ContainerList] = ContainerList.allCases) -> [ContainerRef] {
        var out: [ContainerRef] = []
        for list in lists {
            guard let items = spec[list.rawValue]?.arrayValue else { continue }
            for (i, item) in items.enumerated() {
                out.append(ContainerRef(list: list, index: i, value: item, path: path.appending(list.rawValue).appending(String(i))))
            }
        }
        return out
    }
}
