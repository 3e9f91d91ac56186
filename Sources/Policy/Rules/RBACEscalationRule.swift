import Admission
import JSON

/// `rbac-escalation`: a tenant's RoleBinding grants only the ClusterRoles the platform lets it hand out,
/// and only to people and workloads inside the tenant. Binding `cluster-admin`, another tenant's
/// people, a platform admin or a cluster-wide group would turn a namespace-scoped grant into
/// privileges the tenant was never given.
///
/// Plain users and groups unknown to every tenant and to the platform are allowed: a tenant binds its
/// own people, whom the policy does not list one by one. A service account counts as the tenant's when
/// it lives in one of its namespaces or its `serviceAccounts` list names it.
enum RBACEscalationRule: ActorRule {
    static let id = RuleID.rbacEscalation

    static func check(_ context: ValidationContext, actorTenant: Tenant, into violations: inout ViolationList) {
        guard context.ruleResource == .roleBindings, context.request.subResource.isEmpty,
            context.request.operation == .create || context.request.operation == .update,
            let binding = context.request.object
        else { return }

        if binding["roleRef"]?["kind"]?.stringValue == "ClusterRole",
            let role = binding["roleRef"]?["name"]?.stringValue, !actorTenant.clusterRoles.contains(role)
        {
            // Written into one buffer (see `TextBuilder`): a chain of `+` copied the text once per piece.
            violations.append(id) { text in
                text.append("roleRef ClusterRole ")
                text.appendQuoted(role)
                RuleText.notAllowed(forTenant: actorTenant.name, allowed: actorTenant.clusterRoles, into: &text)
            }
        }

        guard let subjects = binding["subjects"]?.arrayValue else { return }
        let bindingNamespace = binding["metadata"]?["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? context.request.namespace
        for subject in subjects {
            guard let kind = subject["kind"]?.stringValue, let name = subject["name"]?.stringValue else { continue }
            let reason: String?
            let shown: String
            switch kind {
            case "Group":
                shown = name
                reason = groupReason(name, tenant: actorTenant, context.policies)
            case "User":
                shown = name
                if let account = ServiceAccountName(username: name) {
                    reason = serviceAccountReason(account, tenant: actorTenant, context.policies)
                } else {
                    reason = userReason(name, tenant: actorTenant, context.policies)
                }
            case "ServiceAccount":
                let namespace = subject["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? bindingNamespace
                shown = namespace + "/" + name
                reason = serviceAccountReason(ServiceAccountName(namespace: namespace, name: name), tenant: actorTenant, context.policies)
            default:
                continue  // The API server rejects other kinds.
            }
            if let reason {
                violations.append(id) { text in
                    text.append("subject ")
                    text.append(kind)
                    text.append(" ")
                    text.appendQuoted(shown)
                    text.append(" is outside tenant ")
                    text.append(actorTenant.name)
                    text.append(": ")
                    text.append(reason)
                }
            }
        }
    }

    private static let clusterWideGroups: [String: String] = [
        "system:authenticated": "it means every authenticated user",
        "system:unauthenticated": "it means every anonymous request",
        "system:serviceaccounts": "it means every service account in the cluster",
    ]
    private static let serviceAccountGroupPrefix = "system:serviceaccounts:"

    /// Why binding group `name` leaves the tenant, or nil when it does not.
    private static func groupReason(_ name: String, tenant: Tenant, _ policies: PolicySet) -> String? {
        if let reason = clusterWideGroups[name] { return reason }
        if name.hasPrefix(serviceAccountGroupPrefix) {
            let namespace = String(name.dropFirst(serviceAccountGroupPrefix.count))
            if NamespaceOwner.isOwned(namespace, by: tenant, in: policies) { return nil }
            if tenant.serviceAccounts.contains(where: { $0.namespace == namespace && $0.name == nil }) { return nil }
            return "it means every service account of namespace " + RuleText.quoted(namespace) + ", which "
                + NamespaceOwner(of: namespace, in: policies).phrase
        }
        if policies.platform.adminGroups.contains(name) { return "it is a platform admin group" }
        if let owner = policies.tenantOwning(group: name) {
            return owner.name == tenant.name ? nil : "it is an owner group of tenant " + owner.name
        }
        if name.hasPrefix("system:") { return "it is a system group" }
        return nil
    }

    /// Why binding user `name` (not a service account) leaves the tenant, or nil when it does not.
    private static func userReason(_ name: String, tenant: Tenant, _ policies: PolicySet) -> String? {
        if policies.platform.adminUsers.contains(name) { return "it is a platform admin user" }
        if let owner = policies.tenantOwning(user: name) {
            return owner.name == tenant.name ? nil : "it is an owner of tenant " + owner.name
        }
        if name.hasPrefix("system:") { return "it is a system user" }
        return nil
    }

    /// Why binding a service account leaves the tenant, or nil when it is the tenant's. Being named in a
    /// tenant's `serviceAccounts` decides first (it is who the account acts as); otherwise the account's
    /// namespace must be the tenant's.
    private static func serviceAccountReason(_ account: ServiceAccountName, tenant: Tenant, _ policies: PolicySet) -> String? {
        if tenant.serviceAccounts.contains(where: { $0.namespace == account.namespace && ($0.name == nil || $0.name == account.name) }) {
            return nil
        }
        if let owner = policies.tenantOwning(user: ServiceAccountName.usernamePrefix + account.namespace + ":" + account.name),
            owner.name != tenant.name
        {
            return "it is a service account of tenant " + owner.name
        }
        if NamespaceOwner.isOwned(account.namespace, by: tenant, in: policies) { return nil }
        return "its namespace " + RuleText.quoted(account.namespace) + " " + NamespaceOwner(of: account.namespace, in: policies).phrase
    }
}
