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

    private let tenantByName: [String: Int]
    /// System namespaces and the tenants' namespace names, in one table: `tenantOwning(namespace:)`
    /// runs for every request and answers with one lookup.
    private let namespaces: [String: NamespaceClaim]
    /// Longest prefix first, so the first match is the longest.
    private let prefixes: [(prefix: String, tenant: Int)]
    private let tenantByGroup: [String: Int]
    private let tenantByUser: [String: Int]
    /// Keys are `system:serviceaccount:<ns>:<name>`, the username the API server sends.
    private let tenantByServiceAccountUser: [String: Int]
    /// Namespaces where `<ns>:*` gives every service account to a tenant.
    private let tenantByServiceAccountNamespace: [String: Int]
    /// What each user and group name means to `Actor.resolve`, admin status and ownership together, so
    /// resolving an actor takes one lookup per name (see `Principal`).
    private let userPrincipals: [String: Principal]
    private let groupPrincipals: [String: Principal]

    private enum NamespaceClaim {
        case system
        case tenant(Int)
    }

    public init(platform: Platform, tenants: [Tenant], contentHash: String) {
        let sorted = tenants.sorted { $0.name < $1.name }
        self.platform = platform
        self.tenants = sorted
        self.contentHash = contentHash

        var byName: [String: Int] = [:]
        var byNamespace: [String: Int] = [:]
        var prefixes: [(String, Int)] = []
        var byGroup: [String: Int] = [:]
        var byUser: [String: Int] = [:]
        var bySA: [String: Int] = [:]
        var bySANamespace: [String: Int] = [:]
        for (i, t) in sorted.enumerated() {
            if byName[t.name] == nil { byName[t.name] = i }
            for ns in t.namespaceNames where byNamespace[ns] == nil { byNamespace[ns] = i }
            for p in t.namespacePrefixes { prefixes.append((p, i)) }
            for g in t.ownerGroups where byGroup[g] == nil { byGroup[g] = i }
            for u in t.ownerUsers where byUser[u] == nil { byUser[u] = i }
            for sa in t.serviceAccounts {
                if let name = sa.name {
                    let key = "system:serviceaccount:\(sa.namespace):\(name)"
                    if bySA[key] == nil { bySA[key] = i }
                } else if bySANamespace[sa.namespace] == nil {
                    bySANamespace[sa.namespace] = i
                }
            }
        }
        self.tenantByName = byName
        var namespaces = byNamespace.mapValues(NamespaceClaim.tenant)
        for ns in platform.systemNamespaces { namespaces[ns] = .system }
        self.namespaces = namespaces
        self.prefixes = prefixes.sorted { $0.0.utf8.count > $1.0.utf8.count || ($0.0.utf8.count == $1.0.utf8.count && $0.1 < $1.1) }
        self.tenantByGroup = byGroup
        self.tenantByUser = byUser
        self.tenantByServiceAccountUser = bySA
        self.tenantByServiceAccountNamespace = bySANamespace

        var users: [String: Principal] = [:]
        for user in platform.adminUsers { users[user, default: Principal()].isAdmin = true }
        for (user, i) in byUser { users[user, default: Principal()].tenant = i }
        for (user, i) in bySA where byUser[user] == nil { users[user, default: Principal()].tenant = i }
        var groups: [String: Principal] = [:]
        for group in platform.adminGroups { groups[group, default: Principal()].isAdmin = true }
        for (group, i) in byGroup { groups[group, default: Principal()].tenant = i }
        self.userPrincipals = users
        self.groupPrincipals = groups
    }

    public func tenant(named name: String) -> Tenant? {
        tenantByName[name].map { tenants[$0] }
    }

    /// The tenant that owns `namespace`: an exact name first, then the longest matching prefix.
    /// System namespaces and the empty namespace (cluster scope) belong to nobody.
    public func tenantOwning(namespace: String) -> Tenant? {
        tenantIndex(owningNamespace: namespace).map { tenants[$0] }
    }

    /// `tenantOwning(namespace:)` as an index into `tenants`, for callers that compare before copying.
    /// Prefixes compare as bytes: namespace names are ASCII DNS labels.
    func tenantIndex<Name: StringProtocol>(owningNamespace namespace: Name) -> Int? {
        guard !namespace.isEmpty else { return nil }
        switch namespaces[String(namespace)] {
        case .system?: return nil
        case .tenant(let i)?: return i
        case nil: break
        }
        for entry in prefixes where namespace.utf8.starts(with: entry.prefix.utf8) { return entry.tenant }
        return nil
    }

    /// The tenant whose owners list `username` (a user, or a service account named in `serviceAccounts`).
    public func tenantOwning(user username: String) -> Tenant? {
        tenantOwning(user: username, serviceAccountNamespace: ServiceAccountName.namespace(ofUsername: username))
    }

    /// `tenantOwning(user:)` for a caller that has already split the username
    /// (`ServiceAccountName.namespace(ofUsername:)`), so a request parses it once.
    func tenantOwning(user username: String, serviceAccountNamespace: Substring?) -> Tenant? {
        if let i = tenantByUser[username] ?? tenantByServiceAccountUser[username] { return tenants[i] }
        if let namespace = serviceAccountNamespace, let i = tenantIndex(ownerOfServiceAccountsIn: namespace) {
            return tenants[i]
        }
        return nil
    }

    /// The tenant whose owners list `group`.
    public func tenantOwning(group: String) -> Tenant? {
        tenantByGroup[group].map { tenants[$0] }
    }

    /// What a user name means: a platform admin, an owner of a tenant (as a user or as a named service
    /// account), or both; nil for neither. Ownership through a `<ns>:*` service account pattern is not
    /// included: see `tenantIndex(ownerOfServiceAccountsIn:)`.
    func principal(user: String) -> Principal? {
        userPrincipals.isEmpty ? nil : userPrincipals[user]
    }

    /// What a group name means: a platform admin group, an owner group of a tenant, or both.
    func principal(group: String) -> Principal? {
        groupPrincipals.isEmpty ? nil : groupPrincipals[group]
    }

    /// The tenant whose `serviceAccounts` give it every service account of `namespace` (`<ns>:*`).
    func tenantIndex(ownerOfServiceAccountsIn namespace: Substring) -> Int? {
        tenantByServiceAccountNamespace.isEmpty ? nil : tenantByServiceAccountNamespace[String(namespace)]
    }
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

    /// The namespace of a service account's username, without building its name; nil for other users.
    static func namespace(ofUsername username: String) -> Substring? {
        split(username)?.namespace
    }

    /// `system:serviceaccount:<namespace>:<name>` into its two non-empty parts, split at the first `:`
    /// after the prefix. Bytes, not Characters: the API server writes these names in ASCII, and a
    /// combining mark after a `:` must not hide it.
    private static func split(_ username: String) -> (namespace: Substring, name: Substring)? {
        guard username.hasUTF8Prefix(usernamePrefix) else { return nil }
        let prefix = usernamePrefix.utf8.count
        let colonOffset = username.withUTF8Bytes { bytes -> Int? in
            guard let colon = bytes[prefix...].firstIndex(of: UInt8(ascii: ":")), colon > prefix, colon + 1 < bytes.count
            else { return nil }
            return colon
        }
        guard let colonOffset else { return nil }
        let utf8 = username.utf8
        let namespaceStart = utf8.index(utf8.startIndex, offsetBy: prefix)
        let colon = utf8.index(utf8.startIndex, offsetBy: colonOffset)
        return (username[namespaceStart..<colon], username[utf8.index(after: colon)...])
    }
}
