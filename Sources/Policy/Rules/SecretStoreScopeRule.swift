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

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        guard let prefix = tenant.vaultPathPrefix, context.ruleResource == .secretStores,
            let vault = object.json["spec"]?["provider"]?["vault"], !vault.isNull
        else { return }
        let wanted = trimmingSlashes(prefix[...])
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
        let trimmed = trimmingSlashes(path[...])
        if hasUnsafeSegment(trimmed.utf8) {
            violations.append(Violation(id,
                "vault path " + RuleText.quoted(path)
                + " has an empty, \".\" or \"..\" segment; it must lie plainly under " + String(wanted)))
        } else if !isUnder(trimmed.utf8, wanted.utf8) {
            // Written into one buffer (see `TextBuilder`): a chain of `+` copied the text once per piece.
            violations.append(id) { text in
                text.append("vault path ")
                text.appendQuoted(path)
                text.append(" is not under tenant ")
                text.append(tenant.name)
                text.append("'s prefix ")
                text.append(String(wanted))
            }
        }
    }

    // Paths are read as UTF-8 bytes, as Vault reads them: every separator is ASCII, and the `Character`
    // view both cost several times more (each step finds a grapheme's end) and took a `/` that a
    // combining mark follows for something else.

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// `path` without leading and trailing slashes.
    private static func trimmingSlashes(_ path: Substring) -> Substring {
        let utf8 = path.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == slash { start = utf8.index(after: start) }
        while end > start, utf8[utf8.index(before: end)] == slash { end = utf8.index(before: end) }
        // Next to an ASCII byte, so on the boundaries of the text's scalars.
        return path[start..<end]
    }

    /// Whether `path` is empty or has an empty, `.` or `..` segment.
    private static func hasUnsafeSegment(_ path: Substring.UTF8View) -> Bool {
        if path.isEmpty { return true }
        var length = 0
        var allDots = true
        for byte in path {
            if byte == slash {
                if length == 0 || (allDots && length <= 2) { return true }
                length = 0
                allDots = true
            } else {
                length += 1
                allDots = allDots && byte == dot
            }
        }
        return length == 0 || (allDots && length <= 2)
    }

    /// `path` is `prefix` or continues it after a `/`. An empty prefix allows every path.
    private static func isUnder(_ path: Substring.UTF8View, _ prefix: Substring.UTF8View) -> Bool {
        guard !prefix.isEmpty else { return true }
        guard path.starts(with: prefix) else { return false }
        let rest = path.dropFirst(prefix.count)
        return rest.isEmpty || rest.first == slash
    }
}
