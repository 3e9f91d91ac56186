/// The mutations of policy.md §4, in the order the engine runs them. Order matters only in that each
/// sees what the earlier ones wrote; none of them overwrites another's keys.
enum MutationCatalogue {
    static let all: [any Mutation.Type] = [
        TenantLabelMutation.self,
        NamespaceMetadataMutation.self,
        DefaultPriorityClassMutation.self,
        DefaultResourcesMutation.self,
        NodeSelectorMutation.self,
    ]
}
