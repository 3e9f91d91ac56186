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

    /// `rawValue` as a literal, for answers written as bytes.
    var literal: StaticString {
        switch self {
        case .admin: return "admin"
        case .tenant: return "tenant"
        case .system: return "system"
        case .other: return "other"
        }
    }
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
    ///
    /// Runs for every request on both endpoints, so each name is looked up once (`PolicySet.principal`
    /// says whether it is an admin and which tenant it owns) and tenants are handled by index until the
    /// answer is known.
    static func resolve(_ userInfo: UserInfo, namespaceOwner: Tenant?, in policies: PolicySet) -> Actor {
        // Names are looked up by their bytes where the request holds them (a decoded review's tape):
        // no `String` is built for the user, its groups or its service account's namespace. One read
        // of the username answers everything asked of it below (each read copies the user's fields);
        // the service account's lookup is then wasted only on admins and owners named as users.
        let (user, serviceAccount, isSystemUser) = userInfo.withUsernameBytes { bytes in
            let username = UnsafeRawBufferPointer(bytes)
            // Compared as bytes, as the API server does.
            let prefix: StaticString = "system:"
            let isSystem = username.count >= prefix.utf8CodeUnitCount
                && NameTable<Int>.bytesEqual(username.baseAddress, prefix.utf8Start, prefix.utf8CodeUnitCount)
            let serviceAccount = isSystem
                ? ServiceAccountName.namespace(ofUsername: username).flatMap(policies.serviceAccountTenant(inNamespace:)) : nil
            return (policies.principal(user: username), serviceAccount, isSystem)
        }
        if user?.isAdmin == true { return Actor(kind: .admin) }
        // Tenants the user acts for through its groups (and its service account's namespace, below).
        // They are only ever asked two things, so they are folded as they come instead of collected:
        // is the namespace's owner among them, and which is first in name order.
        var candidates = Candidates(policies: policies, namespaceOwner: namespaceOwner)
        var isAdmin = false
        userInfo.forEachGroup { group in
            guard let principal = policies.principal(group: UnsafeRawBufferPointer(group)) else { return true }
            // Admin membership decides before anything else does.
            if principal.isAdmin {
                isAdmin = true
                return false
            }
            if let tenant = principal.tenant { candidates.add(tenant) }
            return true
        }
        if isAdmin { return Actor(kind: .admin) }
        if let tenant = user?.tenant { return Actor(kind: .tenant, tenant: policies.tenants[tenant]) }
        switch serviceAccount {
        case .listed(let tenant)?: return Actor(kind: .tenant, tenant: policies.tenants[tenant])
        case .ofNamespace(let tenant)?: candidates.add(tenant)
        case nil: break
        }
        if let tenant = candidates.chosen(namespaceOwner: namespaceOwner) { return Actor(kind: .tenant, tenant: tenant) }
        return Actor(kind: isSystemUser ? .system : .other)
    }
}

/// The tenants a user may act as through its groups or service account: the namespace's owner when
/// it is one of them, else the first in name order. Held as indexes, so no tenant is copied before
/// the answer is known.
private struct Candidates {
    let policies: PolicySet
    let ownerName: String?
    private var first: Int?
    private var includesOwner = false

    init(policies: PolicySet, namespaceOwner: Tenant?) {
        self.policies = policies
        ownerName = namespaceOwner?.name
    }

    mutating func add(_ tenant: Int) {
        let name = policies.tenants[tenant].name
        if let first, !(name < policies.tenants[first].name) {} else { first = tenant }
        if name == ownerName { includesOwner = true }
    }

    /// The chosen tenant: `namespaceOwner` itself when it is among them.
    func chosen(namespaceOwner: Tenant?) -> Tenant? {
        if includesOwner { return namespaceOwner }
        return first.map { policies.tenants[$0] }
    }
}
