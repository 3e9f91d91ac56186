import JSON

/// `container-limits`: with `containers.max` set, every container states its cpu and memory limits and
/// stays within the maximum, like a LimitRange would enforce; a request above its own limit is always
/// refused (the API server would reject it later with a less helpful message).
///
/// Ephemeral containers (`kubectl debug`) are exempt from the missing-limit check: the API server
/// forbids them any resources, and they run inside the pod's cgroup, bounded by the other containers'
/// limits. The `default-resources` mutation fills regular containers before this rule sees them.
enum ContainerLimitsRule: ObjectRule {
    static let id = RuleID.containerLimits

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        // The facts read by optional chaining (see `PodFacts.read`).
        guard let policy = tenant.containers, object.pod != nil else { return }
        // The maxima read once, and each resource checked by its own call: a loop over
        // `ContainerResource.both` copied the array and each maximum (its text) per container.
        let maxCPU = policy.max.cpu
        let maxMemory = policy.max.memory
        object.pod?.forEachContainer { container in
            check(.cpu, max: maxCPU, container, tenant, &violations)
            check(.memory, max: maxMemory, container, tenant, &violations)
        }
    }

    private static func check(
        _ resource: ContainerResource, max: CompiledQuantity?, _ container: PodContainer, _ tenant: Tenant,
        _ violations: inout ViolationList
    ) {
        let list = container.list
        let limit = container.resources.field(.limits, resource)
        let request = container.resources.field(.requests, resource)
        // Each detail is written into the list's buffer (see `ViolationList`): a pod without limits fails this
        // rule for every container, and its message is built on the request path. Out of line: inlined,
        // the writing made the check itself dearer for the containers that pass.
        @inline(never)
        func report(_ section: ResourceSection, _ rest: (inout TextBuilder) -> Void) {
            violations.append(id) { text in
                container.describe(into: &text)
                text.append(": ")
                field(section, into: &text)
                rest(&text)
            }
        }
        /// `resources.limits.cpu`
        func field(_ section: ResourceSection, into text: inout TextBuilder) {
            switch (section, resource) {
            case (.requests, .cpu): text.append("resources.requests.cpu")
            case (.requests, .memory): text.append("resources.requests.memory")
            case (.limits, .cpu): text.append("resources.limits.cpu")
            case (.limits, .memory): text.append("resources.limits.memory")
            }
        }
        /// The field's value as written: `resources.limits.cpu 3`.
        func setting(_ section: ResourceSection, into text: inout TextBuilder) {
            text.append(" ")
            ResourceField.text(container, section, resource, into: &text)
        }

        func reportIfInvalid(_ value: ResourceField, _ section: ResourceSection) {
            guard case .invalid = value else { return }
            // An invalid field is one the container holds (see `ResourceField.written`).
            let raw = ResourceField.written(container, section, resource) ?? .null
            report(section) { text in
                if case .string(let string) = raw {
                    text.append(" ")
                    text.append(RuleText.quoted(string))
                    text.append(" is not a quantity")
                } else {
                    text.append(" is ")
                    text.append(RuleText.describe(raw))
                    text.append(", not a quantity")
                }
            }
        }
        /// `container "app": no resources.limits.cpu (required by tenant acme, at most 2)`
        @inline(never)
        func reportMissingLimit(_ max: CompiledQuantity) {
            violations.append(id) { text in
                container.describe(into: &text)
                text.append(": no ")
                field(.limits, into: &text)
                text.append(" (required by tenant ")
                text.append(tenant.name)
                text.append(", at most ")
                text.append(max.text)
                text.append(")")
            }
        }
        reportIfInvalid(limit, .limits)
        reportIfInvalid(request, .requests)
        if let max {
            switch limit {
            case .absent where list != .ephemeralContainers:
                reportMissingLimit(max)
            case .amount(let amount) where amount > max.amount:
                report(.limits) { text in
                    setting(.limits, into: &text)
                    exceedsMaximum(max, into: &text)
                }
            default:
                break
            }
            if let amount = request.amount, amount > max.amount {
                report(.requests) { text in
                    setting(.requests, into: &text)
                    exceedsMaximum(max, into: &text)
                }
            }
        }
        if let requested = request.amount, let limited = limit.amount, requested > limited {
            report(.requests) { text in
                setting(.requests, into: &text)
                text.append(" exceeds its limit ")
                ResourceField.text(container, .limits, resource, into: &text)
            }
        }

        /// ` exceeds tenant acme's maximum 2`
        func exceedsMaximum(_ max: CompiledQuantity, into text: inout TextBuilder) {
            text.append(" exceeds tenant ")
            text.append(tenant.name)
            text.append("'s maximum ")
            text.append(max.text)
        }
    }
}
