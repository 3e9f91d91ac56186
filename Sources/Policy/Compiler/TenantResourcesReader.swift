import Yams

/// Reads `Tenant.spec.containers` and `Tenant.spec.quota`: quantities compiled to exact integers
/// (millicores for cpu, bytes for memory, a count for pods) and checked for consistency.
struct TenantResourcesReader {
    let reader: NodeReader

    enum Unit {
        /// Millicores: `Quantity.milliValue`.
        case cpu
        /// Bytes, or a count: `Quantity.value`.
        case units
    }

    static let quotaKeys = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "cpu", "memory", "pods"]

    /// A non-negative quantity, compiled; nil (with an error) otherwise.
    func amount(_ node: Node, _ path: String, _ unit: Unit) -> CompiledQuantity? {
        guard let quantity = reader.quantity(node, path) else { return nil }
        if quantity.isNegative {
            reader.error(node, path, "\(quantity.text) must not be negative")
            return nil
        }
        let amount = unit == .cpu ? quantity.milliValue : quantity.value
        if amount == .max {
            reader.error(node, path, "\(quantity.text) is too large")
            return nil
        }
        return CompiledQuantity(text: quantity.text, amount: amount)
    }

    // MARK: containers

    /// One of `defaultRequest`, `defaultLimit`, `max`, with lines kept for the ordering checks.
    private struct ReadList {
        var list = ResourceList()
        var cpuLine = 0
        var memoryLine = 0
        var path = ""
    }

    private func resourceList(_ node: Node, _ path: String) -> ReadList? {
        guard let fields = reader.mapping(node, path, known: ["cpu", "memory"]) else { return nil }
        var out = ReadList(path: path)
        if let cpu = fields["cpu"] {
            out.list.cpu = amount(cpu, fields.path("cpu"), .cpu)
            out.cpuLine = NodeReader.line(of: cpu)
        }
        if let memory = fields["memory"] {
            out.list.memory = amount(memory, fields.path("memory"), .units)
            out.memoryLine = NodeReader.line(of: memory)
        }
        return out
    }

    func containers(_ node: Node, _ path: String) -> ContainerPolicy? {
        guard let fields = reader.mapping(node, path, known: ["defaultRequest", "defaultLimit", "max"]) else { return nil }
        let request = fields["defaultRequest"].flatMap { resourceList($0, fields.path("defaultRequest")) }
        let limit = fields["defaultLimit"].flatMap { resourceList($0, fields.path("defaultLimit")) }
        let max = fields["max"].flatMap { resourceList($0, fields.path("max")) }
        // defaultRequest ≤ defaultLimit ≤ max: otherwise the injected defaults would be rejected by the
        // container-limits rule (or by the API server, for a request above its limit).
        for resource in ["cpu", "memory"] {
            if let request, let limit {
                requireAtMost(request, limit, resource, "a default request may not exceed the default limit")
            }
            if let limit, let max {
                requireAtMost(limit, max, resource, "the default limit may not exceed max")
            }
            if let request, let max, limit.map({ TenantResourcesReader.value($0, resource) == nil }) ?? true {
                requireAtMost(request, max, resource, "a default request may not exceed max")
            }
        }
        return ContainerPolicy(
            defaultRequest: request?.list ?? ResourceList(),
            defaultLimit: limit?.list ?? ResourceList(),
            max: max?.list ?? ResourceList())
    }

    private static func value(_ list: ReadList, _ resource: String) -> CompiledQuantity? {
        resource == "cpu" ? list.list.cpu : list.list.memory
    }

    private func requireAtMost(_ lower: ReadList, _ upper: ReadList, _ resource: String, _ why: String) {
        guard let small = TenantResourcesReader.value(lower, resource), let large = TenantResourcesReader.value(upper, resource),
            small.amount > large.amount
        else { return }
        let upperName = upper.path.split(separator: ".").last.map(String.init) ?? upper.path
        reader.error(line: resource == "cpu" ? lower.cpuLine : lower.memoryLine, NodeReader.join(lower.path, resource),
            "\(small.text) is above \(upperName).\(resource) \(large.text) (\(why))")
    }

    // MARK: quota

    func quota(_ node: Node, _ path: String) -> QuotaPolicy? {
        guard let entries = reader.entries(node, path) else { return nil }
        var quota = QuotaPolicy()
        /// The canonical key each entry set, to catch `cpu` next to `requests.cpu`.
        var setBy: [String: String] = [:]
        for entry in entries {
            let entryPath = path + "." + entry.key
            guard TenantResourcesReader.quotaKeys.contains(entry.key) else {
                reader.error(entry.keyNode, entryPath,
                    "unsupported quota (supported: \(TenantResourcesReader.quotaKeys.joined(separator: ", ")))")
                continue
            }
            let canonical = entry.key == "cpu" ? "requests.cpu" : entry.key == "memory" ? "requests.memory" : entry.key
            if let earlier = setBy[canonical] {
                reader.error(entry.keyNode, entryPath,
                    "\"\(entry.key)\" and \"\(earlier)\" set the same quota (ResourceQuota reads cpu and memory as requests.cpu and requests.memory); keep one")
                continue
            }
            setBy[canonical] = entry.key
            switch canonical {
            case "requests.cpu": quota.requestsCPU = amount(entry.value, entryPath, .cpu)
            case "requests.memory": quota.requestsMemory = amount(entry.value, entryPath, .units)
            case "limits.cpu": quota.limitsCPU = amount(entry.value, entryPath, .cpu)
            case "limits.memory": quota.limitsMemory = amount(entry.value, entryPath, .units)
            default: quota.pods = pods(entry.value, entryPath)
            }
        }
        return quota
    }

    /// A whole number of pods (`50`, `"50"`, `1k`).
    private func pods(_ node: Node, _ path: String) -> Int64? {
        guard let count = amount(node, path, .units) else { return nil }
        guard let quantity = reader.quantity(node, path), quantity.milliValue % 1000 == 0 else {
            reader.error(node, path, "\(count.text) is not a whole number of pods")
            return nil
        }
        return count.amount
    }
}
