/// The immutable, indexed policy set the engine evaluates. A reload builds a new one and swaps the
/// reference; nothing here changes after `init`, so it is shared freely across threads.
///
/// The compiler rejects ambiguity (two tenants claiming one namespace, prefix, owner group or user)
/// before building a set; `init` itself trusts its input and, should two tenants still collide, keeps
/// the first in name order.
public final class PolicySet: Sendable {
    public let platform: Platform
    /// Sorted by name.
    public let tenants: [Tenant]
    /// A hash of the compiled content (not of the YAML text: comments and ordering of documents do not
    /// change it), to tell which set a replica is serving.
    public let contentHash: String

    /// Every per-request lookup below is keyed by a name's UTF-8 bytes (`NameTable`): names match when
    /// their bytes are equal, as the API server and RBAC compare them (docs/decisions.md).
    private let tenantByName: NameTable<Int>
    /// System namespaces, the tenants' namespace names and the namespaces whose service accounts a
    /// `<ns>:*` pattern gives to a tenant, in one table: `tenantOwning(namespace:)` runs for every
    /// request and answers with one lookup, and a service account's namespace is looked up once.
    private let namespaces: NameTable<NamespaceEntry>
    /// Longest prefix first.
    private let prefixes: PrefixTable
    /// What each user and group name means to `Actor.resolve`, admin status and ownership together, so
    /// resolving an actor takes one lookup per name (see `Principal`). A user's tenant is the one that
    /// lists it as an owner, else the one whose `serviceAccounts` name it
    /// (`system:serviceaccount:<ns>:<name>`, the username the API server sends).
    private let userPrincipals: NameTable<Principal>
    private let groupPrincipals: NameTable<Principal>

    private enum NamespaceClaim {
        case system
        case tenant(Int)
    }

    /// What a namespace name means: who claims it by name, if anyone, and which tenant its service
    /// accounts act as through a `<ns>:*` pattern, if any.
    private struct NamespaceEntry {
        var claim: NamespaceClaim?
        var serviceAccountsOwner: Int?
    }

    public init(platform: Platform, tenants: [Tenant], contentHash: String) {
        let sorted = tenants.sorted { $0.name < $1.name }
        self.platform = platform
        self.tenants = sorted
        self.contentHash = contentHash

        // Built keyed by bytes too (`[UInt8]` hashes and compares its elements), so names that differ
        // only in their bytes stay two entries, as the tables keep them. The first claim in name order
        // of each name is kept.
        var byName: [([UInt8], Int)] = []
        var namespaces: [[UInt8]: NamespaceEntry] = [:]
        var prefixes: [(prefix: String, tenant: Int)] = []
        var users: [[UInt8]: Principal] = [:]
        var groups: [[UInt8]: Principal] = [:]
        var serviceAccountUsers: [([UInt8], Int)] = []
        for (i, t) in sorted.enumerated() {
            byName.append((Array(t.name.utf8), i))
            for ns in t.namespaceNames where namespaces[Array(ns.utf8), default: NamespaceEntry()].claim == nil {
                namespaces[Array(ns.utf8), default: NamespaceEntry()].claim = .tenant(i)
            }
            for p in t.namespacePrefixes { prefixes.append((p, i)) }
            for g in t.ownerGroups where groups[Array(g.utf8), default: Principal()].tenant == nil {
                groups[Array(g.utf8), default: Principal()].tenant = i
            }
            for u in t.ownerUsers where users[Array(u.utf8), default: Principal()].tenant == nil {
                users[Array(u.utf8), default: Principal()].tenant = i
            }
            for sa in t.serviceAccounts {
                if let name = sa.name {
                    serviceAccountUsers.append((Array("\(ServiceAccountName.usernamePrefix)\(sa.namespace):\(name)".utf8), i))
                } else if namespaces[Array(sa.namespace.utf8), default: NamespaceEntry()].serviceAccountsOwner == nil {
                    namespaces[Array(sa.namespace.utf8), default: NamespaceEntry()].serviceAccountsOwner = i
                }
            }
        }
        // A user listed by a tenant as an owner keeps that tenant over a named service account's.
        for (user, i) in serviceAccountUsers where users[user, default: Principal()].tenant == nil {
            users[user, default: Principal()].tenant = i
        }
        for ns in platform.systemNamespaces { namespaces[Array(ns.utf8), default: NamespaceEntry()].claim = .system }
        for user in platform.adminUsers { users[Array(user.utf8), default: Principal()].isAdmin = true }
        for group in platform.adminGroups { groups[Array(group.utf8), default: Principal()].isAdmin = true }

        self.tenantByName = NameTable(bytes: byName)
        self.namespaces = NameTable(bytes: Array(namespaces))
        self.prefixes = PrefixTable(prefixes)
        self.userPrincipals = NameTable(bytes: Array(users))
        self.groupPrincipals = NameTable(bytes: Array(groups))
    }

