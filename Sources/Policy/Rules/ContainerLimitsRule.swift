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

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout [Violation]) {
        guard let policy = tenant.containers, let pod = object.pod else { return }
        for container in pod.containers {
            for resource in ContainerResource.both {
                check(resource, max: resource.value(in: policy.max), container.list, container.index, container.json,
                      container.resources, tenant, &violations)
            }
        }
    }

    private static func check(
        _ resource: ContainerResource, max: CompiledQuantity?, _ list: ContainerList, _ index: Int, _ container: JSON,
        _ resources: ContainerResources, _ tenant: Tenant, _ violations: inout [Violation]
    ) {
        let limit = resources.field(.limits, resource)
        let request = resources.field(.requests, resource)
        // Each detail is joined in one allocation (see `RuleText.join`): a pod without limits fails
        // this rule for every container, and its message is built on the request path.
        func report(_ pieces: String...) {
            violations.append(Violation(id, RuleText.join([RuleText.container(list, index, container), ": "] + pieces)))
        }
        func field(_ section: ResourceSection) -> String { RuleText.join("resources.", section.rawValue, ".", resource.rawValue) }
        /// `resources.limits.cpu 3`: the field and its value as written.
        func setting(_ section: ResourceSection) -> String { RuleText.join(field(section), " ", ResourceField.text(container, section, resource)) }

        func reportIfInvalid(_ value: ResourceField, _ section: ResourceSection) {
            guard case .invalid(let raw) = value else { return }
            if case .string(let text) = raw {
                report(field(section), " ", RuleText.quoted(text), " is not a quantity")
            } else {
                report(field(section), " is ", RuleText.describe(raw), ", not a quantity")
            }
        }
        reportIfInvalid(limit, .limits)
        reportIfInvalid(request, .requests)
        if let max {
            switch limit {
            case .absent where list != .ephemeralContainers:
                report("no ", field(.limits), " (required by tenant ", tenant.name, ", at most ", max.text, ")")
            case .amount(let amount) where amount > max.amount:
                report(setting(.limits), " exceeds tenant ", tenant.name, "'s maximum ", max.text)
            default:
                break
            }
            if let amount = request.amount, amount > max.amount {
                report(setting(.requests), " exceeds tenant ", tenant.name, "'s maximum ", max.text)
            }
        }
        if let requested = request.amount, let limited = limit.amount, requested > limited {
            report(setting(.requests), " exceeds its limit ", ResourceField.text(container, .limits, resource))
        }
    }
}
