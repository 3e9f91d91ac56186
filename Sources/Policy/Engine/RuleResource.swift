/// The resources that rules apply to alone (`service-type` to Services, `pdb-drain` to
/// PodDisruptionBudgets, …), told apart once per request: each rule asking `groupResource == .services`
/// compared two `String`s pairwise, five rules on every object.
enum RuleResource: Sendable, CaseIterable {
    case pods
    case namespaces
    case services
    case persistentVolumeClaims
    case statefulSets
    case roleBindings
    case podDisruptionBudgets
    case secretStores

    /// The case whose `groupResource` equals `resource` (as `==` compares it); nil for any other.
    /// The group first: most requests are in the core group, and most of those are Pods.
    init?(_ resource: GroupResource) {
        let name = resource.resource
        switch resource.group {
        case "":
            switch name {
            case "pods": self = .pods
            case "namespaces": self = .namespaces
            case "services": self = .services
            case "persistentvolumeclaims": self = .persistentVolumeClaims
            default: return nil
            }
        case "apps" where name == "statefulsets": self = .statefulSets
        case "rbac.authorization.k8s.io" where name == "rolebindings": self = .roleBindings
        case "policy" where name == "poddisruptionbudgets": self = .podDisruptionBudgets
        case "external-secrets.io" where name == "secretstores": self = .secretStores
        default: return nil
        }
    }

    var groupResource: GroupResource {
        switch self {
        case .pods: return .pods
        case .namespaces: return .namespaces
        case .services: return .services
        case .persistentVolumeClaims: return .persistentVolumeClaims
        case .statefulSets: return .statefulSets
        case .roleBindings: return .roleBindings
        case .podDisruptionBudgets: return .podDisruptionBudgets
        case .secretStores: return .secretStores
        }
    }
}
