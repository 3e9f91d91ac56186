/// `platform-owned`: resources the platform reserves (NetworkPolicies, ResourceQuotas, LimitRanges…)
/// stay as the platform wrote them, even inside the tenant's own namespaces; otherwise a tenant could
/// lift its own isolation or quota. Every subresource counts as a write to the resource.
enum PlatformOwnedRule: ActorRule {
    static let id = RuleID.platformOwned

    static func check(_ context: ValidationContext, actorTenant: Tenant, into violations: inout [Violation]) {
        guard context.platform.platformOwned.contains(context.groupResource) else { return }
        violations.append(Violation(id,
            context.groupResource.description + " is owned by the platform: tenant " + actorTenant.name
            + " may read it but not write it"))
    }
}
