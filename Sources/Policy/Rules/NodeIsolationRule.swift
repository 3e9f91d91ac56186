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

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout [Violation]) {
        guard let pod = object.pod else { return }

        if let nodeName = pod.nodeName, !nodeName.isEmpty {
            violations.append(Violation(id,
                "nodeName " + RuleText.quoted(nodeName.string) + " bypasses the scheduler" + selectorText(tenant)
                + "; leave it unset"))
        }

        guard !tenant.nodeSelector.isEmpty, let selector = pod.nodeSelector else { return }
        for required in tenant.nodeSelector {
            guard let value = selector[required.key], !value.isNull, value.stringValue?.equalsString(required.value) != true
            else { continue }
            violations.append(Violation(id,
                "nodeSelector " + RuleText.quoted(required.key) + " is " + RuleText.describe(value.value)
                + ", contradicting tenant " + tenant.name + "'s " + RuleText.quoted(required.key) + ": "
                + RuleText.quoted(required.value)))
        }
    }

    /// ` and tenant acme's nodeSelector node-pool=tenant-workloads`, or nothing when the tenant sets none.
    private static func selectorText(_ tenant: Tenant) -> String {
        guard !tenant.nodeSelector.isEmpty else { return "" }
        return " and tenant " + tenant.name + "'s nodeSelector " + tenant.nodeSelector.map { $0.key + "=" + $0.value }.joined(separator: ", ")
    }
}
