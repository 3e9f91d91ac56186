import ArgumentParser

@main
struct Tenantry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenantry",
        abstract: "Admission webhook for multi-tenant Kubernetes: tenant isolation and defaults, from a compiled policy set.",
        discussion: """
            Policies are YAML files (apiVersion tenantry.dev/v1alpha1, one Platform and any number of Tenants), \
            compiled into an indexed set that the validating and mutating endpoints evaluate. \
            `serve` runs the webhook over HTTPS; `compile` checks a policy directory; `replay` runs captured \
            AdmissionReviews through the same engine.
            """,
        version: TenantryVersion.string,
        subcommands: [ServeCommand.self, CompileCommand.self, ReplayCommand.self, VersionCommand.self]
    )
}
