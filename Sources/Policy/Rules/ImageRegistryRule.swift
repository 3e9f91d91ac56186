import JSON

/// `image-registry`: a tenant's containers pull only from its registries, so images come from where
/// the tenant's supply chain (scanning, signing, mirroring) can vouch for them. References are
/// normalized first (`nginx` is `docker.io/library/nginx`) and matched at `/` boundaries, so a look-alike
/// host (`registry.acme.io.evil.com`) never passes for an allowed one.
enum ImageRegistryRule: ObjectRule {
    static let id = RuleID.imageRegistry

    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        let registries = tenant.registries  // once, not once per container
        guard !registries.isEmpty else { return }
        // The facts read by optional chaining (see `PodFacts.read`).
        object.pod?.forEachContainer { container in
            // Most images pass: checked in their bytes where they lie, with a string view made only for
            // a message.
            if container.withImage({ !$0.isEmpty && ImageReference.isUnderAny(utf8: $0, of: registries) }) == true { return }
            report(container, registries: registries, tenant: tenant, into: &violations)
        }
    }

    /// The violation of `container`, whose image is not under any of `registries`. Out of line: written
    /// in the loop, the values its detail reads were retained on every pass, for the images that pass.
    @inline(never)
    private static func report(_ container: PodContainer, registries: [String], tenant: Tenant, into violations: inout ViolationList) {
        guard let image = container.image, !image.isEmpty else {
            violations.append(id) { text in
                container.describe(into: &text)
                text.append(" names no image ")
                RuleText.allowed(registries, into: &text)
            }
            return
        }
        // Written into one buffer (see `TextBuilder`): joined, the detail made five `String`s more.
        let reference = ImageReference(image)
        violations.append(id) { text in
            container.describe(into: &text)
            text.append(" image ")
            text.appendQuoted(image)
            text.append(" (")
            text.appendEscaped(JSONStringView(reference.repository))
            text.append(") is not from a registry allowed for tenant ")
            text.append(tenant.name)
            text.append(" ")
            RuleText.allowed(registries, into: &text)
        }
    }
}
