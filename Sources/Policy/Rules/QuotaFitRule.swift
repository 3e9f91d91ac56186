import JSON

/// `quota-fit`: an object that could never fit the tenant's ResourceQuota is refused at once, with the
/// arithmetic, instead of being accepted and then failing pod by pod in a controller's events. A Pod is
/// compared with the quota as it stands; a workload with `replicas` × its per-pod amounts, and its
/// replica count with `quota.pods`. This does not see what the namespace already uses: the
/// ResourceQuota itself still enforces that.
enum QuotaFitRule: ObjectRule {
    static let id = RuleID.quotaFit

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        // The shape read through the optional rather than bound from it (see `PodFacts.read`).
        guard let quota = tenant.quota, let count = object.shape?.replicas(in: object.json) else { return }
        let replicas = Int64(max(0, count))
        guard replicas > 0 else { return }  // Scaled to zero asks for nothing.
        // A Pod and a DaemonSet's pods (one per node) are checked one pod at a time.
        let perPod = object.shape?.hasReplicaCount == false

        // Each detail is written into one buffer (see `TextBuilder`), numbers and amounts included: joined
        // from `String`s, a workload's detail made a dozen of them and cost ~9k instructions.
        if let pods = quota.pods, replicas > pods {
            violations.append(id) { text in
                if perPod {
                    text.append("1 pod exceeds")
                } else {
                    text.append(replicas)
                    text.append(replicas == 1 ? " replica exceeds" : " replicas exceed")
                }
                text.append(" tenant ")
                text.append(tenant.name)
                text.append("'s quota pods ")
                text.append(pods)
            }
        }

        // The facts read by optional chaining (see `PodFacts.read`).
        guard let totals = object.pod?.read({ PodResourceTotals($0) }) else { return }
        for key in QuotaKey.all {
            // The amount compared first: the quantity, with its text, is copied out only for a detail.
            guard let limitAmount = key.limitAmount(in: quota) else { continue }
            let total = PodResourceTotals.multiply(totals[key], replicas)
            guard total > limitAmount, let limit = key.limit(in: quota) else { continue }
            violations.append(Violation(id, detail(key, total: total, perPod: totals[key], replicas: replicas, perPodOnly: perPod, limit, tenant)))
        }
    }

    /// `per-pod cpu requests 9 exceed tenant acme's quota requests.cpu 8`, or for a workload
    /// `3 replicas × 4 cpu requests = 12 cpu exceeds tenant acme's quota requests.cpu 8`.
    private static func detail(
        _ key: QuotaKey, total: Int64, perPod: Int64, replicas: Int64, perPodOnly: Bool, _ limit: CompiledQuantity, _ tenant: Tenant
    ) -> String {
        let resource = key.resource
        return TextBuilder.withStackBuffer { text in
            /// `cpu requests`
            func what(into text: inout TextBuilder) {
                resource.name(into: &text)
                text.append(key.section == .requests ? " requests" : " limits")
            }
            if perPodOnly {
                text.append("per-pod ")
                what(into: &text)
                text.append(" ")
                resource.format(total, into: &text)
                text.append(" exceed ")
            } else {
                text.append(replicas)
                text.append(replicas == 1 ? " replica × " : " replicas × ")
                resource.format(perPod, into: &text)
                text.append(" ")
                what(into: &text)
                text.append(" = ")
                resource.format(total, into: &text)
                text.append(" ")
                resource.name(into: &text)
                text.append(" exceeds ")
            }
            text.append("tenant ")
            text.append(tenant.name)
            text.append("'s quota ")
            text.append(key.section == .requests ? "requests." : "limits.")
            resource.name(into: &text)
            text.append(" ")
            text.append(limit.text)
            return text.text
        }
    }
}