    public func tenant(named name: String) -> Tenant? {
        tenantByName.value(for: name).map { tenants[$0] }
    }

    /// The tenant that owns `namespace`: an exact name first, then the longest matching prefix.
    /// System namespaces and the empty namespace (cluster scope) belong to nobody.
    public func tenantOwning(namespace: String) -> Tenant? {
        tenantIndex(owningNamespace: namespace).map { tenants[$0] }
    }

    /// `tenantOwning(namespace:)` as an index into `tenants`, for callers that compare before copying.
    func tenantIndex(owningNamespace namespace: String) -> Int? {
        guard !namespace.isEmpty else { return nil }
        return namespace.withNameBytes { tenantIndex(owningNamespace: $0) }
    }

    /// `tenantIndex(owningNamespace:)` of a namespace's bytes.
    func tenantIndex(owningNamespace namespace: UnsafeRawBufferPointer) -> Int? {
        guard namespace.count > 0 else { return nil }
        return tenantIndex(owningNamespace: namespace, entry: namespaces.value(for: namespace))
    }

    /// The owner of a namespace whose entry in `namespaces` has been looked up.
    private func tenantIndex(owningNamespace namespace: UnsafeRawBufferPointer, entry: NamespaceEntry?) -> Int? {
        switch entry?.claim {
        case .system?: return nil
        case .tenant(let i)?: return i
        case nil: return prefixes.tenant(matching: namespace)
        }
    }

    /// Whether `namespace` is one of the Platform's system namespaces, by its bytes.
    func isSystemNamespace(_ namespace: String) -> Bool {
        if case .system? = namespaces.value(for: namespace)?.claim { return true }
        return false
    }

    /// The tenant whose owners list `username` (a user, or a service account named in `serviceAccounts`).
    public func tenantOwning(user username: String) -> Tenant? {
        if let i = principal(user: username)?.tenant { return tenants[i] }
        let namespace = username.withUTF8Bytes { bytes in
            ServiceAccountName.namespace(ofUsername: UnsafeRawBufferPointer(bytes)).flatMap { tenantIndex(ownerOfServiceAccountsIn: $0) }
        }
        return namespace.map { tenants[$0] }
    }

    /// The tenant whose owners list `group`.
    public func tenantOwning(group: String) -> Tenant? {
        principal(group: group)?.tenant.map { tenants[$0] }
    }

    /// What a user name means: a platform admin, an owner of a tenant (as a user or as a named service
    /// account), or both; nil for neither. Ownership through a `<ns>:*` service account pattern is not
    /// included: see `serviceAccountTenant(inNamespace:)`.
    func principal(user: String) -> Principal? {
        userPrincipals.value(for: user)
    }

    func principal(user: UnsafeRawBufferPointer) -> Principal? {
        userPrincipals.value(for: user)
    }

    /// What a group name means: a platform admin group, an owner group of a tenant, or both.
    func principal(group: String) -> Principal? {
        groupPrincipals.value(for: group)
    }

