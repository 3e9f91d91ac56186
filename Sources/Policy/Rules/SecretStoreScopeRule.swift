import JSON

/// `secret-store-scope`: a tenant's External Secrets `SecretStore` reads Vault only under the tenant's
/// `vaultPathPrefix`. The store authenticates with credentials the platform set up, so a path outside
/// the prefix would hand the tenant another tenant's (or the platform's) secrets wherever the Vault
/// policy is broader than intended. Paths compare segment by segment: `secret/tenants/acme-evil` is not
/// under `secret/tenants/acme`, and `.`, `..` or empty segments are refused outright. A vault provider
/// without a path leaves the choice to every ExternalSecret's key, so it is refused too. Other providers
/// are not this rule's concern.
enum SecretStoreScopeRule: ObjectRule {
    static let id = RuleID.secretStoreScope

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout [Violation]) {
        guard let prefix = tenant.vaultPathPrefix, context.groupResource == .secretStores,
            let vault = object.json["spec"]?["provider"]?["vault"], !vault.isNull
        else { return }
        let wanted = trimSlashes(prefix[...])
        guard let pathValue = vault["path"], !pathValue.isNull else {
            violations.append(Violation(id,
                "vault provider has no path; tenant " + tenant.name + "'s SecretStores must set one under "
                + String(wanted)))
            return
        }
        guard let path = pathValue.stringValue else {
            violations.append(Violation(id,
                "vault path " + RuleText.describe(pathValue) + " is not a string; it must lie under " + String(wanted)))
            return
        }
        let trimmed = trimSlashes(path[...])
        if hasUnsafeSegment(trimmed) {
            violations.append(Violation(id,
                "vault path " + RuleText.quoted(path)
                + " has an empty, \".\" or \"..\" segment; it must lie plainly under " + String(wanted)))
        } else if !isUnder(trimmed, wanted) {
            violations.append(Violation(id,
                "vault path " + RuleText.quoted(path) + " is not under tenant " + tenant.name + "'s prefix "
                + String(wanted)))
        }
    }

    private static func trimSlashes(_ path: Substring) -> Substring {
        var path = path
        while path.first == "/" { path = path.dropFirst() }
        while path.last == "/" { path = path.dropLast() }
        return path
    }

    private static func hasUnsafeSegment(_ path: Substring) -> Bool {
        if path.isEmpty { return true }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty || segment == "." || segment == ".." { return true }
        }
        return false
    }

    /// `path` is `prefix` or continues it after a `/`. An empty prefix allows every path.
    private static func isUnder(_ path: Substring, _ prefix: Substring) -> Bool {
        guard !prefix.isEmpty else { return true }
        guard path.hasPrefix(prefix) else { return false }
        let rest = path.utf8.dropFirst(prefix.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: "/")
    }
}
