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
    public var enforcement: [RuleID: RuleAction]

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
    }

    public func action(for rule: RuleID) -> RuleAction { enforcement[rule] ?? .deny }

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
public struct Tenant: Sendable, Equatable {
    public var name: String
    public var ownerGroups: [String]
    public var ownerUsers: [String]
    public var serviceAccounts: [ServiceAccountPattern]
    public var namespaceNames: [String]
    public var namespacePrefixes: [String]
    public var namespaceLabels: [KeyValue]
    public var namespaceAnnotations: [KeyValue]
    /// nil: the tenant may use any class, and no default is injected.
    public var priorityClasses: TenantPriorityClasses?
    /// nil: no container defaults or bounds.
    public var containers: ContainerPolicy?
    /// nil: no quota check.
    public var quota: QuotaPolicy?
    public var nodeSelector: [KeyValue]
    /// Empty: any registry.
    public var registries: [String]
    public var serviceTypes: [String]
    /// Empty: any storage class.
    public var storageClasses: [String]
    public var clusterRoles: [String]
    /// nil: SecretStores are not checked.
    public var vaultPathPrefix: String?

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
        self.name = name
        self.ownerGroups = ownerGroups
        self.ownerUsers = ownerUsers
        self.serviceAccounts = serviceAccounts
        self.namespaceNames = namespaceNames
        self.namespacePrefixes = namespacePrefixes
        self.namespaceLabels = namespaceLabels
        self.namespaceAnnotations = namespaceAnnotations
        self.priorityClasses = priorityClasses
        self.containers = containers
        self.quota = quota
        self.nodeSelector = nodeSelector
        self.registries = registries
        self.serviceTypes = serviceTypes
        self.storageClasses = storageClasses
        self.clusterRoles = clusterRoles
        self.vaultPathPrefix = vaultPathPrefix
    }
}
