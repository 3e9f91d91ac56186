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