    func principal(group: UnsafeRawBufferPointer) -> Principal? {
        groupPrincipals.value(for: group)
    }

    /// The tenant whose `serviceAccounts` give it every service account of `namespace` (`<ns>:*`).
    func tenantIndex(ownerOfServiceAccountsIn namespace: UnsafeRawBufferPointer) -> Int? {
        namespaces.value(for: namespace)?.serviceAccountsOwner
    }

    /// The tenant a service account of `namespace` acts as, from one lookup of the namespace: the one
    /// whose `<ns>:*` pattern lists it (`.listed`), else the namespace's owner (`.ofNamespace`), which
    /// `Actor.resolve` weighs against the user's groups.
    func serviceAccountTenant(inNamespace namespace: UnsafeRawBufferPointer) -> ServiceAccountTenant? {
        guard namespace.count > 0 else { return nil }
        let entry = namespaces.value(for: namespace)
        if let listed = entry?.serviceAccountsOwner { return .listed(listed) }
        return tenantIndex(owningNamespace: namespace, entry: entry).map(ServiceAccountTenant.ofNamespace)
    }
}

/// Which tenant a service account's namespace gives it, as an index into `PolicySet.tenants`.
enum ServiceAccountTenant: Equatable {
    /// A `<ns>:*` service account pattern of this tenant covers the namespace.
    case listed(Int)
    /// The namespace belongs to this tenant.
    case ofNamespace(Int)
}

/// What one user or group name means to actor resolution.
struct Principal {
    var isAdmin = false
    /// The index in `PolicySet.tenants` of the tenant this name owns, if any.
    var tenant: Int?
}

/// `system:serviceaccount:<namespace>:<name>`, split.
public struct ServiceAccountName: Sendable, Equatable {
    public var namespace: String
    public var name: String
    public static let usernamePrefix = "system:serviceaccount:"

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public init?(username: String) {
        guard let (namespace, name) = ServiceAccountName.split(username) else { return nil }
        self.namespace = String(namespace)
        self.name = String(name)
    }

    /// The bytes of a service account's namespace in its username's bytes, without building a string;
    /// nil for other users.
    static func namespace(ofUsername username: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        split(username).map { username[$0.namespace] }.map(UnsafeRawBufferPointer.init(rebasing:))
    }

    /// `system:serviceaccount:<namespace>:<name>` into its two non-empty parts, split at the first `:`
    /// after the prefix. Bytes, not Characters: the API server writes these names in ASCII, and a
    /// combining mark after a `:` must not hide it.
    private static func split(_ username: String) -> (namespace: Substring, name: Substring)? {
        let ranges = username.withUTF8Bytes { split(UnsafeRawBufferPointer($0)) }
        guard let ranges else { return nil }
        let utf8 = username.utf8
        let namespaceStart = utf8.index(utf8.startIndex, offsetBy: ranges.namespace.lowerBound)
        let colon = utf8.index(utf8.startIndex, offsetBy: ranges.namespace.upperBound)
        return (username[namespaceStart..<colon], username[utf8.index(after: colon)...])
    }

    /// The byte ranges of the two parts of `system:serviceaccount:<namespace>:<name>`.
    private static func split(_ bytes: UnsafeRawBufferPointer) -> (namespace: Range<Int>, name: Range<Int>)? {
        let prefix: StaticString = "system:serviceaccount:"
        let prefixCount = prefix.utf8CodeUnitCount
        guard let base = bytes.baseAddress, bytes.count > prefixCount, NameTable<Int>.bytesEqual(base, prefix.utf8Start, prefixCount)
        else { return nil }
        var colon = prefixCount
        while colon < bytes.count, base.load(fromByteOffset: colon, as: UInt8.self) != UInt8(ascii: ":") { colon &+= 1 }
        // No colon leaves `colon` at the end, which the second test rejects.
        guard colon > prefixCount, colon + 1 < bytes.count else { return nil }
        return (prefixCount..<colon, (colon + 1)..<bytes.count)
    }
}
