/// Rejects policy sets in which one request could belong to two tenants (policy.md §1): a namespace
/// claimed twice, prefixes where one starts the other, a namespace name inside another tenant's prefix,
/// an owner group, user or service account listed by two tenants, or a service account pattern in a
/// namespace another tenant owns (its service accounts already act as that tenant, policy.md §2).
///
/// Each error sits on the claim written later (by file, then line) and names the other tenant and where
/// it made its claim.
struct AmbiguityChecks {
    let tenants: [TenantDocument]
    let session: CompileSession

    func run() {
        checkExactClaims(\.names, "namespace")
        checkExactClaims(\.groups, "group")
        checkExactClaims(\.users, "user")
        checkServiceAccounts()
        checkPrefixes()
    }

    private struct Owned {
        var claim: Claim
        var tenant: Int
    }

    private func tenantName(_ index: Int) -> String { tenants[index].tenant.name }

    /// Reports the conflict between `a` and `b` on whichever was written later; `relation` reads from `a`
    /// to `b` ("matches"), `reverse` from `b` to `a`. The same value claimed twice reads "is also claimed by".
    private func report(_ a: Owned, _ aNoun: String, _ b: Owned, _ bNoun: String, _ relation: String, reverse: String? = nil) {
        let aIsLater = (a.claim.file, a.claim.line, a.claim.column) >= (b.claim.file, b.claim.line, b.claim.column)
        let (this, thisNoun, other, otherNoun) = aIsLater ? (a, aNoun, b, bNoun) : (b, bNoun, a, aNoun)
        let conflict: String
        if thisNoun == otherNoun, this.claim.value == other.claim.value {
            conflict = "is also claimed by tenant \(tenantName(other.tenant))"
        } else {
            let verb = aIsLater ? relation : reverse ?? relation
            conflict = "\(verb) \(otherNoun) \"\(other.claim.value)\" of tenant \(tenantName(other.tenant))"
        }
        session.diagnostics.error(
            this.claim.file, this.claim.line, this.claim.path,
            "\(thisNoun) \"\(this.claim.value)\" of tenant \(tenantName(this.tenant)) \(conflict) (\(other.claim.location)); a request must map to one tenant",
            column: this.claim.column)
    }

    /// Equal values claimed by two tenants. Equal as the policy set matches names, by their bytes
    /// (`NameTable`): a precomposed and a decomposed "é" in two tenants' owners are two names, which a
    /// request's user or group matches one at a time, so no request maps to both tenants.
    private func checkExactClaims(_ claims: KeyPath<TenantDocument, [Claim]>, _ noun: String) {
        var first: [[UInt8]: Owned] = [:]
        for (index, tenant) in tenants.enumerated() {
            for claim in tenant[keyPath: claims] {
                let owned = Owned(claim: claim, tenant: index)
                let key = Array(claim.value.utf8)
                if let earlier = first[key] {
                    if earlier.tenant != index { report(owned, noun, earlier, noun, "is also claimed by") }
                } else {
                    first[key] = owned
                }
            }
        }
    }

    /// `ns:name` or `ns:*` listed by two tenants, `ns:*` of one tenant next to `ns:name` of another, and
    /// patterns in a namespace another tenant owns by name (prefixes are left to the prefix scan).
    private func checkServiceAccounts() {
        var exact: [String: Owned] = [:]
        var wildcard: [String: Owned] = [:]
        var namespaceOwner: [String: Owned] = [:]
        for (index, tenant) in tenants.enumerated() {
            for name in tenant.names where namespaceOwner[name.value] == nil {
                namespaceOwner[name.value] = Owned(claim: name, tenant: index)
            }
            for (pattern, claim) in tenant.serviceAccounts {
                let owned = Owned(claim: claim, tenant: index)
                let key = pattern.name == nil ? pattern.namespace : claim.value
                if let earlier = pattern.name == nil ? wildcard[key] : exact[key] {
                    if earlier.tenant != index {
                        report(owned, "service account", earlier, "service account", "is also claimed by")
                    }
                } else if pattern.name == nil {
                    wildcard[key] = owned
                } else {
                    exact[key] = owned
                }
            }
        }
        for (index, tenant) in tenants.enumerated() {
            for (pattern, claim) in tenant.serviceAccounts {
                let owned = Owned(claim: claim, tenant: index)
                if pattern.name != nil, let other = wildcard[pattern.namespace], other.tenant != index {
                    report(owned, "service account", other, "service account", "is also covered by", reverse: "also covers")
                }
                if let owner = namespaceOwner[pattern.namespace], owner.tenant != index {
                    report(owned, "service account", owner, "namespace", "is in", reverse: "holds")
                }
            }
        }
    }

    private enum ScanKind: Int {
        case prefix = 0, name = 1, serviceAccount = 2
    }

    private struct ScanItem {
        var key: [UInt8]
        var kind: ScanKind
        var owned: Owned
    }

    /// One sorted pass over prefixes, names and service account namespaces. In byte order every string
    /// that starts with a prefix comes right after it, so a stack of the prefixes that start the current
    /// item (a chain, never longer than a namespace name) finds every overlap in O(n log n).
    private func checkPrefixes() {
        var items: [ScanItem] = []
        for (index, tenant) in tenants.enumerated() {
            for claim in tenant.prefixes {
                items.append(ScanItem(key: Array(claim.value.utf8), kind: .prefix, owned: Owned(claim: claim, tenant: index)))
            }
            for claim in tenant.names {
                items.append(ScanItem(key: Array(claim.value.utf8), kind: .name, owned: Owned(claim: claim, tenant: index)))
            }
            for (pattern, claim) in tenant.serviceAccounts {
                items.append(ScanItem(key: Array(pattern.namespace.utf8), kind: .serviceAccount, owned: Owned(claim: claim, tenant: index)))
            }
        }
        items.sort { a, b in
            if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
            if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
            return (a.owned.claim.file, a.owned.claim.line) < (b.owned.claim.file, b.owned.claim.line)
        }
        var stack: [ScanItem] = []
        for item in items {
            while let top = stack.last, !item.key.starts(with: top.key) { stack.removeLast() }
            for prefix in stack where prefix.owned.tenant != item.owned.tenant {
                switch item.kind {
                case .prefix: report(item.owned, "prefix", prefix.owned, "prefix", "overlaps")
                case .name: report(item.owned, "namespace", prefix.owned, "prefix", "matches")
                case .serviceAccount:
                    report(item.owned, "service account", prefix.owned, "prefix", "is in a namespace matching",
                        reverse: "matches the namespace of")
                }
            }
            if item.kind == .prefix { stack.append(item) }
        }
    }
}
