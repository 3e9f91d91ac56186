import JSON

/// `node-isolation`: tenant pods run only where the scheduler puts them under the tenant's
/// `nodeSelector`. Setting `nodeName` skips the scheduler (and with it every selector and taint), and a
/// selector value that contradicts the tenant's would move pods onto other nodes.
///
/// A scheduled Pod carries the `nodeName` the scheduler bound it to, so every later UPDATE of it shows
/// one. The engine judges an UPDATE by what it introduces (a detail the old object already produced does
/// not count), which lets that binding through unchanged while a new or different `nodeName` is refused.
enum NodeIsolationRule: ObjectRule {
    static let id = RuleID.nodeIsolation

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        // The facts read by optional chaining (see `PodFacts.read`).
        object.pod?.read { pod in check(pod, tenant, into: &violations) }
    }

    private static func check(_ pod: PodFacts, _ tenant: Tenant, into violations: inout ViolationList) {
        if let nodeName = pod.nodeName, !nodeName.isEmpty {
            // Written into one buffer (see `TextBuilder`) rather than joined with `+`.
            violations.append(id) { text in
                text.append("nodeName ")
                text.appendQuoted(nodeName)
                text.append(" bypasses the scheduler")
                appendSelector(of: tenant, into: &text)
                text.append("; leave it unset")
            }
        }

        guard !tenant.nodeSelector.isEmpty, let selector = pod.nodeSelector else { return }
        for required in tenant.nodeSelector {
            guard let value = selector[required.key], !value.isNull, value.stringValue?.equalsString(required.value) != true
            else { continue }
            violations.append(id) { text in
                text.append("nodeSelector ")
                text.appendQuoted(required.key)
                text.append(" is ")
                text.append(RuleText.describe(value.value))
                text.append(", contradicting tenant ")
                text.append(tenant.name)
                text.append("'s ")
                text.appendQuoted(required.key)
                text.append(": ")
                text.appendQuoted(required.value)
            }
        }
    }

    /// ` and tenant acme's nodeSelector node-pool=tenant-workloads`, or nothing when the tenant sets none.
    private static func appendSelector(of tenant: Tenant, into text: inout TextBuilder) {
        let selector = tenant.nodeSelector
        guard !selector.isEmpty else { return }
        text.append(" and tenant ")
        text.append(tenant.name)
        text.append("'s nodeSelector ")
        var first = true
        for pair in selector {
            if !first { text.append(", ") }
            text.append(pair.key)
            text.append("=")
            text.append(pair.value)
            first = false
        }
    }
}
