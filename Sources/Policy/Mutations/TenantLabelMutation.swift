import JSON

/// `tenant-label`: names the tenant on every object created or updated in its namespaces, and on its
/// Namespaces (whose `request.namespace` is their own name, so the engine hands them over alike).
///
/// A label that already names another tenant is left as it is: overwriting it would hide the attempt,
/// while the `tenant-label` validation rule denies it with a message saying what happened.
/// Labels may change on any UPDATE, so unlike the pod-spec defaults this applies to updates too: an
/// object created before tenantry was installed gets its label the next time it is written.
enum TenantLabelMutation: Mutation {
    static let id = MutationID.tenantLabel

    private static let labelsPath = JSONPointer(tokens: ["metadata", "labels"])

    static func apply(_ context: MutationContext, tenant: Tenant, to builder: inout JSONPatchBuilder, effects: inout PatchEffects) {
        let label = KeyValue(context.platform.tenantLabel, tenant.name)
        let before = builder.operationCount
        builder.addMissing(label, toMapAt: labelsPath)
        if builder.operationCount > before { effects.label = label }
    }
}
