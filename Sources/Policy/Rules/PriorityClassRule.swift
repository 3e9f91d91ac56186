import JSON

/// `priority-class`: a tenant's pods use only the PriorityClasses it is allowed, so no tenant can
/// preempt others (or the platform) by naming a higher class. Pods and workload templates alike.
enum PriorityClassRule: ObjectRule {
    static let id = RuleID.priorityClass

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout [Violation]) {
        guard let allowed = tenant.priorityClasses?.allowed, let pod = object.pod,
            let name = pod.priorityClassName, !name.isEmpty, !allowed.contains(where: { name.equalsString($0) })
        else { return }
        violations.append(Violation(id,
            "priorityClassName " + RuleText.quoted(name.string) + " is not allowed for tenant " + tenant.name + " "
            + RuleText.allowed(allowed)))
    }
}
