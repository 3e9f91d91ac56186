import Admission
import JSON

/// `node-isolation`: tenant pods run only where the scheduler puts them under the tenant's
/// `nodeSelector`. Setting `nodeName` skips the scheduler (and with it every selector and taint), and a
/// selector value that contradicts the tenant's would move pods onto other nodes.
///
/// A scheduled Pod carries the `nodeName` the scheduler bound it to; on UPDATE an unchanged `nodeName`
/// is that binding, not the tenant's choice, and is allowed. Templates get no such allowance: their
/// `nodeName` is always written by hand.
enum NodeIsolationRule: ObjectRule {
    static let id = RuleID.nodeIsolation

    static func check(_ context: ValidationContext, tenant: Tenant, object: JSON, into violations: inout [Violation]) {
        guard let shape = WorkloadShape.of(context.groupResource), let pod = PodSpecView(object: object, shape: shape) else { return }

        if let nodeName = pod.spec["nodeName"]?.stringValue, !nodeName.isEmpty,
            !(shape.isPod && context.request.operation == .update && context.request.oldObject?["spec"]?["nodeName"]?.stringValue == nodeName)
        {
            violations.append(Violation(id,
                "nodeName " + RuleText.quoted(nodeName) + " bypasses the scheduler" + selectorText(tenant)
                + "; leave it unset"))
        }

        guard !tenant.nodeSelector.isEmpty, let selector = pod.spec["nodeSelector"] else { return }
        for required in tenant.nodeSelector {
            guard let value = selector[required.key], !value.isNull, value.stringValue != required.value else { continue }
            violations.append(Violation(id,
                "nodeSelector " + RuleText.quoted(required.key) + " is " + RuleText.describe(value)
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
