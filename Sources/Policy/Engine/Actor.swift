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
        resolve(userInfo, namespaceOwner: policies.tenantOwning(namespace: namespace), in: policies)
    }

    /// `resolve(_:namespace:in:)` with the namespace's owner already looked up, as the engine has it.
    static func resolve(_ userInfo: UserInfo, namespaceOwner: Tenant?, in policies: PolicySet) -> Actor {
        let platform = policies.platform
        let username = userInfo.username
        if platform.adminUsers.contains(username) || userInfo.groups.contains(where: platform.adminGroups.contains) {
            return Actor(kind: .admin)
        }
        // Split once: both the owner lookup and the service account's namespace need it.
        let serviceAccountNamespace = ServiceAccountName.namespace(ofUsername: username)
        if let tenant = policies.tenantOwning(user: username, serviceAccountNamespace: serviceAccountNamespace) {
            return Actor(kind: .tenant, tenant: tenant)
        }
        // Candidates are only ever asked two things, so they are folded as they come instead of
        // collected: is the namespace's owner among them, and which is first in name order.
        var first: Tenant?
        func consider(_ tenant: Tenant) -> Bool {
            if first.map({ tenant.name < $0.name }) ?? true { first = tenant }
            return namespaceOwner?.name == tenant.name
        }
        for group in userInfo.groups {
            if let tenant = policies.tenantOwning(group: group), consider(tenant) {
                return Actor(kind: .tenant, tenant: namespaceOwner)
            }
        }
        if let serviceAccountNamespace, let tenant = policies.tenantOwning(namespace: String(serviceAccountNamespace)),
            consider(tenant)
        {
            return Actor(kind: .tenant, tenant: namespaceOwner)
        }
        if let first { return Actor(kind: .tenant, tenant: first) }
        // Compared as bytes, as the API server does.
        if username.utf8.starts(with: "system:".utf8) { return Actor(kind: .system) }
        return Actor(kind: .other)
    }
}
