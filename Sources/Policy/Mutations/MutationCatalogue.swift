/// The mutations of policy.md §4, in the order the engine runs them. Order matters only in that each
/// sees what the earlier ones wrote; none of them overwrites another's keys.
///
/// What only one mutation writes (the pod spec's priority class, container resources, whether there is
/// a spec at all) is read from the request's object as it came (`builder.original`, through a view
/// that stays in the reader's tape); what two share (the labels map) is read through the builder,
/// which answers for the object as patched so far.
enum MutationCatalogue {
    static let all: [any Mutation.Type] = [
        TenantLabelMutation.self,
        NamespaceMetadataMutation.self,
        DefaultPriorityClassMutation.self,
        DefaultResourcesMutation.self,
        NodeSelectorMutation.self,
    ]
}
