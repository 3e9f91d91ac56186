import JSON

/// `priority-class`: a tenant's pods use only the PriorityClasses it is allowed, so no tenant can
/// preempt others (or the platform) by naming a higher class. Pods and workload templates alike.
enum PriorityClassRule: ObjectRule {
    static let id = RuleID.priorityClass

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        // The facts read by optional chaining (see `PodFacts.read`).
        guard let allowed = tenant.priorityClasses?.allowed, let name = object.pod?.priorityClassName, !name.isEmpty,
            !allowed.contains(where: { name.equalsString($0) })
        else { return }
        // Written into one buffer (see `TextBuilder`): a chain of `+` copied the text once per piece.
        violations.append(id) { text in
            text.append("priorityClassName ")
            text.appendQuoted(name)
            RuleText.notAllowed(forTenant: tenant.name, allowed: allowed, into: &text)
        }
    }
}
