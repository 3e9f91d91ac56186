/// The content hash of a compiled policy set: hex SHA-256 of a canonical byte serialization of the
/// model, so comments, whitespace, quoting, file layout and document order never change it and any
/// compiled value does.
///
/// Every string is length-prefixed and every list counted, so no two different models serialize alike.
/// Sets are sorted; lists keep their order, which the model keeps too (labels are injected in the order
/// written, so reordering them is a real change).
enum ContentHash {
    static func of(platform: Platform, tenants: [Tenant]) -> String {
        var out = CanonicalWriter()
        out.field("format", "tenantry.dev/v1alpha1")
        write(platform, to: &out)
        let sorted = tenants.sorted { $0.name < $1.name }
        out.count("tenants", sorted.count)
        for tenant in sorted { write(tenant, to: &out) }
        return SHA256.hex(of: out.bytes)
    }

    private static func write(_ p: Platform, to out: inout CanonicalWriter) {
        out.field("platform", p.name)
        out.field("tenantLabel", p.tenantLabel)
        out.set("adminGroups", p.adminGroups)
        out.set("adminUsers", p.adminUsers)
        out.set("systemNamespaces", p.systemNamespaces)
        out.count("priorityClasses", p.priorityClasses.count)
        for c in p.priorityClasses {
            out.field("name", c.name)
            out.field("value", String(c.value))
            out.field("preemptionPolicy", c.preemptionPolicy)
            out.field("globalDefault", c.globalDefault ? "true" : "false")
        }
        out.set("platformOwned", Set(p.platformOwned.map(\.description)))
        out.field("privileged", p.podSecurity.privileged ? "true" : "false")
        out.field("hostNamespaces", p.podSecurity.hostNamespaces ? "true" : "false")
        out.field("hostPath", p.podSecurity.hostPath ? "true" : "false")
        out.field("hostPorts", p.podSecurity.hostPorts ? "true" : "false")
        out.set("allowedCapabilities", p.podSecurity.allowedCapabilities)
        let enforcement = p.enforcement.sorted { $0.key < $1.key }
        out.count("enforcement", enforcement.count)
        for (rule, action) in enforcement { out.field(rule.rawValue, action.rawValue) }
    }

    private static func write(_ t: Tenant, to out: inout CanonicalWriter) {
        out.field("tenant", t.name)
        out.list("ownerGroups", t.ownerGroups)
        out.list("ownerUsers", t.ownerUsers)
        out.list("serviceAccounts", t.serviceAccounts.map(\.description))
        out.list("namespaceNames", t.namespaceNames)
        out.list("namespacePrefixes", t.namespacePrefixes)
        out.pairs("namespaceLabels", t.namespaceLabels)
        out.pairs("namespaceAnnotations", t.namespaceAnnotations)
        if let classes = t.priorityClasses {
            out.list("priorityClasses.allowed", classes.allowed)
            out.optional("priorityClasses.default", classes.defaultClass)
        } else {
            out.absent("priorityClasses")
        }
        if let c = t.containers {
            out.resources("containers.defaultRequest", c.defaultRequest)
            out.resources("containers.defaultLimit", c.defaultLimit)
            out.resources("containers.max", c.max)
        } else {
            out.absent("containers")
        }
        if let q = t.quota {
            out.quantity("quota.requests.cpu", q.requestsCPU)
            out.quantity("quota.requests.memory", q.requestsMemory)
            out.quantity("quota.limits.cpu", q.limitsCPU)
            out.quantity("quota.limits.memory", q.limitsMemory)
            out.optional("quota.pods", q.pods.map { String($0) })
        } else {
            out.absent("quota")
        }
        out.pairs("nodeSelector", t.nodeSelector)
        out.list("registries", t.registries)
        out.list("serviceTypes", t.serviceTypes)
        out.list("storageClasses", t.storageClasses)
        out.list("clusterRoles", t.clusterRoles)
        out.optional("vaultPathPrefix", t.vaultPathPrefix)
    }
}

/// Appends tagged, length-prefixed values: `name=<len>:<bytes>` and `name#<count>`.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(4096)
    }

    private mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func string(_ value: String) {
        raw(String(value.utf8.count))
        bytes.append(UInt8(ascii: ":"))
        raw(value)
    }

    mutating func field(_ name: String, _ value: String) {
        raw(name)
        bytes.append(UInt8(ascii: "="))
        string(value)
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func count(_ name: String, _ count: Int) {
        raw(name)
        bytes.append(UInt8(ascii: "#"))
        raw(String(count))
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func absent(_ name: String) {
        raw(name)
        raw("~\n")
    }

    mutating func optional(_ name: String, _ value: String?) {
        if let value { field(name, value) } else { absent(name) }
    }

    mutating func list(_ name: String, _ values: [String]) {
        count(name, values.count)
        for value in values { field("-", value) }
    }

    mutating func set(_ name: String, _ values: Set<String>) {
        list(name, values.sorted())
    }

    mutating func pairs(_ name: String, _ values: [KeyValue]) {
        count(name, values.count)
        for pair in values {
            field("key", pair.key)
            field("value", pair.value)
        }
    }

    mutating func quantity(_ name: String, _ value: CompiledQuantity?) {
        guard let value else { return absent(name) }
        field(name, value.text)
        field(name + ".amount", String(value.amount))
    }

    mutating func resources(_ name: String, _ list: ResourceList) {
        quantity(name + ".cpu", list.cpu)
        quantity(name + ".memory", list.memory)
    }
}
