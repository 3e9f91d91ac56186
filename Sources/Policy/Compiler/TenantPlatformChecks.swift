/// Checks of each tenant against the Platform: the classes it names exist, it claims no system namespace,
/// its owners are not platform admins, and it does not set the label tenantry owns.
struct TenantPlatformChecks {
    let platform: PlatformDocument
    let session: CompileSession

    func run(_ tenant: TenantDocument) {
        checkPriorityClasses(tenant)
        checkSystemNamespaces(tenant)
        checkAdmins(tenant)
        checkTenantLabel(tenant)
    }

    private func error(_ claim: Claim, _ message: String) {
        session.diagnostics.error(claim.file, claim.line, claim.path, message, column: claim.column)
    }

    private func checkPriorityClasses(_ tenant: TenantDocument) {
        // A broken class list was reported already; guessing which classes it meant would only add noise.
        guard platform.priorityClassesComplete else { return }
        let defined = platform.platform.priorityClasses.map(\.name)
        for ref in tenant.priorityClassRefs where !defined.contains(ref.value) {
            let list = defined.isEmpty ? "it defines none" : "defined: " + defined.joined(separator: ", ")
            error(ref, "priority class \"\(ref.value)\" is not in the Platform's spec.priorityClasses (\(platform.file):\(platform.line); \(list))")
        }
    }

    private func checkSystemNamespaces(_ tenant: TenantDocument) {
        for name in tenant.names {
            if let system = platform.systemNamespaces[name.value] {
                error(name, "\"\(name.value)\" is a system namespace (\(systemLocation(system))); tenants cannot own it")
            }
        }
        // A handful of system namespaces against each prefix: cheap without an index.
        for prefix in tenant.prefixes {
            let matched = platform.systemNamespaces.values.filter { $0.value.hasPrefix(prefix.value) }.sorted { $0.value < $1.value }
            guard !matched.isEmpty else { continue }
            let list = matched.map { "\"\($0.value)\" (\(systemLocation($0)))" }.joined(separator: ", ")
            error(prefix, "prefix \"\(prefix.value)\" matches system \(matched.count == 1 ? "namespace" : "namespaces") \(list); tenants cannot own them")
        }
    }

    private func systemLocation(_ system: Claim) -> String {
        platform.systemNamespacesDefaulted ? "a default of the Platform at \(system.location)" : system.location
    }

    /// Names compare by their bytes, as the policy set matches them (`NameTable`): an owner spelled with
    /// a decomposed "é" is not the admin spelled with a precomposed one. (The dictionaries are keyed by
    /// `String`, so the bytes are checked after the lookup; an admin list cannot hold both spellings,
    /// its duplicates being rejected.)
    private func checkAdmins(_ tenant: TenantDocument) {
        for group in tenant.groups {
            if let admin = platform.adminGroups[group.value], admin.value.utf8.elementsEqual(group.value.utf8) {
                error(group, "group \"\(group.value)\" is a platform admin group (\(admin.location)); admins bypass tenant rules, so it cannot own a tenant")
            }
        }
        for user in tenant.users {
            if let admin = platform.adminUsers[user.value], admin.value.utf8.elementsEqual(user.value.utf8) {
                error(user, "user \"\(user.value)\" is a platform admin (\(admin.location)); admins bypass tenant rules, so they cannot own a tenant")
            }
        }
    }

    private func checkTenantLabel(_ tenant: TenantDocument) {
        let label = platform.platform.tenantLabel
        for key in tenant.namespaceLabelKeys where key.value == label {
            error(key, "\"\(label)\" is the Platform's tenantLabel, which tenantry sets to the tenant's name itself")
        }
    }
}
