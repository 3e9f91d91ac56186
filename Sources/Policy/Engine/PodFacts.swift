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

/// What the pod rules read from a pod spec, looked up once per object: six rules read a dozen fields
/// between them, and four walk the containers. Lookups scan the parsed bytes without building the
/// spec (see `JSONObject`), so each field costs one scan and the spec is never materialized here.
///
/// A class, though immutable: each rule that reads it (and each loop over the containers) would
/// otherwise copy a dozen JSON values, a retain and a release apiece.
final class PodFacts: Sendable {
    let priorityClassName: JSON?
    let nodeName: JSON?
    let nodeSelector: JSON?
    let hostNetwork: JSON?
    let hostPID: JSON?
    let hostIPC: JSON?
    let securityContext: JSON?
    let volumes: JSON?
    let overhead: JSON?
    /// Every container of `containers`, `initContainers` and `ephemeralContainers`, in that order.
    let containers: [PodContainer]

    init?(object: JSON, shape: WorkloadShape) {
        guard case .object(let spec)? = object.value(at: shape.specPath) else { return nil }
        priorityClassName = spec["priorityClassName"]
        nodeName = spec["nodeName"]
        nodeSelector = spec["nodeSelector"]
        hostNetwork = spec["hostNetwork"]
        hostPID = spec["hostPID"]
        hostIPC = spec["hostIPC"]
        securityContext = spec["securityContext"]
        volumes = spec["volumes"]
        overhead = spec["overhead"]

        let lists = (
            spec[ContainerList.containers.rawValue]?.arrayValue ?? [],
            spec[ContainerList.initContainers.rawValue]?.arrayValue ?? [],
            spec[ContainerList.ephemeralContainers.rawValue]?.arrayValue ?? []
        )
        var containers: [PodContainer] = []
        containers.reserveCapacity(lists.0.count + lists.1.count + lists.2.count)
        for (index, container) in lists.0.enumerated() { containers.append(PodContainer(.containers, index, container)) }
        for (index, container) in lists.1.enumerated() { containers.append(PodContainer(.initContainers, index, container)) }
        for (index, container) in lists.2.enumerated() { containers.append(PodContainer(.ephemeralContainers, index, container)) }
        self.containers = containers
    }
}

/// One container of a pod spec with the fields the pod rules read, and its requests and limits read
/// once for both rules that compare them (`container-limits`, `quota-fit`).
final class PodContainer: Sendable {
    let list: ContainerList
    let index: Int
    let json: JSON
    let image: JSON?
    let securityContext: JSON?
    let ports: JSON?
    let restartPolicy: JSON?
    let resources: ContainerResources

    init(_ list: ContainerList, _ index: Int, _ json: JSON) {
        self.list = list
        self.index = index
        self.json = json
        image = json["image"]
        securityContext = json["securityContext"]
        ports = json["ports"]
        restartPolicy = json["restartPolicy"]
        resources = ContainerResources(json["resources"])
    }
}
