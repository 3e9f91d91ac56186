/// Who a namespace belongs to, worded for the rules that deny a tenant acting outside its own
/// namespaces (`cross-tenant`, `namespace-ownership`, `rbac-escalation`). Only built once a rule fires.
enum NamespaceOwner {
    case tenant(String)
    case system
    case nobody

    init(of namespace: String, in policies: PolicySet) {
        if let owner = policies.tenantOwning(namespace: namespace) {
            self = .tenant(owner.name)
        } else if policies.isSystemNamespace(namespace) {
            self = .system
        } else {
            self = .nobody
        }
    }

    /// `belongs to tenant globex`, `is a system namespace`, `belongs to no tenant`.
    var phrase: String {
        switch self {
        case .tenant(let name): return "belongs to tenant " + name
        case .system: return "is a system namespace"
        case .nobody: return "belongs to no tenant"
        }
    }

    /// Whether `namespace` is `tenant`'s, as `PolicySet` resolves owners (so another tenant's longer
    /// prefix wins over this tenant's shorter one).
    static func isOwned(_ namespace: String, by tenant: Tenant, in policies: PolicySet) -> Bool {
        policies.tenantOwning(namespace: namespace)?.name == tenant.name
    }

    /// `(allowed: tenant-acme, acme-*, vc-acme*)`: the namespaces a tenant may use, prefixes starred.
    static func allowedNamespaces(of tenant: Tenant) -> String {
        RuleText.allowed(tenant.namespaceNames + tenant.namespacePrefixes.map { $0 + "*" })
    }

    /// Appends `allowedNamespaces(of:)` to `text`.
    static func allowedNamespaces(of tenant: Tenant, into text: inout TextBuilder) {
        text.append("(allowed: ")
        var first = true
        for name in tenant.namespaceNames {
            if !first { text.append(", ") }
            text.append(name)
            first = false
        }
        for prefix in tenant.namespacePrefixes {
            if !first { text.append(", ") }
            text.append(prefix)
            text.append("*")
            first = false
        }
        if first { text.append("none") }
        text.append(")")
    }
}
