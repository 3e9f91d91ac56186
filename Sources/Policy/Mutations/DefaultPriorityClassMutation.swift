import Admission
import JSON

/// `default-priority-class`: gives a Pod the tenant's default PriorityClass when it names none, or names
/// the cluster's global default that the tenant may not use (the API server's Priority plugin writes
/// the global default's name into pods that name none, before webhooks run).
///
/// The Priority plugin has also filled in `priority` (and `preemptionPolicy`) from the class it chose,
/// and the API server rejects a pod whose values disagree with its class, so the name, the value and
/// the policy are replaced together. A class the pod chose explicitly, allowed or not, is left alone:
/// the `priority-class` rule judges it, and silently swapping it would hide the mistake.
///
/// CREATE only: these fields are immutable once the pod exists.
enum DefaultPriorityClassMutation: Mutation {
    static let id = MutationID.defaultPriorityClass

    private static let classNamePath = JSONPointer(tokens: ["spec", "priorityClassName"])
    private static let priorityPath = JSONPointer(tokens: ["spec", "priority"])
    private static let preemptionPolicyPath = JSONPointer(tokens: ["spec", "preemptionPolicy"])

    static func apply(_ context: MutationContext, tenant: Tenant, to builder: inout JSONPatchBuilder, effects: inout PatchEffects) {
        // `podSpec`: a Pod's CREATE, with a spec that is an object.
        guard let classes = tenant.priorityClasses, let defaultName = classes.defaultClass, let pod = context.podSpec,
            needsDefault(pod.priorityClassName, allowed: classes.allowed, policies: context.policies),
            // A default the platform does not list has no known value; setting the name alone would
            // make the API server reject the pod over a `priority` mismatch.
            let defaultClass = context.platform.priorityClass(named: defaultName)
        else { return }
        let before = builder.operationCount
        builder.set(.string(defaultClass.name), at: classNamePath)
        builder.set(.number(JSONNumber(defaultClass.value)), at: priorityPath)
        builder.set(.string(defaultClass.preemptionPolicy), at: preemptionPolicyPath)
        // The name is the class's either way (`set` records nothing for an equal value).
        if builder.operationCount > before { effects.priorityClassName = defaultClass.name }
    }

    /// `policies` rather than its platform: passing the platform on copied each of its fields.
    private static func needsDefault(_ className: JSONView?, allowed: [String], policies: PolicySet) -> Bool {
        guard let className, !className.isNull else { return true }
        // Not a string: invalid, and the API server will say so.
        guard let name = className.stringValue else { return false }
        if name.isEmpty { return true }
        // Compared as `String`s were, canonical equivalence included (see `equalsString`). A class the
        // tenant may use is never replaced: asked first, as most pods name one, so the global default
        // is looked for only when it matters.
        if allowed.contains(where: { name.equalsString($0) }) { return false }
        guard let globalDefault = policies.platform.globalDefaultPriorityClass else { return false }
        return name.equalsString(globalDefault.name)
    }
}
