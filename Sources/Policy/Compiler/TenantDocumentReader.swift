import Yams

/// The compiled Tenant plus where each claim was written, for the checks across documents.
struct TenantDocument {
    var tenant: Tenant
    var file: String
    /// The line of `metadata.name`.
    var line: Int
    var names: [Claim] = []
    var prefixes: [Claim] = []
    var groups: [Claim] = []
    var users: [Claim] = []
    var serviceAccounts: [(pattern: ServiceAccountPattern, claim: Claim)] = []
    /// `priorityClasses.allowed` items and `priorityClasses.default`, checked against the Platform's classes.
    var priorityClassRefs: [Claim] = []
    var namespaceLabelKeys: [Claim] = []

    var location: String { "\(file):\(line)" }
}

/// Reads `kind: Tenant` documents (policy.md §1). Resource fields (`containers`, `quota`) are in
/// `TenantResourcesReader`.
struct TenantDocumentReader {
    let reader: NodeReader

    static let specFields = [
        "owners", "namespaces", "namespaceLabels", "namespaceAnnotations", "priorityClasses", "containers", "quota",
        "nodeSelector", "registries", "serviceTypes", "storageClasses", "clusterRoles", "vaultPathPrefix",
    ]
    static let serviceTypes = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]
    /// Groups every user or every service account is in, or that already mean something cluster-wide: a
    /// tenant owning one of them would turn a whole population into that tenant.
    static let reservedGroups: Set<String> = [
        "system:authenticated", "system:unauthenticated", "system:serviceaccounts", "system:masters",
        "system:nodes", "system:bootstrappers", "system:monitoring",
    ]

    func read(name: String, line: Int, spec specNode: Node?) -> TenantDocument {
        var document = TenantDocument(tenant: Tenant(name: name), file: reader.file, line: line)
        guard let specNode, let spec = reader.mapping(specNode, "spec", known: TenantDocumentReader.specFields) else {
            return document
        }
        readOwners(spec, into: &document)
        readNamespaces(spec, into: &document)
        if let node = spec["namespaceLabels"] {
            let labels = readLabels(node, spec.path("namespaceLabels"))
            document.tenant.namespaceLabels = labels.map(\.pair)
            document.namespaceLabelKeys = labels.map(\.key)
        }
        if let node = spec["namespaceAnnotations"] {
            document.tenant.namespaceAnnotations = readAnnotations(node, spec.path("namespaceAnnotations"))
        }
        readPriorityClasses(spec, into: &document)
        let resources = TenantResourcesReader(reader: reader)
        if let node = spec["containers"] { document.tenant.containers = resources.containers(node, spec.path("containers")) }
        if let node = spec["quota"] { document.tenant.quota = resources.quota(node, spec.path("quota")) }
        if let node = spec["nodeSelector"] {
            document.tenant.nodeSelector = readLabels(node, spec.path("nodeSelector")).map(\.pair)
        }
        readImageAndServicePolicies(spec, into: &document)
        if let node = spec["vaultPathPrefix"] {
            document.tenant.vaultPathPrefix = readVaultPathPrefix(node, spec.path("vaultPathPrefix"))
        }
        return document
    }

    // MARK: Owners and namespaces

    private func readOwners(_ spec: MappingFields, into document: inout TenantDocument) {
        guard let node = spec["owners"],
            let owners = reader.mapping(node, spec.path("owners"), known: ["groups", "users", "serviceAccounts"])
        else { return }
        if let node = owners["groups"], let groups = reader.strings(node, owners.path("groups")) {
            reader.rejectDuplicates(groups, "group")
            for group in groups {
                if group.value.isEmpty {
                    reader.error(group, "must not be empty")
                } else if TenantDocumentReader.reservedGroups.contains(group.value) {
                    reader.error(group, "\"\(group.value)\" is a built-in group of users outside any tenant; it cannot own a tenant")
                } else {
                    document.groups.append(group)
                }
            }
        }
        if let node = owners["users"], let users = reader.strings(node, owners.path("users")) {
            reader.rejectDuplicates(users, "user")
            for user in users {
                if user.value.isEmpty {
                    reader.error(user, "must not be empty")
                } else if let sa = ServiceAccountName(username: user.value) {
                    reader.error(user, "list service accounts under owners.serviceAccounts as \"\(sa.namespace):\(sa.name)\"")
                } else if user.value == "system:anonymous" {
                    reader.error(user, "\"system:anonymous\" (unauthenticated requests) cannot own a tenant")
                } else {
                    document.users.append(user)
                }
            }
        }
        if let node = owners["serviceAccounts"], let claims = reader.strings(node, owners.path("serviceAccounts")) {
            reader.rejectDuplicates(claims, "service account")
            for claim in claims {
                guard let pattern = serviceAccountPattern(claim) else { continue }
                document.serviceAccounts.append((pattern, claim))
            }
        }
        document.tenant.ownerGroups = document.groups.map(\.value)
        document.tenant.ownerUsers = document.users.map(\.value)
        document.tenant.serviceAccounts = document.serviceAccounts.map(\.pattern)
    }

    /// `namespace:name`, or `namespace:*` for every service account of the namespace.
    private func serviceAccountPattern(_ claim: Claim) -> ServiceAccountPattern? {
        let parts = claim.value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            reader.error(claim, "\"\(claim.value)\" is not a service account (expected \"namespace:name\", or \"namespace:*\" for all of a namespace)")
            return nil
        }
        if let reason = NameValidation.dns1123Label(parts[0]) {
            reader.error(claim, "namespace \"\(parts[0])\" \(reason)")
            return nil
        }
        if parts[1] == "*" { return ServiceAccountPattern(namespace: parts[0], name: nil) }
        if let reason = NameValidation.dns1123Subdomain(parts[1]) {
            reader.error(claim, "service account name \"\(parts[1])\" \(reason)")
            return nil
        }
        return ServiceAccountPattern(namespace: parts[0], name: parts[1])
    }

    private func readNamespaces(_ spec: MappingFields, into document: inout TenantDocument) {
        guard let node = spec["namespaces"],
            let namespaces = reader.mapping(node, spec.path("namespaces"), known: ["names", "prefixes"])
        else { return }
        if let node = namespaces["names"], let names = reader.strings(node, namespaces.path("names")) {
            reader.rejectDuplicates(names, "namespace")
            for name in names {
                if let reason = NameValidation.dns1123Label(name.value) {
                    reader.error(name, "\"\(name.value)\" is not a valid namespace name: \(reason)")
                } else {
                    document.names.append(name)
                }
            }
        }
        if let node = namespaces["prefixes"], let prefixes = reader.strings(node, namespaces.path("prefixes")) {
            reader.rejectDuplicates(prefixes, "prefix")
            for prefix in prefixes {
                if let reason = NameValidation.namespacePrefix(prefix.value) {
                    reader.error(prefix, "\"\(prefix.value)\" is not a valid namespace prefix: \(reason)")
                } else {
                    document.prefixes.append(prefix)
                }
            }
        }
        document.tenant.namespaceNames = document.names.map(\.value)
        document.tenant.namespacePrefixes = document.prefixes.map(\.value)
    }

    // MARK: Labels and annotations

    /// A label map (`namespaceLabels`, `nodeSelector`), in the order written.
    private func readLabels(_ node: Node, _ path: String) -> [(pair: KeyValue, key: Claim)] {
        guard let entries = reader.entries(node, path) else { return [] }
        var out: [(pair: KeyValue, key: Claim)] = []
        for entry in entries {
            let entryPath = path + "." + entry.key
            if let reason = NameValidation.qualifiedName(entry.key) {
                reader.error(entry.keyNode, entryPath, "\"\(entry.key)\" is not a valid label key: \(reason)")
                continue
            }
            guard let value = reader.string(entry.value, entryPath) else { continue }
            if let reason = NameValidation.labelValue(value) {
                reader.error(entry.value, entryPath, "\"\(value)\" is not a valid label value: \(reason)")
                continue
            }
            out.append((KeyValue(entry.key, value), reader.claim(entry.key, entry.keyNode, entryPath)))
        }
        return out
    }

    private func readAnnotations(_ node: Node, _ path: String) -> [KeyValue] {
        guard let entries = reader.entries(node, path) else { return [] }
        var out: [KeyValue] = []
        for entry in entries {
            let entryPath = path + "." + entry.key
            if let reason = NameValidation.qualifiedName(entry.key) {
                reader.error(entry.keyNode, entryPath, "\"\(entry.key)\" is not a valid annotation key: \(reason)")
                continue
            }
            guard let value = reader.string(entry.value, entryPath) else { continue }
            out.append(KeyValue(entry.key, value))
        }
        return out
    }

    // MARK: Priority classes

    private func readPriorityClasses(_ spec: MappingFields, into document: inout TenantDocument) {
        guard let node = spec["priorityClasses"],
            let fields = reader.mapping(node, spec.path("priorityClasses"), known: ["allowed", "default"])
        else { return }
        guard let allowedNode = fields["allowed"] else {
            reader.error(line: fields.line, fields.path("allowed"),
                "required field is missing (list the classes the tenant may use, or omit priorityClasses to allow any)")
            return
        }
        guard let allowed = reader.strings(allowedNode, fields.path("allowed")) else { return }
        guard !allowed.isEmpty else {
            reader.error(allowedNode, fields.path("allowed"),
                "must list at least one class (omit priorityClasses to allow any)")
            return
        }
        reader.rejectDuplicates(allowed, "priority class")
        var classes = TenantPriorityClasses(allowed: [])
        for claim in allowed where !classes.allowed.contains(claim.value) {
            classes.allowed.append(claim.value)
            document.priorityClassRefs.append(claim)
        }
        if let defaultNode = fields["default"], let name = reader.string(defaultNode, fields.path("default")) {
            if classes.allowed.contains(name) {
                classes.defaultClass = name
                document.priorityClassRefs.append(reader.claim(name, defaultNode, fields.path("default")))
            } else {
                reader.error(defaultNode, fields.path("default"),
                    "\"\(name)\" is not in allowed [\(classes.allowed.joined(separator: ", "))]")
            }
        }
        document.tenant.priorityClasses = classes
    }

    // MARK: Registries, services, storage, RBAC

    private func readImageAndServicePolicies(_ spec: MappingFields, into document: inout TenantDocument) {
        if let node = spec["registries"], let claims = reader.strings(node, spec.path("registries")) {
            reader.rejectDuplicates(claims, "registry")
            document.tenant.registries = claims.filter(validRegistry).map(\.value)
        }
        if let node = spec["serviceTypes"], let claims = reader.strings(node, spec.path("serviceTypes")) {
            reader.rejectDuplicates(claims, "service type")
            document.tenant.serviceTypes = claims.filter { claim in
                guard TenantDocumentReader.serviceTypes.contains(claim.value) else {
                    reader.error(claim, "\"\(claim.value)\" is not a Service type (expected one of: \(TenantDocumentReader.serviceTypes.joined(separator: ", ")))")
                    return false
                }
                return true
            }.map(\.value)
        }
        if let node = spec["storageClasses"], let claims = reader.strings(node, spec.path("storageClasses")) {
            reader.rejectDuplicates(claims, "storage class")
            document.tenant.storageClasses = claims.filter { claim in
                if let reason = NameValidation.dns1123Subdomain(claim.value) {
                    reader.error(claim, "\"\(claim.value)\" is not a valid StorageClass name: \(reason)")
                    return false
                }
                return true
            }.map(\.value)
        }
        if let node = spec["clusterRoles"], let claims = reader.strings(node, spec.path("clusterRoles")) {
            reader.rejectDuplicates(claims, "cluster role")
            // ClusterRole names are path segments (`system:aggregate-to-view` is one): anything but `/` and `%`.
            document.tenant.clusterRoles = claims.filter { claim in
                let bad = claim.value.isEmpty || claim.value.contains("/") || claim.value.contains("%")
                    || claim.value == "." || claim.value == ".."
                if bad {
                    reader.error(claim, "\"\(claim.value)\" is not a valid ClusterRole name")
                }
                return !bad
            }.map(\.value)
        }
    }

    /// `registry.acme.io`, `docker.io/library`: what an image reference starts with. A scheme or a
    /// trailing `/` would never match the `/`-boundary comparison of the image-registry rule.
    private func validRegistry(_ claim: Claim) -> Bool {
        let text = claim.value
        let problem: String?
        if text.isEmpty {
            problem = "must not be empty (it would match every image)"
        } else if text.contains("://") {
            problem = "must not have a scheme (write the registry host, like registry.acme.io)"
        } else if text.hasPrefix("/") || text.hasSuffix("/") || text.contains("//") {
            problem = "must not start or end with '/' or contain an empty path segment"
        } else if text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7f }) {
            problem = "must not contain spaces or control characters"
        } else if text.contains("@") || (text.contains(":") && !TenantDocumentReader.hasPortOnly(text)) {
            problem = "must be a registry host and optional path, without a tag or digest"
        } else {
            problem = nil
        }
        if let problem { reader.error(claim, "registry \"\(text)\" \(problem)") }
        return problem == nil
    }

    /// `localhost:5000` or `registry.acme.io:5000/team`: a colon only as the port of the host.
    private static func hasPortOnly(_ text: String) -> Bool {
        let host = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let path = text.dropFirst(host.count)
        guard !path.contains(":"), let colon = host.firstIndex(of: ":") else { return false }
        let port = host[host.index(after: colon)...]
        return !port.isEmpty && port.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `secret/tenants/acme`: non-empty `/`-separated segments, none `.` or `..`, so "below the prefix"
    /// cannot be escaped and the prefix itself is unambiguous.
    private func readVaultPathPrefix(_ node: Node, _ path: String) -> String? {
        guard let text = reader.string(node, path) else { return nil }
        let segments = text.split(separator: "/", omittingEmptySubsequences: false)
        if text.isEmpty {
            reader.error(node, path, "must not be empty (it would allow every vault path)")
        } else if segments.contains(where: { $0 == ".." || $0 == "." }) {
            reader.error(node, path, "\"\(text)\" must not contain '.' or '..' segments")
        } else if segments.contains(where: \.isEmpty) {
            reader.error(node, path, "\"\(text)\" must not start or end with '/' or contain '//'")
        } else if text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7f }) {
            reader.error(node, path, "\"\(text)\" must not contain spaces or control characters")
        } else {
            return text
        }
        return nil
    }
}
