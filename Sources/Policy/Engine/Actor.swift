import Admission

/// Who sends a request (policy.md §2).
public enum ActorKind: String, Sendable, Equatable {
    /// Listed in `Platform.spec.admins`: no validation rule applies.
    case admin
    /// Acts as a tenant: actor rules apply.
    case tenant
    /// Any other `system:` user (controllers, kubelets, the scheduler).
    case system
    /// Everyone else.
    case other
}

public struct Actor: Sendable, Equatable {
    public var kind: ActorKind
    /// Set exactly when `kind == .tenant`.
    public var tenant: Tenant?

    public init(kind: ActorKind, tenant: Tenant? = nil) {
        self.kind = kind
        self.tenant = tenant
    }

    /// Resolves the actor of `userInfo`. A user who belongs to several tenants (through groups) acts as
    /// the tenant that owns `namespace` when that is one of them, and otherwise as the first in name order;
    /// an owner listed by username wins over group membership.
    public static func resolve(_ userInfo: UserInfo, namespace: String, in policies: PolicySet) -> Actor {
        let platform = policies.platform
        if platform.adminUsers.contains(userInfo.username)
            || userInfo.groups.contains(where: platform.adminGroups.contains)
        {
            return Actor(kind: .admin)
        }
        if let tenant = policies.tenantOwning(user: userInfo.username) {
            return Actor(kind: .tenant, tenant: tenant)
        }
        var candidates: [Tenant] = []
        for group in userInfo.groups {
            if let tenant = policies.tenantOwning(group: group), !candidates.contains(where: { $0.name == tenant.name }) {
                candidates.append(tenant)
            }
        }
        if let sa = ServiceAccountName(username: userInfo.username), let tenant = policies.tenantOwning(namespace: sa.namespace) {
            if !candidates.contains(where: { $0.name == tenant.name }) { candidates.append(tenant) }
        }
        if !candidates.isEmpty {
            let owner = policies.tenantOwning(namespace: namespace)
            if let owner, candidates.contains(where: { $0.name == owner.name }) {
                return Actor(kind: .tenant, tenant: owner)
            }
            return Actor(kind: .tenant, tenant: candidates.min { $0.name < $1.name })
        }
        if userInfo.username.hasPrefix("system:") { return Actor(kind: .system) }
        return Actor(kind: .other)
    }
}
