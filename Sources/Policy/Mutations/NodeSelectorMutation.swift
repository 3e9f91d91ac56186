import Admission
import JSON

/// `node-selector`: merges the tenant's `nodeSelector` into a Pod's `spec.nodeSelector`, so its pods
/// land on its node pool. A key the pod already sets keeps its value; `node-isolation` denies a value
/// that contradicts the tenant's.
///
/// CREATE only: `spec.nodeSelector` of an existing pod is immutable (bar scheduling-gated pods), so
/// adding it on UPDATE would make the API server reject every later write of a pod created before the
/// policy said so, finalizer removal included.
enum NodeSelectorMutation: Mutation {
    static let id = MutationID.nodeSelector

    private static let nodeSelectorPath = JSONPointer(tokens: ["spec", "nodeSelector"])

    static func apply(_ context: MutationContext, tenant: Tenant, to builder: inout JSONPatchBuilder, effects: inout PatchEffects) {
        guard !tenant.nodeSelector.isEmpty, context.groupResource == .pods, context.request.operation == .create,
            JSONView(builder.original)["spec"]?.kind == .object
        else { return }
        let before = builder.operations.count
        builder.addMissing(tenant.nodeSelector, toMapAt: nodeSelectorPath)
        if builder.operations.count > before { effects.nodeSelector = tenant.nodeSelector }
    }
}
