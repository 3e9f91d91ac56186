import Admission
import JSON

/// `namespace-ownership`: a tenant creates, updates and deletes only its own Namespaces, and those carry
/// the labels that tie them to the tenant (`tenantLabel` and the tenant's `namespaceLabels`), which
/// other controllers (network policies, quotas, cost reports) select on.
///
/// The label checks look at CREATE and UPDATE of the Namespace itself: subresources (`status`,
/// `finalize`) cannot change labels, so a Namespace that predates its labels can still finish
/// terminating. A label that is already right may not be changed or removed; one that is wrong may be
/// corrected, which is the only change that leaves it right.
enum NamespaceOwnershipRule: ActorRule {
    static let id = RuleID.namespaceOwnership

    static func check(_ context: ValidationContext, actorTenant: Tenant, into violations: inout ViolationList) {
        guard context.isNamespaceRequest else { return }
        let request = context.request
        let namespace = namespaceName(request)
        guard !namespace.isEmpty else {
            violations.append(Violation(id,
                "the request names no namespace, so it cannot be shown to be tenant " + actorTenant.name + "'s "
                + NamespaceOwner.allowedNamespaces(of: actorTenant)))
            return
        }
        guard NamespaceOwner.isOwned(namespace, by: actorTenant, in: context.policies) else {
            let owner = NamespaceOwner(of: namespace, in: context.policies)
            violations.append(Violation(id,
                "namespace " + RuleText.quoted(namespace) + " " + owner.phrase + "; tenant " + actorTenant.name
                + " may use only its own namespaces " + NamespaceOwner.allowedNamespaces(of: actorTenant)))
            return
        }
        guard request.subResource.isEmpty, request.operation == .create || request.operation == .update,
            let object = request.object
        else { return }

        let labels = object["metadata"]?["labels"]
        let oldLabels = request.operation == .update ? request.oldObject?["metadata"]?["labels"] : nil
        let tenantLabel = context.platform.tenantLabel
        checkLabel(tenantLabel, required: actorTenant.name, labels: labels, oldLabels: oldLabels, into: &violations)
        for required in actorTenant.namespaceLabels where required.key != tenantLabel {
            checkLabel(required.key, required: required.value, labels: labels, oldLabels: oldLabels, into: &violations)
        }
    }

    /// The Namespace's name: `request.namespace` (the API server sets it to the name), else
    /// `request.name`, else the object's own name.
    private static func namespaceName(_ request: AdmissionRequest) -> String {
        if !request.namespace.isEmpty { return request.namespace }
        if !request.name.isEmpty { return request.name }
        return request.object?["metadata"]?["name"]?.stringValue ?? ""
    }

    /// Inlined, so that a label as required costs no call; the detail is written out of line.
    @inline(__always)
    private static func checkLabel(_ key: String, required: String, labels: JSON?, oldLabels: JSON?, into violations: inout ViolationList) {
        let current = labels?[key].flatMap { $0.isNull ? nil : $0 }
        if current?.stringValue == required { return }
        report(key, required: required, current: current, oldLabels: oldLabels, into: &violations)
    }

    @inline(never)
    private static func report(_ key: String, required: String, current: JSON?, oldLabels: JSON?, into violations: inout ViolationList) {
        let old = oldLabels?[key].flatMap { $0.isNull ? nil : $0 }
        // Written into one buffer (see `TextBuilder`): a chain of `+` copied the text once per piece.
        violations.append(id) { text in
            switch (old, current) {
            case (_?, nil):
                text.append("removes label ")
                text.appendQuoted(key)
            case (let old?, let current?) where old != current:
                text.append("changes label ")
                text.appendQuoted(key)
                text.append(" from ")
                text.append(RuleText.describe(old))
                text.append(" to ")
                text.append(RuleText.describe(current))
            case (_, let current?):
                text.append("label ")
                text.appendQuoted(key)
                text.append(" is ")
                text.append(RuleText.describe(current))
            case (_, nil):
                text.append("label ")
                text.appendQuoted(key)
                text.append(" is missing")
            }
            text.append(" (must be ")
            text.appendQuoted(required)
            text.append(")")
        }
    }
}
