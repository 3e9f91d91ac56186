/// The mutations of policy.md §4, in the order the engine runs them. Order matters only in that each
/// sees what the earlier ones wrote; none of them overwrites another's keys.
enum MutationCatalogue {
    // `nonisolated(unsafe)` because `Mutation` does not refine `SendableMetatype`, so Swift 6 cannot see
    // that an array of these metatypes is Sendable. It is: a constant of stateless enums' metatypes.
    // Once `Mutation: SendableMetatype`, drop the attribute (the compiler will then say it is unneeded).
    nonisolated(unsafe) static let all: [any Mutation.Type] = [
        TenantLabelMutation.self,
        NamespaceMetadataMutation.self,
        DefaultPriorityClassMutation.self,
        DefaultResourcesMutation.self,
        NodeSelectorMutation.self,
    ]
}
