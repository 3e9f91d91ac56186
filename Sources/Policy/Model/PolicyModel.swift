/// The compiled form of `policies/`: plain values, resolved and typed, so evaluation does lookups and
/// integer comparisons only. Built by `PolicyCompiler`; tests may build it directly.

/// A key/value pair whose order is kept (labels, annotations, node selectors are injected in the order
/// the policy author wrote them, so patches are stable).
public struct KeyValue: Sendable, Equatable, Hashable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A Kubernetes API group and resource (`"" + "pods"`, `"apps" + "deployments"`).
public struct GroupResource: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var resource: String
    public init(group: String, resource: String) {
        self.group = group
        self.resource = resource
    }
    /// `networking.k8s.io/networkpolicies`, or `resourcequotas` for the core group, as policies write it.
    public var description: String { group.isEmpty ? resource : "\(group)/\(resource)" }
}

/// A quantity from a policy: the text the author wrote (injected verbatim by mutations) and its exact
/// integer amount (millicores for cpu, bytes for memory), compared by the rules.
public struct CompiledQuantity: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var text: String
    public var amount: Int64
    public init(text: String, amount: Int64) {
        self.text = text
        self.amount = amount
    }
    public var description: String { text }
}

/// cpu and memory, the two resources tenantry defaults and bounds per container.
public struct ResourceList: Sendable, Equatable, Hashable {
    public var cpu: CompiledQuantity?
    public var memory: CompiledQuantity?
    public init(cpu: CompiledQuantity? = nil, memory: CompiledQuantity? = nil) {
        self.cpu = cpu
        self.memory = memory
    }
    public var isEmpty: Bool { cpu == nil && memory == nil }
}

/// `Tenant.spec.containers`, like a LimitRange of type Container.
public struct ContainerPolicy: Sendable, Equatable, Hashable {
    public var defaultRequest: ResourceList
    public var defaultLimit: ResourceList
    public var max: ResourceList
    public init(defaultRequest: ResourceList = .init(), defaultLimit: ResourceList = .init(), max: ResourceList = .init()) {
        self.defaultRequest = defaultRequest
        self.defaultLimit = defaultLimit
        self.max = max
    }
}

/// `Tenant.spec.quota`: the compute part of the tenant's per-namespace ResourceQuota. `cpu` and
/// `memory` in the YAML are ResourceQuota's aliases of `requests.cpu` and `requests.memory`.
public struct QuotaPolicy: Sendable, Equatable, Hashable {
    public var requestsCPU: CompiledQuantity?
    public var requestsMemory: CompiledQuantity?
    public var limitsCPU: CompiledQuantity?
    public var limitsMemory: CompiledQuantity?
    public var pods: Int64?
    public init(
        requestsCPU: CompiledQuantity? = nil, requestsMemory: CompiledQuantity? = nil,
        limitsCPU: CompiledQuantity? = nil, limitsMemory: CompiledQuantity? = nil, pods: Int64? = nil
    ) {
        self.requestsCPU = requestsCPU
        self.requestsMemory = requestsMemory
        self.limitsCPU = limitsCPU
        self.limitsMemory = limitsMemory
        self.pods = pods
    }
}

/// One of the cluster's PriorityClasses, as `Platform.spec.priorityClasses` lists it.
public struct PriorityClassSpec: Sendable, Equatable, Hashable {
    public var name: String
    public var value: Int
    /// `PreemptLowerPriority` when the class names none, as the API server defaults it.
    public var preemptionPolicy: String
    /// The class the API server's Priority plugin gives a pod that names none.
    public var globalDefault: Bool
    public init(name: String, value: Int, preemptionPolicy: String = "PreemptLowerPriority", globalDefault: Bool = false) {
        self.name = name
        self.value = value
        self.preemptionPolicy = preemptionPolicy
        self.globalDefault = globalDefault
    }
}

/// `Platform.spec.podSecurity`: `true` allows the feature for tenant pods, `false` forbids it.
/// Everything is forbidden unless the platform allows it.
public struct PodSecurityPolicy: Sendable, Equatable, Hashable {
    public var privileged: Bool
    public var hostNamespaces: Bool
    public var hostPath: Bool
    public var hostPorts: Bool
    /// Capability names without the `CAP_` prefix, upper case.
    public var allowedCapabilities: Set<String>
    public init(privileged: Bool = false, hostNamespaces: Bool = false, hostPath: Bool = false, hostPorts: Bool = false, allowedCapabilities: Set<String> = []) {
        self.privileged = privileged
        self.hostNamespaces = hostNamespaces
        self.hostPath = hostPath
        self.hostPorts = hostPorts
        self.allowedCapabilities = allowedCapabilities
    }
}

