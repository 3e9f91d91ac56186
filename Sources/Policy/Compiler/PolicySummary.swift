/// What a compiled policy set covers, for `tenantry compile` and the server's reload log line.
public struct PolicySummary: Sendable, Equatable, CustomStringConvertible {
    public var tenants: Int
    public var namespaceNames: Int
    public var namespacePrefixes: Int
    public var ownerGroups: Int
    public var ownerUsers: Int
    public var serviceAccounts: Int
    /// Every validation rule of the catalogue is enforced; these split them by action.
    public var denyRules: [RuleID]
    public var warnRules: [RuleID]
    public var auditRules: [RuleID]
    public var mutations: Int
    public var contentHash: String

    public init(_ set: PolicySet) {
        tenants = set.tenants.count
        namespaceNames = set.tenants.reduce(0) { $0 + $1.namespaceNames.count }
        namespacePrefixes = set.tenants.reduce(0) { $0 + $1.namespacePrefixes.count }
        ownerGroups = set.tenants.reduce(0) { $0 + $1.ownerGroups.count }
        ownerUsers = set.tenants.reduce(0) { $0 + $1.ownerUsers.count }
        serviceAccounts = set.tenants.reduce(0) { $0 + $1.serviceAccounts.count }
        let rules = RuleID.allCases.sorted()
        denyRules = rules.filter { set.platform.action(for: $0) == .deny }
        warnRules = rules.filter { set.platform.action(for: $0) == .warn }
        auditRules = rules.filter { set.platform.action(for: $0) == .audit }
        mutations = MutationID.allCases.count
        contentHash = set.contentHash
    }

    public var validationRules: Int { denyRules.count + warnRules.count + auditRules.count }

    /// ```
    /// tenants:    2
    /// namespaces: 6 (2 names, 4 prefixes)
    /// owners:     4 (2 groups, 0 users, 2 service accounts)
    /// rules:      16 validation (15 deny, 1 warn, 0 audit), 5 mutations
    ///   warn:     pdb-drain
    /// hash:       sha256:…
    /// ```
    public var description: String {
        var lines = [
            "tenants:    \(tenants)",
            "namespaces: \(namespaceNames + namespacePrefixes) (\(namespaceNames) \(plural(namespaceNames, "name")), \(namespacePrefixes) \(plural(namespacePrefixes, "prefix", "prefixes")))",
            "owners:     \(ownerGroups + ownerUsers + serviceAccounts) (\(ownerGroups) \(plural(ownerGroups, "group")), \(ownerUsers) \(plural(ownerUsers, "user")), \(serviceAccounts) \(plural(serviceAccounts, "service account")))",
            "rules:      \(validationRules) validation (\(denyRules.count) deny, \(warnRules.count) warn, \(auditRules.count) audit), \(mutations) mutations",
        ]
        if !warnRules.isEmpty { lines.append("  warn:     " + warnRules.map(\.rawValue).joined(separator: ", ")) }
        if !auditRules.isEmpty { lines.append("  audit:    " + auditRules.map(\.rawValue).joined(separator: ", ")) }
        lines.append("hash:       sha256:\(contentHash)")
        return lines.joined(separator: "\n")
    }

    private func plural(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        count == 1 ? singular : plural ?? singular + "s"
    }
}
