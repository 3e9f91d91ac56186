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
    private let tenantByNamespace: [String: Int]
    /// Longest prefix first, so the first match is the longest.
    private let prefixes: [(prefix: String, tenant: Int)]
    private let tenantByGroup: [String: Int]
    private let tenantByUser: [String: Int]
    /// Keys are `system:serviceaccount:<ns>:<name>`, the username the API server sends.
    private let tenantByServiceAccountUser: [String: Int]
    /// Namespaces where `<ns>:*` gives every service account to a tenant.
    private let tenantByServiceAccountNamespace: [String: Int]

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
        self.tenantByNamespace = byNamespace
        self.prefixes = prefixes.sorted { $0.0.utf8.count > $1.0.utf8.count || ($0.0.utf8.count == $1.0.utf8.count && $0.1 < $1.1) }
        self.tenantByGroup = byGroup
        self.tenantByUser = byUser
        self.tenantByServiceAccountUser = bySA
        self.tenantByServiceAccountNamespace = bySANamespace
    }

    public func tenant(named name: String) -> Tenant? {
        tenantByName[name].map { tenants[$0] }
    }

    /// The tenant that owns `namespace`: an exact name first, then the longest matching prefix.
    /// System namespaces and the empty namespace (cluster scope) belong to nobody.
    public func tenantOwning(namespace: String) -> Tenant? {
        guard !namespace.isEmpty, !platform.systemNamespaces.contains(namespace) else { return nil }
        if let i = tenantByNamespace[namespace] { return tenants[i] }
        for entry in prefixes where namespace.hasPrefix(entry.prefix) { return tenants[entry.tenant] }
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
        if let namespace = serviceAccountNamespace, !tenantByServiceAccountNamespace.isEmpty,
            let i = tenantByServiceAccountNamespace[String(namespace)]
        {
            return tenants[i]
        }
        return nil
    }

    /// The tenant whose owners list `group`.
    public func tenantOwning(group: String) -> Tenant? {
        tenantByGroup[group].map { tenants[$0] }
    }
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
        let bytes = username.utf8
        guard bytes.starts(with: usernamePrefix.utf8) else { return nil }
        let rest = bytes.index(bytes.startIndex, offsetBy: usernamePrefix.utf8.count)
        guard let colon = bytes[rest...].firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let nameStart = bytes.index(after: colon)
        guard rest != colon, nameStart != bytes.endIndex else { return nil }
        return (username[rest..<colon], username[nameStart...])
    }
}
