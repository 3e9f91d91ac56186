import Admission

/// `cross-tenant`: a tenant acts only in its own namespaces, never in another tenant's, a system
/// namespace or one nobody owns. This covers CONNECT too: `kubectl exec` into another tenant's pod is
/// the clearest cross-tenant request there is. Namespaces themselves are `namespace-ownership`'s.
enum CrossTenantRule: ActorRule {
    static let id = RuleID.crossTenant

    static func check(_ context: ValidationContext, actorTenant: Tenant, into violations: inout ViolationList) {
        let namespace = context.request.namespace
        // `target` is the owner of `request.namespace`, resolved once by the engine.
        guard !namespace.isEmpty, !context.isNamespaceRequest, context.target?.name != actorTenant.name else { return }
        let owner = NamespaceOwner(of: namespace, in: context.policies)
        // Written into one buffer (see `TextBuilder`): a chain of `+` copied the text once per piece.
        violations.append(id) { text in
            text.append("namespace ")
            text.appendQuoted(namespace)
            text.append(" ")
            text.append(owner.phrase)
            text.append("; tenant ")
            text.append(actorTenant.name)
            text.append(" may act only in its own namespaces ")
            NamespaceOwner.allowedNamespaces(of: actorTenant, into: &text)
        }
    }
}
