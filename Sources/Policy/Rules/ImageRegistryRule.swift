import JSON

/// `image-registry`: a tenant's containers pull only from its registries, so images come from where
/// the tenant's supply chain (scanning, signing, mirroring) can vouch for them. References are
/// normalized first (`nginx` is `docker.io/library/nginx`) and matched at `/` boundaries, so a look-alike
/// host (`registry.acme.io.evil.com`) never passes for an allowed one.
enum ImageRegistryRule: ObjectRule {
    static let id = RuleID.imageRegistry

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout [Violation]) {
        let registries = tenant.registries  // once, not once per container
        guard !registries.isEmpty, let pod = object.pod else { return }
        for container in pod.containers {
            guard let image = container.image, !image.isEmpty else {
                violations.append(Violation(id, RuleText.join(
                    container.described, " names no image ",
                    RuleText.allowed(registries))))
                continue
            }
            guard !ImageReference.isUnderAny(image, of: registries) else { continue }
            let reference = ImageReference(image)
            violations.append(Violation(id, RuleText.join(
                container.described, " image ", RuleText.quoted(image.string), " (",
                RuleText.escaped(reference.repository), ") is not from a registry allowed for tenant ", tenant.name,
                " ", RuleText.allowed(registries))))
        }
    }
}
