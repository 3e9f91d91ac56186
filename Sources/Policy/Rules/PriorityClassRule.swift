import JSON

/// `priority-class`: a tenant's pods use only the PriorityClasses it is allowed, so no tenant can
/// preempt others (or the platform) by naming a higher class. Pods and workload templates alike.
enum PriorityClassRule: ObjectRule {
    static let id = RuleID.priorityClass

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout [Violation]) {
        guard let allowed = tenant.priorityClasses?.allowed, let pod = object.pod,
            let name = pod.priorityClassName?.stringValue, !name.isEmpty, !allowed.contains(name)
        else { return }
        violations.append(Violation(id,
            "priorityClassName " + RuleText.quoted(name) + " is not allowed for tenant " + tenant.name + " "
            + RuleText.allowed(allowed)))
    }
}