/// What a fired validation rule does to the request.
public enum RuleAction: String, Sendable, CaseIterable, Comparable {
    case deny, warn, audit
    public static func < (a: RuleAction, b: RuleAction) -> Bool { a.rank < b.rank }
    private var rank: Int {
        switch self {
        case .deny: return 0
        case .warn: return 1
        case .audit: return 2
        }
    }
}

/// The single `Platform` document.
public struct Platform: Sendable, Equatable {
    public var name: String
    public var tenantLabel: String
    public var adminGroups: Set<String>
    public var adminUsers: Set<String>
    public var systemNamespaces: Set<String>
    public var priorityClasses: [PriorityClassSpec]
    public var platformOwned: Set<GroupResource>
    public var podSecurity: PodSecurityPolicy
    /// Rules absent here deny.
    public var enforcement: [RuleID: RuleAction] {
        didSet { actions = RuleActions(enforcement) }
    }
    /// `enforcement` as `action(for:)` reads it, rebuilt whenever it changes.
    private var actions: RuleActions

    public static let defaultTenantLabel = "tenant"
    public static let defaultSystemNamespaces: Set<String> = ["kube-system", "kube-public", "kube-node-lease", "tenantry-system"]

    public init(
        name: String = "platform",
        tenantLabel: String = Platform.defaultTenantLabel,
        adminGroups: Set<String> = [],
        adminUsers: Set<String> = [],
        systemNamespaces: Set<String> = Platform.defaultSystemNamespaces,
        priorityClasses: [PriorityClassSpec] = [],
        platformOwned: Set<GroupResource> = [],
        podSecurity: PodSecurityPolicy = PodSecurityPolicy(),
        enforcement: [RuleID: RuleAction] = [:]
    ) {
        self.name = name
        self.tenantLabel = tenantLabel
        self.adminGroups = adminGroups
        self.adminUsers = adminUsers
        self.systemNamespaces = systemNamespaces
        self.priorityClasses = priorityClasses
        self.platformOwned = platformOwned
        self.podSecurity = podSecurity
        self.enforcement = enforcement
        self.actions = RuleActions(enforcement)
    }

    public func action(for rule: RuleID) -> RuleAction { actions[rule] }

    public func priorityClass(named name: String) -> PriorityClassSpec? {
        priorityClasses.first { $0.name == name }
    }

    /// The class marked `globalDefault`, if the platform names one.
    public var globalDefaultPriorityClass: PriorityClassSpec? {
        priorityClasses.first { $0.globalDefault }
    }
}

/// `serviceAccounts` entry `"namespace:name"`; `name == nil` stands for `*`.
public struct ServiceAccountPattern: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var namespace: String
    public var name: String?
    public init(namespace: String, name: String?) {
        self.namespace = namespace
        self.name = name
    }
    public var description: String { "\(namespace):\(name ?? "*")" }
}

/// `Tenant.spec.priorityClasses`.
public struct TenantPriorityClasses: Sendable, Equatable, Hashable {
    public var allowed: [String]
    public var defaultClass: String?
    public init(allowed: [String], defaultClass: String? = nil) {
        self.allowed = allowed
        self.defaultClass = defaultClass
    }
}

/// One `Tenant` document.
///
/// A value type whose fields live in one shared, immutable box: the engine passes the tenant it
/// resolved to contexts, actors and every rule, so copying it must cost one reference count rather
/// than one per field.
public struct Tenant: Sendable, Equatable {
    private var storage: Storage

