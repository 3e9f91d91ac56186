/// The validation rules of the catalogue (policy.md §3). The raw value is the stable id used in
/// messages, metrics, audit annotations, enforcement settings and replay output.
public enum RuleID: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    // Actor rules: the actor is tenant T.
    case clusterScope = "cluster-scope"
    case namespaceOwnership = "namespace-ownership"
    case crossTenant = "cross-tenant"
    case platformOwned = "platform-owned"
    case rbacEscalation = "rbac-escalation"
    // Object rules: the object lives in a namespace of tenant T.
    case tenantLabel = "tenant-label"
    case priorityClass = "priority-class"
    case containerLimits = "container-limits"
    case quotaFit = "quota-fit"
    case nodeIsolation = "node-isolation"
    case imageRegistry = "image-registry"
    case serviceType = "service-type"
    case podSecurity = "pod-security"
    case storageClass = "storage-class"
    case secretStoreScope = "secret-store-scope"
    case pdbDrain = "pdb-drain"

    public var description: String { rawValue }

    /// A bit of its own for each rule (its place in the catalogue), to hold a set of rules in one word.
    var bit: UInt32 {
        switch self {
        case .clusterScope: return 1 << 0
        case .namespaceOwnership: return 1 << 1
        case .crossTenant: return 1 << 2
        case .platformOwned: return 1 << 3
        case .rbacEscalation: return 1 << 4
        case .tenantLabel: return 1 << 5
        case .priorityClass: return 1 << 6
        case .containerLimits: return 1 << 7
        case .quotaFit: return 1 << 8
        case .nodeIsolation: return 1 << 9
        case .imageRegistry: return 1 << 10
        case .serviceType: return 1 << 11
        case .podSecurity: return 1 << 12
        case .storageClass: return 1 << 13
        case .secretStoreScope: return 1 << 14
        case .pdbDrain: return 1 << 15
        }
    }

    /// `rawValue` as a literal, for messages written as bytes (`TextBuilder` copies a literal inline; a
    /// `String` it must look up through a call).
    var literal: StaticString {
        switch self {
        case .clusterScope: return "cluster-scope"
        case .namespaceOwnership: return "namespace-ownership"
        case .crossTenant: return "cross-tenant"
        case .platformOwned: return "platform-owned"
        case .rbacEscalation: return "rbac-escalation"
        case .tenantLabel: return "tenant-label"
        case .priorityClass: return "priority-class"
        case .containerLimits: return "container-limits"
        case .quotaFit: return "quota-fit"
        case .nodeIsolation: return "node-isolation"
        case .imageRegistry: return "image-registry"
        case .serviceType: return "service-type"
        case .podSecurity: return "pod-security"
        case .storageClass: return "storage-class"
        case .secretStoreScope: return "secret-store-scope"
        case .pdbDrain: return "pdb-drain"
        }
    }

    /// Sorted by id, as replay and audit annotations list them.
    public static func < (a: RuleID, b: RuleID) -> Bool { a.rawValue < b.rawValue }
}

/// The mutations of policy.md §4.
public enum MutationID: String, Sendable, CaseIterable, CustomStringConvertible {
    case tenantLabel = "tenant-label"
    case namespaceMetadata = "namespace-metadata"
    case defaultPriorityClass = "default-priority-class"
    case defaultResources = "default-resources"
    case nodeSelector = "node-selector"

    public var description: String { rawValue }
}
