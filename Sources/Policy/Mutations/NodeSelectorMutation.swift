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
        // `podSpec`: a Pod's CREATE, with a spec that is an object.
        guard !tenant.nodeSelector.isEmpty, let pod = context.podSpec else { return }
        let before = builder.operationCount
        builder.addMissing(tenant.nodeSelector, toMapAt: nodeSelectorPath, inOriginal: pod.nodeSelector.map { .value($0) } ?? .missingMember)
        if builder.operationCount > before { effects.nodeSelector = tenant.nodeSelector }
    }
}
