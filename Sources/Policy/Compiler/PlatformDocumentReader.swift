import Yams

/// The compiled Platform plus what checks against tenants need to point back at it.
struct PlatformDocument {
    var platform: Platform
    var file: String
    /// The line of `metadata.name`.
    var line: Int
    /// Where each admin group / user / system namespace is written; defaults point at the document.
    var adminGroups: [String: Claim] = [:]
    var adminUsers: [String: Claim] = [:]
    var systemNamespaces: [String: Claim] = [:]
    /// True when the document lists no `systemNamespaces` and the defaults apply.
    var systemNamespacesDefaulted = true
    /// False when `priorityClasses` had errors, so tenants' references to classes are not also reported.
    var priorityClassesComplete = true
}

/// Reads `kind: Platform` documents (policy.md §1).
struct PlatformDocumentReader {
    let reader: NodeReader

    static let specFields = [
        "tenantLabel", "admins", "systemNamespaces", "priorityClasses", "platformOwned", "podSecurity", "enforcement",
    ]
    static let preemptionPolicies = ["PreemptLowerPriority", "Never"]

    func read(name: String, line: Int, spec specNode: Node?) -> PlatformDocument {
        var document = PlatformDocument(platform: Platform(name: name), file: reader.file, line: line)
        let spec = specNode.flatMap { reader.mapping($0, "spec", known: PlatformDocumentReader.specFields) }
        if let spec {
            readTenantLabel(spec, into: &document)
            readAdmins(spec, into: &document)
            readSystemNamespaces(spec, into: &document)
            readPriorityClasses(spec, into: &document)
            readPlatformOwned(spec, into: &document)
            readPodSecurity(spec, into: &document)
            readEnforcement(spec, into: &document)
        }
        if spec?["systemNamespaces"] == nil {
            for namespace in Platform.defaultSystemNamespaces {
                document.systemNamespaces[namespace] = Claim(value: namespace, file: reader.file, line: line, path: "")
            }
        }
        return document
    }

    private func readTenantLabel(_ spec: MappingFields, into document: inout PlatformDocument) {
        guard let node = spec["tenantLabel"], let label = reader.string(node, spec.path("tenantLabel")) else { return }
        if let reason = NameValidation.qualifiedName(label) {
            reader.error(node, spec.path("tenantLabel"), "\"\(label)\" is not a valid label key: \(reason)")
            return
        }
        document.platform.tenantLabel = label
    }

    private func readAdmins(_ spec: MappingFields, into document: inout PlatformDocument) {
        guard let node = spec["admins"], let admins = reader.mapping(node, spec.path("admins"), known: ["groups", "users"])
        else { return }
        if let groupsNode = admins["groups"], let groups = reader.strings(groupsNode, admins.path("groups")) {
            reader.rejectDuplicates(groups, "group")
            for group in groups where !group.value.isEmpty {
                document.platform.adminGroups.insert(group.value)
                if document.adminGroups[group.value] == nil { document.adminGroups[group.value] = group }
            }
            for group in groups where group.value.isEmpty {
                reader.error(group, "must not be empty")
            }
        }
        if let usersNode = admins["users"], let users = reader.strings(usersNode, admins.path("users")) {
            reader.rejectDuplicates(users, "user")
            for user in users where !user.value.isEmpty {
                document.platform.adminUsers.insert(user.value)
                if document.adminUsers[user.value] == nil { document.adminUsers[user.value] = user }
            }
            for user in users where user.value.isEmpty {
                reader.error(user, "must not be empty")
            }
        }
    }

    /// An explicit list replaces the default one (list fields in Kubernetes objects do not merge).
    private func readSystemNamespaces(_ spec: MappingFields, into document: inout PlatformDocument) {
        guard let node = spec["systemNamespaces"] else { return }
        document.systemNamespacesDefaulted = false
        var namespaces: Set<String> = []
        if let claims = reader.strings(node, spec.path("systemNamespaces")) {
            reader.rejectDuplicates(claims, "namespace")
            for claim in claims {
                if let reason = NameValidation.dns1123Label(claim.value) {
                    reader.error(claim, "\"\(claim.value)\" is not a valid namespace name: \(reason)")
                    continue
                }
                namespaces.insert(claim.value)
                if document.systemNamespaces[claim.value] == nil { document.systemNamespaces[claim.value] = claim }
            }
        }
        document.platform.systemNamespaces = namespaces
    }

