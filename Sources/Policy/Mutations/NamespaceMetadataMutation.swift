import JSON

/// `namespace-metadata`: adds the tenant's `namespaceLabels` and `namespaceAnnotations` to its
/// Namespaces. Keys already present keep their value, even a different one: the `namespace-ownership`
/// rule reports the conflict instead of the webhook silently undoing someone's edit.
enum NamespaceMetadataMutation: Mutation {
    static let id = MutationID.namespaceMetadata

    private static let labelsPath = JSONPointer(tokens: ["metadata", "labels"])
    private static let annotationsPath = JSONPointer(tokens: ["metadata", "annotations"])

    static func apply(_ context: MutationContext, tenant: Tenant, to builder: inout JSONPatchBuilder, effects: inout PatchEffects) {
        guard context.groupResource == .namespaces else { return }
        let before = builder.operationCount
        builder.addMissing(tenant.namespaceLabels, toMapAt: labelsPath)
        builder.addMissing(tenant.namespaceAnnotations, toMapAt: annotationsPath)
        // A Namespace's labels are read by the actor rules, from the request: not described.
        if builder.operationCount > before { effects.undescribed = true }
    }
}