    public var name: String {
        get { storage.fields.name }
        set { update { $0.name = newValue } }
    }
    public var ownerGroups: [String] {
        get { storage.fields.ownerGroups }
        set { update { $0.ownerGroups = newValue } }
    }
    public var ownerUsers: [String] {
        get { storage.fields.ownerUsers }
        set { update { $0.ownerUsers = newValue } }
    }
    public var serviceAccounts: [ServiceAccountPattern] {
        get { storage.fields.serviceAccounts }
        set { update { $0.serviceAccounts = newValue } }
    }
    public var namespaceNames: [String] {
        get { storage.fields.namespaceNames }
        set { update { $0.namespaceNames = newValue } }
    }
    public var namespacePrefixes: [String] {
        get { storage.fields.namespacePrefixes }
        set { update { $0.namespacePrefixes = newValue } }
    }
    public var namespaceLabels: [KeyValue] {
        get { storage.fields.namespaceLabels }
        set { update { $0.namespaceLabels = newValue } }
    }
    public var namespaceAnnotations: [KeyValue] {
        get { storage.fields.namespaceAnnotations }
        set { update { $0.namespaceAnnotations = newValue } }
    }
    /// nil: the tenant may use any class, and no default is injected.
    public var priorityClasses: TenantPriorityClasses? {
        get { storage.fields.priorityClasses }
        set { update { $0.priorityClasses = newValue } }
    }
    /// nil: no container defaults or bounds.
    public var containers: ContainerPolicy? {
        get { storage.fields.containers }
        set { update { $0.containers = newValue } }
    }
    /// nil: no quota check.
    public var quota: QuotaPolicy? {
        get { storage.fields.quota }
        set { update { $0.quota = newValue } }
    }
    public var nodeSelector: [KeyValue] {
        get { storage.fields.nodeSelector }
        set { update { $0.nodeSelector = newValue } }
    }
    /// Empty: any registry.
    public var registries: [String] {
        get { storage.fields.registries }
        set { update { $0.registries = newValue } }
    }
    public var serviceTypes: [String] {
        get { storage.fields.serviceTypes }
        set { update { $0.serviceTypes = newValue } }
    }
    /// Empty: any storage class.
    public var storageClasses: [String] {
        get { storage.fields.storageClasses }
        set { update { $0.storageClasses = newValue } }
    }
    public var clusterRoles: [String] {
        get { storage.fields.clusterRoles }
        set { update { $0.clusterRoles = newValue } }
    }
    /// nil: SecretStores are not checked.
    public var vaultPathPrefix: String? {
        get { storage.fields.vaultPathPrefix }
        set { update { $0.vaultPathPrefix = newValue } }
    }

    public static func == (a: Tenant, b: Tenant) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    /// Changes a field in place when this value is the box's only owner, else in a copy of the box.
    /// Changes a field in a new box. Only the compiler and tests change a tenant, so a box is never
    /// changed in place: its `fields` stay a constant, which the engine, reading them on every request,
    /// reads without the run-time exclusivity check a `var` in a class costs on each read.
    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = storage.fields
        change(&fields)
        storage = Storage(fields)
    }

    private struct Fields: Sendable, Equatable {
        var name: String
        var ownerGroups: [String]
        var ownerUsers: [String]
        var serviceAccounts: [ServiceAccountPattern]
        var namespaceNames: [String]
        var namespacePrefixes: [String]
        var namespaceLabels: [KeyValue]
        var namespaceAnnotations: [KeyValue]
        var priorityClasses: TenantPriorityClasses?
        var containers: ContainerPolicy?
        var quota: QuotaPolicy?
        var nodeSelector: [KeyValue]
        var registries: [String]
        var serviceTypes: [String]
        var storageClasses: [String]
        var clusterRoles: [String]
        var vaultPathPrefix: String?
    }

    /// Immutable, so sharing it between copies and threads is safe.
    private final class Storage: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    public static let defaultServiceTypes = ["ClusterIP"]
    public static let defaultClusterRoles = ["view", "edit"]

    public init(
        name: String,
        ownerGroups: [String] = [],
        ownerUsers: [String] = [],
        serviceAccounts: [ServiceAccountPattern] = [],
        namespaceNames: [String] = [],
        namespacePrefixes: [String] = [],
        namespaceLabels: [KeyValue] = [],
        namespaceAnnotations: [KeyValue] = [],
        priorityClasses: TenantPriorityClasses? = nil,
        containers: ContainerPolicy? = nil,
        quota: QuotaPolicy? = nil,
        nodeSelector: [KeyValue] = [],
        registries: [String] = [],
        serviceTypes: [String] = Tenant.defaultServiceTypes,
        storageClasses: [String] = [],
        clusterRoles: [String] = Tenant.defaultClusterRoles,
        vaultPathPrefix: String? = nil
    ) {
        storage = Storage(Fields(
            name: name, ownerGroups: ownerGroups, ownerUsers: ownerUsers, serviceAccounts: serviceAccounts,
            namespaceNames: namespaceNames, namespacePrefixes: namespacePrefixes, namespaceLabels: namespaceLabels,
            namespaceAnnotations: namespaceAnnotations, priorityClasses: priorityClasses, containers: containers,
            quota: quota, nodeSelector: nodeSelector, registries: registries, serviceTypes: serviceTypes,
            storageClasses: storageClasses, clusterRoles: clusterRoles, vaultPathPrefix: vaultPathPrefix))
    }
}