    private func readPriorityClasses(_ spec: MappingFields, into document: inout PlatformDocument) {
        guard let node = spec["priorityClasses"], let items = reader.list(node, spec.path("priorityClasses")) else {
            if spec["priorityClasses"] != nil { document.priorityClassesComplete = false }
            return
        }
        let errorsBefore = reader.session.diagnostics.count
        var byName: [String: Claim] = [:]
        var globalDefault: Claim?
        for item in items {
            guard let fields = reader.mapping(item.node, item.path, known: ["name", "value", "preemptionPolicy", "globalDefault"])
            else { continue }
            guard let nameNode = fields["name"] else {
                reader.error(line: fields.line, fields.path("name"), "required field is missing")
                continue
            }
            guard let valueNode = fields["value"] else {
                reader.error(line: fields.line, fields.path("value"), "required field is missing")
                continue
            }
            guard let name = reader.string(nameNode, fields.path("name")) else { continue }
            if let reason = NameValidation.dns1123Subdomain(name) {
                reader.error(nameNode, fields.path("name"), "\"\(name)\" is not a valid PriorityClass name: \(reason)")
                continue
            }
            guard let value = reader.int(valueNode, fields.path("value")) else { continue }
            guard let value32 = Int32(exactly: value) else {
                reader.error(valueNode, fields.path("value"), "\(value) does not fit in a 32-bit integer, as PriorityClass values must")
                continue
            }
            var spec = PriorityClassSpec(name: name, value: Int(value32))
            if let policyNode = fields["preemptionPolicy"], let policy = reader.string(policyNode, fields.path("preemptionPolicy")) {
                guard PlatformDocumentReader.preemptionPolicies.contains(policy) else {
                    reader.error(policyNode, fields.path("preemptionPolicy"),
                        "\"\(policy)\" is not a preemption policy (expected PreemptLowerPriority or Never)")
                    continue
                }
                spec.preemptionPolicy = policy
            }
            if let defaultNode = fields["globalDefault"], let isDefault = reader.bool(defaultNode, fields.path("globalDefault")) {
                spec.globalDefault = isDefault
                if isDefault {
                    let claim = reader.claim(name, defaultNode, fields.path("globalDefault"))
                    if let first = globalDefault {
                        reader.error(claim, "only one class may be the globalDefault; \"\(first.value)\" already is (line \(first.line))")
                        continue
                    }
                    globalDefault = claim
                }
            }
            let claim = reader.claim(name, nameNode, fields.path("name"))
            if let first = byName[name] {
                reader.error(claim, "duplicate priority class \"\(name)\" (first listed at line \(first.line))")
                continue
            }
            byName[name] = claim
            document.platform.priorityClasses.append(spec)
        }
        if reader.session.diagnostics.count != errorsBefore { document.priorityClassesComplete = false }
    }

    private func readPlatformOwned(_ spec: MappingFields, into document: inout PlatformDocument) {
        guard let node = spec["platformOwned"], let claims = reader.strings(node, spec.path("platformOwned")) else { return }
        reader.rejectDuplicates(claims, "resource")
        for claim in claims {
            let parts = claim.value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let resource: GroupResource
            switch parts.count {
            case 1: resource = GroupResource(group: "", resource: parts[0])
            case 2: resource = GroupResource(group: parts[0], resource: parts[1])
            default:
                reader.error(claim, "\"\(claim.value)\" is not a resource (expected group/resource, or resource alone for the core group)")
                continue
            }
            if !resource.group.isEmpty, let reason = NameValidation.dns1123Subdomain(resource.group) {
                reader.error(claim, "API group \"\(resource.group)\" \(reason)")
                continue
            }
            if let reason = NameValidation.dns1123Label(resource.resource) {
                reader.error(claim, "resource \"\(resource.resource)\" \(reason); write the plural resource name, like networkpolicies")
                continue
            }
            document.platform.platformOwned.insert(resource)
        }
    }

    private func readPodSecurity(_ spec: MappingFields, into document: inout PlatformDocument) {
        guard let node = spec["podSecurity"],
            let fields = reader.mapping(node, spec.path("podSecurity"),
                known: ["privileged", "hostNamespaces", "hostPath", "hostPorts", "allowedCapabilities"])
        else { return }
        var policy = PodSecurityPolicy()
        func flag(_ key: String) -> Bool {
            guard let node = fields[key] else { return false }
            return reader.bool(node, fields.path(key)) ?? false
        }
        policy.privileged = flag("privileged")
        policy.hostNamespaces = flag("hostNamespaces")
        policy.hostPath = flag("hostPath")
        policy.hostPorts = flag("hostPorts")
        if let capsNode = fields["allowedCapabilities"], let claims = reader.strings(capsNode, fields.path("allowedCapabilities")) {
            var normalized: [Claim] = []
            for claim in claims {
                guard let capability = PlatformDocumentReader.capability(claim.value) else {
                    reader.error(claim, "\"\(claim.value)\" is not a capability name (like NET_BIND_SERVICE)")
                    continue
                }
                var copy = claim
                copy.value = capability
                normalized.append(copy)
            }
            reader.rejectDuplicates(normalized, "capability")
            policy.allowedCapabilities = Set(normalized.map(\.value))
        }
        document.platform.podSecurity = policy
    }

    /// `net_bind_service`, `CAP_NET_BIND_SERVICE` → `NET_BIND_SERVICE`, as the container runtime reads them.
    static func capability(_ text: String) -> String? {
        var bytes = Array(text.utf8).map { $0 >= 0x61 && $0 <= 0x7a ? $0 - 0x20 : $0 }
        if bytes.starts(with: Array("CAP_".utf8)) { bytes.removeFirst(4) }
        guard let first = bytes.first, first >= 0x41, first <= 0x5a,
            bytes.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "_") })
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func readEnforcement(_ spec: MappingFields, into document: inout PlatformDocument) {
        guard let node = spec["enforcement"], let entries = reader.entries(node, spec.path("enforcement")) else { return }
        for entry in entries {
            let path = spec.path("enforcement") + "." + entry.key
            guard let rule = RuleID(rawValue: entry.key) else {
                reader.error(entry.keyNode, path,
                    "unknown rule (expected one of: \(RuleID.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            guard let text = reader.string(entry.value, path) else { continue }
            guard let action = RuleAction(rawValue: text) else {
                reader.error(entry.value, path, "\"\(text)\" is not an action (expected deny, warn or audit)")
                continue
            }
            document.platform.enforcement[rule] = action
        }
    }
}
