import JSON

/// The object of a CREATE or UPDATE as object rules see it: the JSON, and for Pods and workloads what
/// the pod rules read, found once per object instead of once per rule. The engine builds one for the
/// new object and, when it compares, one for the old.
public struct ReviewedObject: Sendable {
    public let json: JSON
    /// Where the kind keeps its pod spec; nil for kinds that have none.
    let shape: WorkloadShape?
    /// The pod spec's fields and containers; nil when the kind has no pod spec or the object lacks it.
    let pod: PodFacts?

    public init(_ json: JSON, resource: GroupResource) {
        self.json = json
        shape = WorkloadShape.of(resource)
        pod = shape.flatMap { PodFacts(object: json, shape: $0) }
    }
}

/// What the pod rules read from a pod spec, in one pass over its members and one over each
/// container's. Six rules read a dozen fields between them; looking each up would scan the spec's
/// members again every time (all of them for a field that is absent, as most are).
struct PodFacts: Sendable {
    var priorityClassName: JSON?
    var nodeName: JSON?
    var nodeSelector: JSON?
    var hostNetwork: JSON?
    var hostPID: JSON?
    var hostIPC: JSON?
    var securityContext: JSON?
    var volumes: JSON?
    var overhead: JSON?
    /// Every container of `containers`, `initContainers` and `ephemeralContainers`, in that order.
    private(set) var containers: [PodContainer] = []

    init?(object: JSON, shape: WorkloadShape) {
        guard case .object(let spec)? = object.value(at: shape.specPath) else { return nil }
        var lists: (containers: JSON?, initContainers: JSON?, ephemeralContainers: JSON?) = (nil, nil, nil)
        PodFacts.specFields.forEachMember(of: spec) { field, member in
            // The first of duplicate members counts, as `JSONObject`'s subscript reads them.
            let value: JSON? = member
            switch field {
            case .containers: lists.containers = lists.containers ?? value
            case .initContainers: lists.initContainers = lists.initContainers ?? value
            case .ephemeralContainers: lists.ephemeralContainers = lists.ephemeralContainers ?? value
            case .priorityClassName: priorityClassName = priorityClassName ?? value
            case .nodeName: nodeName = nodeName ?? value
            case .nodeSelector: nodeSelector = nodeSelector ?? value
            case .hostNetwork: hostNetwork = hostNetwork ?? value
            case .hostPID: hostPID = hostPID ?? value
            case .hostIPC: hostIPC = hostIPC ?? value
            case .securityContext: securityContext = securityContext ?? value
            case .volumes: volumes = volumes ?? value
            case .overhead: overhead = overhead ?? value
            }
        }
        let items = (
            lists.containers?.arrayValue ?? [], lists.initContainers?.arrayValue ?? [],
            lists.ephemeralContainers?.arrayValue ?? []
        )
        let count = items.0.count + items.1.count + items.2.count
        guard count > 0 else { return }
        containers.reserveCapacity(count)
        for (index, container) in items.0.enumerated() { containers.append(PodContainer(.containers, index, container)) }
        for (index, container) in items.1.enumerated() { containers.append(PodContainer(.initContainers, index, container)) }
        for (index, container) in items.2.enumerated() { containers.append(PodContainer(.ephemeralContainers, index, container)) }
    }

    private enum SpecField {
        case containers, initContainers, ephemeralContainers, priorityClassName, nodeName, nodeSelector
        case hostNetwork, hostPID, hostIPC, securityContext, volumes, overhead
    }

    private static let specFields = FieldNames<SpecField>([
        ("containers", .containers), ("initContainers", .initContainers), ("ephemeralContainers", .ephemeralContainers),
        ("priorityClassName", .priorityClassName), ("nodeName", .nodeName), ("nodeSelector", .nodeSelector),
        ("hostNetwork", .hostNetwork), ("hostPID", .hostPID), ("hostIPC", .hostIPC),
        ("securityContext", .securityContext), ("volumes", .volumes), ("overhead", .overhead),
    ])
}

/// One container of a pod spec with the fields the pod rules read, and its requests and limits read
/// once for both rules that compare them (`container-limits`, `quota-fit`).
struct PodContainer: Sendable {
    let list: ContainerList
    let index: Int
    let json: JSON
    private(set) var image: JSON?
    private(set) var securityContext: JSON?
    private(set) var ports: JSON?
    private(set) var restartPolicy: JSON?
    private(set) var resources = ContainerResources(nil)

    init(_ list: ContainerList, _ index: Int, _ json: JSON) {
        self.list = list
        self.index = index
        self.json = json
        guard case .object(let container) = json else { return }
        var resourcesValue: JSON?
        PodContainer.fields.forEachMember(of: container) { field, member in
            let value: JSON? = member
            switch field {
            case .image: image = image ?? value
            case .securityContext: securityContext = securityContext ?? value
            case .ports: ports = ports ?? value
            case .restartPolicy: restartPolicy = restartPolicy ?? value
            case .resources: resourcesValue = resourcesValue ?? value
            }
        }
        resources = ContainerResources(resourcesValue)
    }

    private enum Field {
        case image, securityContext, ports, restartPolicy, resources
    }

    private static let fields = FieldNames<Field>([
        ("image", .image), ("securityContext", .securityContext), ("ports", .ports),
        ("restartPolicy", .restartPolicy), ("resources", .resources),
    ])
}

/// The member names one pass over an object looks for. A member's name is compared by UTF-8 length
/// first, so most members are passed over with an integer comparison; equal lengths compare bytes,
/// as `JSONObject`'s lookups do. Lengths, names and fields are kept apart so that scanning the lengths
/// copies no strings.
struct FieldNames<Field: Sendable>: Sendable {
    private let lengths: [Int]
    private let names: [String]
    private let fields: [Field]

    init(_ names: [(String, Field)]) {
        lengths = names.map { $0.0.utf8.count }
        self.names = names.map(\.0)
        fields = names.map(\.1)
    }

    func field(named key: String) -> Field? {
        field(named: key, length: key.utf8.count)
    }

    /// Calls `body` with each member of `object` whose name is one of these, in member order; only
    /// those members' values are copied out.
    func forEachMember(of object: JSONObject, _ body: (Field, JSON) -> Void) {
        let members = object.members
        for i in members.indices {
            // The length alone rules most members out, before their name is even copied.
            let length = members[i].key.utf8.count
            guard lengths.contains(length), let field = field(named: members[i].key, length: length) else { continue }
            body(field, members[i].value)
        }
    }

    private func field(named key: String, length: Int) -> Field? {
        for i in lengths.indices where lengths[i] == length && key.hasSameUTF8(as: names[i]) { return fields[i] }
        return nil
    }
}
