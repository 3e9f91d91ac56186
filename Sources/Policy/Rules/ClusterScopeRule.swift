import Admission

/// `cluster-scope`: a tenant writes only inside namespaces. Cluster-scoped objects (ClusterRoles,
/// CRDs, PersistentVolumes, webhooks, nodes…) affect every tenant, so they are the platform's.
/// Namespaces are the exception: `namespace-ownership` decides those.
enum ClusterScopeRule: ActorRule {
    static let id = RuleID.clusterScope

    static func check(_ context: ValidationContext, actorTenant: Tenant, into violations: inout ViolationList) {
        guard context.request.namespace.isEmpty, !context.isNamespaceRequest else { return }
        violations.append(Violation(id,
            "cluster-scoped " + resourceName(context) + " writes are reserved to platform admins; tenant "
            + actorTenant.name + " may write only in its own namespaces"))
    }

    /// `ClusterRole (rbac.authorization.k8s.io/clusterroles)`, or the resource alone when the request
    /// names no kind; a subresource is appended (`nodes/proxy`).
    private static func resourceName(_ context: ValidationContext) -> String {
        var resource = context.groupResource.description
        if !context.request.subResource.isEmpty { resource += "/" + context.request.subResource }
        let kind = context.request.kind.kind
        return kind.isEmpty ? resource : kind + " (" + resource + ")"
    }
}
