import JSON

/// `service-type`: a tenant exposes Services only in the ways it is allowed (NodePorts open every
/// node, LoadBalancers cost money and face the internet), and never with `externalIPs`, which let any
/// Service intercept traffic to an arbitrary address (CVE-2020-8554).
enum ServiceTypeRule: ObjectRule {
    static let id = RuleID.serviceType
    /// What the API server defaults a missing `spec.type` to.
    private static let defaultType = "ClusterIP"

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        guard context.ruleResource == .services else { return }
        let spec = object.json["spec"]
        let type = spec?["type"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? defaultType
        if !tenant.serviceTypes.contains(type) {
            // Written into one buffer (see `TextBuilder`): a chain of `+` copied the text once per piece.
            violations.append(id) { text in
                text.append("type ")
                text.appendQuoted(JSONStringView(type))
                RuleText.notAllowed(forTenant: tenant.name, allowed: tenant.serviceTypes, into: &text)
            }
        }
        if let externalIPs = spec?["externalIPs"]?.arrayValue, !externalIPs.isEmpty {
            let shown = externalIPs.map(RuleText.describe).joined(separator: ", ")
            violations.append(Violation(id,
                "externalIPs [" + shown
                + "] are not allowed: they let a Service intercept traffic to any address (CVE-2020-8554)"))
        }
    }
}
