/// `platform-owned`: resources the platform reserves (NetworkPolicies, ResourceQuotas, LimitRanges…)
/// stay as the platform wrote them, even inside the tenant's own namespaces; otherwise a tenant could
/// lift its own isolation or quota. Every subresource counts as a write to the resource.
enum PlatformOwnedRule: ActorRule {
    static let id = RuleID.platformOwned

    static func check(_ context: ValidationContext, actorTenant: Tenant, into violations: inout ViolationList) {
        let resource = context.groupResource
        // Compared one by one (with the set's own equality): the platform reserves a handful of resources,
        // and hashing the group's and resource's names for a set lookup cost more (~490 instructions a
        // request, every tenant's request).
        guard context.platform.platformOwned.contains(where: { $0 == resource }) else { return }
        // Written into one buffer (see `TextBuilder`), as `GroupResource.description` reads.
        violations.append(id) { text in
            if !resource.group.isEmpty {
                text.append(resource.group)
                text.append("/")
            }
            text.append(resource.resource)
            text.append(" is owned by the platform: tenant ")
            text.append(actorTenant.name)
            text.append(" may read it but not write it")
        }
    }
}
