/// Every validation rule of policy.md §3, in the catalogue's order. The engine runs the actor rules when
/// the actor is a tenant and the object rules when the object lives in a tenant's namespace; each rule
/// returns early when its resource or its tenant setting does not apply.
enum RuleCatalogue {
    static let actorRules: [any ActorRule.Type] = [
        ClusterScopeRule.self,
        NamespaceOwnershipRule.self,
        CrossTenantRule.self,
        PlatformOwnedRule.self,
        RBACEscalationRule.self,
    ]

    static let objectRules: [any ObjectRule.Type] = [
        TenantLabelRule.self,
        PriorityClassRule.self,
        ContainerLimitsRule.self,
        QuotaFitRule.self,
        NodeIsolationRule.self,
        ImageRegistryRule.self,
        ServiceTypeRule.self,
        PodSecurityRule.self,
        StorageClassRule.self,
        SecretStoreScopeRule.self,
        PDBDrainRule.self,
    ]
}
