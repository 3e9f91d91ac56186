/// The audit annotations every tenantry answer carries (policy.md §5): `tenant`, `actor`, `decision`
/// and, when rules fired, `rules`, in that order. Their keys are fixed here, valid names for the API
/// server and distinct, so the encoder writes them as constants: a list of annotations has each key
/// checked and compared with the keys before it, on every response, and is an array to allocate.
public struct StandardAuditAnnotations: Sendable {
    public var tenant: String
    public var actor: String
    public var decision: String
    /// Sent only when not nil.
    public var rules: String?

    @inlinable
    public init(tenant: String, actor: String, decision: String, rules: String? = nil) {
        self.tenant = tenant
        self.actor = actor
        self.decision = decision
        self.rules = rules
    }

    /// The annotations as a list of key and value, in the order they are sent.
    public var list: [(key: String, value: String)] {
        var list = [("tenant", tenant), ("actor", actor), ("decision", decision)]
        if let rules { list.append(("rules", rules)) }
        return list
    }
}
