import JSON

/// `quota-fit`: an object that could never fit the tenant's ResourceQuota is refused at once, with the
/// arithmetic, instead of being accepted and then failing pod by pod in a controller's events. A Pod is
/// compared with the quota as it stands; a workload with `replicas` × its per-pod amounts, and its
/// replica count with `quota.pods`. This does not see what the namespace already uses: the
/// ResourceQuota itself still enforces that.
enum QuotaFitRule: ObjectRule {
    static let id = RuleID.quotaFit

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout [Violation]) {
        guard let quota = tenant.quota, let shape = object.shape else { return }
        let replicas = Int64(max(0, shape.replicas(in: object.json)))
        guard replicas > 0 else { return }  // Scaled to zero asks for nothing.
        // A Pod and a DaemonSet's pods (one per node) are checked one pod at a time.
        let perPod = shape.replicasPath == nil

        if let pods = quota.pods, replicas > pods {
            let counted = perPod ? "1 pod exceeds" : RuleText.join(String(replicas), replicas == 1 ? " replica exceeds" : " replicas exceed")
            violations.append(Violation(id, RuleText.join(counted, " tenant ", tenant.name, "'s quota pods ", String(pods))))
        }

        guard let pod = object.pod else { return }
        let totals = PodResourceTotals(pod)
        for key in QuotaKey.all {
            guard let limit = key.limit(in: quota) else { continue }
            let total = PodResourceTotals.multiply(totals[key], replicas)
            guard total > limit.amount else { continue }
            let resource = key.resource
            let what = RuleText.join(resource.rawValue, " ", key.section.rawValue)
            let quotaText = RuleText.join("tenant ", tenant.name, "'s quota ", key.name, " ", limit.text)
            let detail: String
            if perPod {
                detail = RuleText.join("per-pod ", what, " ", resource.format(total), " exceed ", quotaText)
            } else {
                detail = RuleText.join(
                    String(replicas), replicas == 1 ? " replica × " : " replicas × ", resource.format(totals[key]), " ", what,
                    " = ", resource.format(total), " ", resource.rawValue, " exceeds ", quotaText)
            }
            violations.append(Violation(id, detail))
        }
    }
}
