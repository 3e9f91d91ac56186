import JSON

/// `storage-class`: a tenant's claims provision only from its storage classes (others may be faster,
/// costlier, or another tenant's). A claim that names no class gets the cluster default and is allowed;
/// an empty name (`""`, "no class": bind a pre-provisioned volume) is a name outside the list. The
/// legacy annotation still decides the class where it is set, so it is checked as well. StatefulSets
/// are checked through their `volumeClaimTemplates`, before their claims exist.
enum StorageClassRule: ObjectRule {
    static let id = RuleID.storageClass
    static let legacyAnnotation = "volume.beta.kubernetes.io/storage-class"

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        guard !tenant.storageClasses.isEmpty else { return }
        switch context.ruleResource {
        case .persistentVolumeClaims?:
            checkClaim(object.json, prefix: "", tenant, &violations)
        case .statefulSets?:
            guard let templates = object.json["spec"]?["volumeClaimTemplates"]?.arrayValue else { return }
            for (index, template) in templates.enumerated() {
                let name = template["metadata"]?["name"]?.stringValue.map { RuleText.quoted($0) } ?? "#" + String(index)
                checkClaim(template, prefix: "volumeClaimTemplate " + name + ": ", tenant, &violations)
            }
        default:
            return
        }
    }

    private static func checkClaim(_ claim: JSON, prefix: String, _ tenant: Tenant, _ violations: inout ViolationList) {
        if let value = claim["spec"]?["storageClassName"], !value.isNull, !isAllowed(value, tenant) {
            violations.append(Violation(id,
                prefix + "storageClassName " + RuleText.describe(value)
                + RuleText.notAllowed(forTenant: tenant.name, allowed: tenant.storageClasses)))
        }
        if let value = claim["metadata"]?["annotations"]?[legacyAnnotation], !value.isNull, !isAllowed(value, tenant) {
            violations.append(Violation(id,
                prefix + "annotation " + legacyAnnotation + " " + RuleText.describe(value)
                + RuleText.notAllowed(forTenant: tenant.name, allowed: tenant.storageClasses)))
        }
    }

    private static func isAllowed(_ value: JSON, _ tenant: Tenant) -> Bool {
        guard let name = value.stringValue else { return false }
        return tenant.storageClasses.contains(name)
    }
}
