import XCTest
@testable import Policy

/// What the compiler builds from valid policies: every field, the defaults, and the example set.
final class CompilerTests: XCTestCase {
    // MARK: The repository's policies/

    func testRepositoryPoliciesCompile() throws {
        let set = try PolicyCompiler.compile(directory: CompilerFixtures.repositoryPolicies)
        let p = set.platform
        XCTAssertEqual(p.name, "platform")
        XCTAssertEqual(p.tenantLabel, "tenant")
        XCTAssertEqual(p.adminGroups, ["system:masters", "platform-admins"])
        XCTAssertEqual(p.adminUsers, [])
        XCTAssertEqual(p.systemNamespaces, ["kube-system", "kube-public", "kube-node-lease", "tenantry-system"])
        XCTAssertEqual(p.priorityClasses, [
            PriorityClassSpec(name: "platform-critical", value: 1_000_000),
            PriorityClassSpec(name: "tenant-standard", value: 100, globalDefault: true),
            PriorityClassSpec(name: "tenant-batch", value: 10, preemptionPolicy: "Never"),
        ])
        XCTAssertEqual(p.globalDefaultPriorityClass?.name, "tenant-standard")
        XCTAssertEqual(p.platformOwned, [
            GroupResource(group: "networking.k8s.io", resource: "networkpolicies"),
            GroupResource(group: "cilium.io", resource: "ciliumnetworkpolicies"),
            GroupResource(group: "", resource: "resourcequotas"),
            GroupResource(group: "", resource: "limitranges"),
        ])
        XCTAssertEqual(p.podSecurity, PodSecurityPolicy(allowedCapabilities: ["NET_BIND_SERVICE"]))
        XCTAssertEqual(p.enforcement, [.pdbDrain: .warn])

        XCTAssertEqual(set.tenants.map(\.name), ["acme", "globex"])
        let acme = try XCTUnwrap(set.tenant(named: "acme"))
        XCTAssertEqual(acme.ownerGroups, ["tenant-acme-admins"])
        XCTAssertEqual(acme.ownerUsers, [])
        XCTAssertEqual(acme.serviceAccounts, [ServiceAccountPattern(namespace: "vc-acme", name: nil)])
        XCTAssertEqual(acme.namespaceNames, ["tenant-acme"])
        XCTAssertEqual(acme.namespacePrefixes, ["acme-", "vc-acme"])
        XCTAssertEqual(acme.namespaceLabels, [KeyValue("tier", "enterprise")])
        XCTAssertEqual(acme.namespaceAnnotations, [KeyValue("linkerd.io/inject", "enabled")])
        XCTAssertEqual(acme.priorityClasses, TenantPriorityClasses(allowed: ["tenant-standard", "tenant-batch"], defaultClass: "tenant-standard"))
        XCTAssertEqual(acme.containers, ContainerPolicy(
            defaultRequest: ResourceList(cpu: .init(text: "100m", amount: 100), memory: .init(text: "128Mi", amount: 134_217_728)),
            defaultLimit: ResourceList(cpu: .init(text: "500m", amount: 500), memory: .init(text: "512Mi", amount: 536_870_912)),
            max: ResourceList(cpu: .init(text: "2", amount: 2000), memory: .init(text: "4Gi", amount: 4_294_967_296))))
        XCTAssertEqual(acme.quota, QuotaPolicy(
            requestsCPU: .init(text: "8", amount: 8000), requestsMemory: .init(text: "16Gi", amount: 17_179_869_184),
            limitsCPU: .init(text: "16", amount: 16000), limitsMemory: .init(text: "32Gi", amount: 34_359_738_368), pods: 50))
        XCTAssertEqual(acme.nodeSelector, [KeyValue("node-pool", "tenant-workloads")])
        XCTAssertEqual(acme.registries, ["registry.acme.io", "docker.io/library"])
        XCTAssertEqual(acme.serviceTypes, ["ClusterIP", "LoadBalancer"])
        XCTAssertEqual(acme.storageClasses, ["standard"])
        XCTAssertEqual(acme.clusterRoles, ["view", "edit"])
        XCTAssertEqual(acme.vaultPathPrefix, "secret/tenants/acme")

        let globex = try XCTUnwrap(set.tenant(named: "globex"))
        XCTAssertEqual(globex.namespaceLabels, [KeyValue("tier", "standard")])
        XCTAssertEqual(globex.serviceTypes, ["ClusterIP"])
        XCTAssertEqual(globex.vaultPathPrefix, "secret/tenants/globex")

        // The indexes of the set built from it resolve the seed's namespaces.
        XCTAssertEqual(set.tenantOwning(namespace: "tenant-acme")?.name, "acme")
        XCTAssertEqual(set.tenantOwning(namespace: "vc-globex")?.name, "globex")
        XCTAssertEqual(set.tenantOwning(namespace: "acme-dev")?.name, "acme")
        XCTAssertNil(set.tenantOwning(namespace: "kube-system"))
        XCTAssertEqual(set.tenantOwning(user: "system:serviceaccount:vc-acme:vc-syncer")?.name, "acme")
        XCTAssertEqual(set.tenantOwning(group: "tenant-globex-admins")?.name, "globex")
        XCTAssertEqual(set.contentHash.count, 64)
    }

    func testRepositoryPoliciesSummary() throws {
        let set = try PolicyCompiler.compile(directory: CompilerFixtures.repositoryPolicies)
        let summary = PolicySummary(set)
        XCTAssertEqual(summary.tenants, 2)
        XCTAssertEqual(summary.namespaceNames, 2)
        XCTAssertEqual(summary.namespacePrefixes, 4)
        XCTAssertEqual(summary.ownerGroups, 2)
        XCTAssertEqual(summary.serviceAccounts, 2)
        XCTAssertEqual(summary.validationRules, 16)
        XCTAssertEqual(summary.warnRules, [.pdbDrain])
        XCTAssertEqual(summary.auditRules, [])
        XCTAssertEqual(summary.denyRules.count, 15)
        XCTAssertEqual(summary.mutations, 5)
        XCTAssertEqual(summary.description, """
            tenants:    2
            namespaces: 6 (2 names, 4 prefixes)
            owners:     4 (2 groups, 0 users, 2 service accounts)
            rules:      16 validation (15 deny, 1 warn, 0 audit), 5 mutations
              warn:     pdb-drain
            hash:       sha256:\(set.contentHash)
            """)
    }

    // MARK: Every Platform field

    func testEveryPlatformFieldCompiles() throws {
        let yaml = """
            apiVersion: tenantry.dev/v1alpha1
            kind: Platform
            metadata:
              name: prod.example.com
              labels: {app.kubernetes.io/managed-by: argocd}
              annotations: {note: anything}
            spec:
              tenantLabel: example.com/tenant
              admins:
                groups: [system:masters, ops]
                users: [alice, "bob@example.com"]
              systemNamespaces: [kube-system, monitoring]
              priorityClasses:
                - name: critical
                  value: 2000000000
                  preemptionPolicy: PreemptLowerPriority
                  globalDefault: false
                - {name: low, value: -5, preemptionPolicy: Never, globalDefault: true}
              platformOwned: [networking.k8s.io/networkpolicies, resourcequotas, apps/deployments]
              podSecurity:
                privileged: true
                hostNamespaces: true
                hostPath: true
                hostPorts: true
                allowedCapabilities: [net_admin, CAP_SYS_TIME, NET_RAW]
              enforcement:
                pdb-drain: audit
                image-registry: warn
                cross-tenant: deny
            """
        let set = try XCTUnwrap(compile([("p.yaml", yaml)]))
        let p = set.platform
        XCTAssertEqual(p.name, "prod.example.com")
        XCTAssertEqual(p.tenantLabel, "example.com/tenant")
        XCTAssertEqual(p.adminGroups, ["system:masters", "ops"])
        XCTAssertEqual(p.adminUsers, ["alice", "bob@example.com"])
        XCTAssertEqual(p.systemNamespaces, ["kube-system", "monitoring"])
        XCTAssertEqual(p.priorityClasses, [
            PriorityClassSpec(name: "critical", value: 2_000_000_000, preemptionPolicy: "PreemptLowerPriority", globalDefault: false),
            PriorityClassSpec(name: "low", value: -5, preemptionPolicy: "Never", globalDefault: true),
        ])
        XCTAssertEqual(p.platformOwned, [
            GroupResource(group: "networking.k8s.io", resource: "networkpolicies"),
            GroupResource(group: "", resource: "resourcequotas"),
            GroupResource(group: "apps", resource: "deployments"),
        ])
        XCTAssertEqual(p.podSecurity, PodSecurityPolicy(
            privileged: true, hostNamespaces: true, hostPath: true, hostPorts: true,
            allowedCapabilities: ["NET_ADMIN", "SYS_TIME", "NET_RAW"]))
        XCTAssertEqual(p.enforcement, [.pdbDrain: .audit, .imageRegistry: .warn, .crossTenant: .deny])
        XCTAssertEqual(p.action(for: .imageRegistry), .warn)
        XCTAssertEqual(set.tenants, [])
    }

    func testPlatformDefaults() throws {
        let yaml = """
            apiVersion: tenantry.dev/v1alpha1
            kind: Platform
            metadata: {name: platform}
            """
        let p = try XCTUnwrap(compile([("p.yaml", yaml)])).platform
        XCTAssertEqual(p, Platform(name: "platform"))
        XCTAssertEqual(p.tenantLabel, "tenant")
        XCTAssertEqual(p.systemNamespaces, Platform.defaultSystemNamespaces)
        XCTAssertEqual(p.podSecurity, PodSecurityPolicy())
        XCTAssertFalse(p.podSecurity.privileged)
        XCTAssertEqual(p.enforcement, [:])
        // An explicit null, or an empty spec, means "not set" as well.
        let nulls = """
            apiVersion: tenantry.dev/v1alpha1
            kind: Platform
            metadata: {name: platform}
            spec:
              tenantLabel:
              admins: ~
              podSecurity: {privileged: null}
            """
        XCTAssertEqual(try XCTUnwrap(compile([("p.yaml", nulls)])).platform, Platform(name: "platform"))
    }

    // MARK: Every Tenant field

    func testEveryTenantFieldCompiles() throws {
        let yaml = """
            apiVersion: tenantry.dev/v1alpha1
            kind: Tenant
            metadata: {name: initech}
            spec:
              owners:
                groups: [initech-admins, initech-devs]
                users: [peter, "milton@initech.com"]
                serviceAccounts: ["initech-ci:deployer", "vc-initech:*"]
              namespaces:
                names: [initech, initech-prod]
                prefixes: [initech-dev-, vc-initech]
              namespaceLabels:
                tier: gold
                example.com/cost-center: "1234"
              namespaceAnnotations:
                linkerd.io/inject: enabled
                note: "free text: anything goes"
              priorityClasses:
                allowed: [tenant-batch, tenant-standard]
              containers:
                defaultRequest: {cpu: 0.25, memory: 100M}
                defaultLimit: {cpu: 1, memory: 1Gi}
                max: {cpu: 1e1, memory: 1.5Gi}
              quota:
                cpu: 4
                memory: 8Gi
                limits.cpu: 8k
                limits.memory: "16Gi"
                pods: "100"
              nodeSelector:
                node-pool: initech
                topology.kubernetes.io/zone: eu-west-1a
              registries: [registry.initech.com, "localhost:5000/initech", ghcr.io/initech]
              serviceTypes: [ClusterIP, NodePort, LoadBalancer, ExternalName]
              storageClasses: [fast-ssd, standard]
              clusterRoles: [view, "system:aggregate-to-view"]
              vaultPathPrefix: kv/initech
            """
        let set = try XCTUnwrap(compile([("p.yaml", CompilerFixtures.platform), ("t.yaml", yaml)]))
        let t = try XCTUnwrap(set.tenant(named: "initech"))
        XCTAssertEqual(t.ownerGroups, ["initech-admins", "initech-devs"])
        XCTAssertEqual(t.ownerUsers, ["peter", "milton@initech.com"])
        XCTAssertEqual(t.serviceAccounts, [
            ServiceAccountPattern(namespace: "initech-ci", name: "deployer"),
            ServiceAccountPattern(namespace: "vc-initech", name: nil),
        ])
        XCTAssertEqual(t.namespaceNames, ["initech", "initech-prod"])
        XCTAssertEqual(t.namespacePrefixes, ["initech-dev-", "vc-initech"])
        XCTAssertEqual(t.namespaceLabels, [KeyValue("tier", "gold"), KeyValue("example.com/cost-center", "1234")])
        XCTAssertEqual(t.namespaceAnnotations, [KeyValue("linkerd.io/inject", "enabled"), KeyValue("note", "free text: anything goes")])
        XCTAssertEqual(t.priorityClasses, TenantPriorityClasses(allowed: ["tenant-batch", "tenant-standard"], defaultClass: nil))
        XCTAssertEqual(t.containers?.defaultRequest, ResourceList(cpu: .init(text: "0.25", amount: 250), memory: .init(text: "100M", amount: 100_000_000)))
        XCTAssertEqual(t.containers?.defaultLimit, ResourceList(cpu: .init(text: "1", amount: 1000), memory: .init(text: "1Gi", amount: 1_073_741_824)))
        XCTAssertEqual(t.containers?.max, ResourceList(cpu: .init(text: "1e1", amount: 10000), memory: .init(text: "1.5Gi", amount: 1_610_612_736)))
        XCTAssertEqual(t.quota, QuotaPolicy(
            requestsCPU: .init(text: "4", amount: 4000), requestsMemory: .init(text: "8Gi", amount: 8_589_934_592),
            limitsCPU: .init(text: "8k", amount: 8_000_000), limitsMemory: .init(text: "16Gi", amount: 17_179_869_184), pods: 100))
        XCTAssertEqual(t.nodeSelector, [KeyValue("node-pool", "initech"), KeyValue("topology.kubernetes.io/zone", "eu-west-1a")])
        XCTAssertEqual(t.registries, ["registry.initech.com", "localhost:5000/initech", "ghcr.io/initech"])
        XCTAssertEqual(t.serviceTypes, ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"])
        XCTAssertEqual(t.storageClasses, ["fast-ssd", "standard"])
        XCTAssertEqual(t.clusterRoles, ["view", "system:aggregate-to-view"])
        XCTAssertEqual(t.vaultPathPrefix, "kv/initech")
    }

    func testTenantDefaults() throws {
        let yaml = """
            apiVersion: tenantry.dev/v1alpha1
            kind: Tenant
            metadata: {name: bare}
            """
        let t = try XCTUnwrap(compile([("p.yaml", CompilerFixtures.platform), ("t.yaml", yaml)])?.tenant(named: "bare"))
        XCTAssertEqual(t, Tenant(name: "bare"))
        XCTAssertEqual(t.serviceTypes, ["ClusterIP"])
        XCTAssertEqual(t.clusterRoles, ["view", "edit"])
        XCTAssertNil(t.priorityClasses)
        XCTAssertNil(t.containers)
        XCTAssertNil(t.quota)
        XCTAssertNil(t.vaultPathPrefix)
        XCTAssertEqual(t.registries, [])
    }

    func testExplicitEmptyListsReplaceDefaults() throws {
        let yaml = CompilerFixtures.tenant("strict", extra: """
              serviceTypes: []
              clusterRoles: []
              containers: {}
              quota: {}
            """)
        let t = try XCTUnwrap(compile([("p.yaml", CompilerFixtures.platform), ("t.yaml", yaml)])?.tenant(named: "strict"))
        XCTAssertEqual(t.serviceTypes, [])
        XCTAssertEqual(t.clusterRoles, [])
        XCTAssertEqual(t.containers, ContainerPolicy())
        XCTAssertEqual(t.quota, QuotaPolicy())
    }

    func testQuantitiesAcceptYAMLNumbersAndStrings() throws {
        let yaml = CompilerFixtures.tenant("nums", extra: """
              quota:
                requests.cpu: 0.5
                requests.memory: 1e3
                limits.cpu: "2"
                limits.memory: 1G
                pods: 50
            """)
        let q = try XCTUnwrap(compile([("p.yaml", CompilerFixtures.platform), ("t.yaml", yaml)])?.tenant(named: "nums")?.quota)
        XCTAssertEqual(q.requestsCPU, CompiledQuantity(text: "0.5", amount: 500))
        XCTAssertEqual(q.requestsMemory, CompiledQuantity(text: "1e3", amount: 1000))
        XCTAssertEqual(q.limitsCPU, CompiledQuantity(text: "2", amount: 2000))
        XCTAssertEqual(q.limitsMemory, CompiledQuantity(text: "1G", amount: 1_000_000_000))
        XCTAssertEqual(q.pods, 50)
    }

    // MARK: Files and documents

    func testMultiDocumentFilesAndEmptyDocuments() throws {
        let all = "---\n" + CompilerFixtures.platform + "---\n" + CompilerFixtures.tenant("a") + "\n---\n# only a comment\n---\n"
            + CompilerFixtures.tenant("b") + "\n---\n"
        let set = try XCTUnwrap(compile([("all.yaml", all)]))
        XCTAssertEqual(set.tenants.map(\.name), ["a", "b"])
        XCTAssertEqual(set.tenantOwning(namespace: "b-x")?.name, "b")
    }

    func testTenantsAreSortedByNameWhateverTheFileOrder() throws {
        let set = try XCTUnwrap(compile([
            ("z.yaml", CompilerFixtures.tenant("alpha")), ("a.yaml", CompilerFixtures.tenant("zulu")),
            ("m.yaml", CompilerFixtures.platform),
        ]))
        XCTAssertEqual(set.tenants.map(\.name), ["alpha", "zulu"])
    }

    func testSameTenantMayRepeatItsOwnPrefixesAndNamesInside() throws {
        // Redundant but not ambiguous: the tenant's own name inside its own prefix, nested own prefixes.
        let yaml = """
            apiVersion: tenantry.dev/v1alpha1
            kind: Tenant
            metadata: {name: a}
            spec:
              owners: {serviceAccounts: ["a-ci:*"]}
              namespaces: {names: [a-main], prefixes: [a-, a-dev-]}
            """
        XCTAssertNotNil(compile([("p.yaml", CompilerFixtures.platform), ("t.yaml", yaml)]))
    }

    func testDistinctTenantsWithSimilarNamesAreNotAmbiguous() throws {
        // "acme-" and "acmecorp-" share the letters "acme" but neither starts the other.
        let set = try XCTUnwrap(compile([
            ("p.yaml", CompilerFixtures.platform),
            ("a.yaml", CompilerFixtures.tenant("acme")), ("b.yaml", CompilerFixtures.tenant("acmecorp")),
        ]))
        XCTAssertEqual(set.tenantOwning(namespace: "acmecorp-x")?.name, "acmecorp")
        XCTAssertEqual(set.tenantOwning(namespace: "acme-x")?.name, "acme")
    }

    // MARK: Content hash

    func testHashIgnoresCommentsWhitespaceQuotingAndDocumentOrder() throws {
        let a = try XCTUnwrap(compile([
            ("p.yaml", CompilerFixtures.platform),
            ("t.yaml", CompilerFixtures.tenant("a") + "\n---\n" + CompilerFixtures.tenant("b")),
        ]))
        let reordered = """
            # comments change nothing
            apiVersion: "tenantry.dev/v1alpha1"
            kind: Tenant
            metadata:
              name: 'b'
            spec:
              namespaces:
                prefixes: ["b-"]
                names:    [tenant-b]
              owners:
                groups:
                  - b-admins
            """
        let b = try XCTUnwrap(compile([
            ("x/tenants.yaml", reordered + "\n---\n" + CompilerFixtures.tenant("a")),
            ("x/platform.yml", "\n\n" + CompilerFixtures.platform),
        ]))
        XCTAssertEqual(a.contentHash, b.contentHash)
        XCTAssertEqual(a.contentHash.count, 64)
        XCTAssertTrue(a.contentHash.allSatisfy { "0123456789abcdef".contains($0) })
    }

    func testHashChangesWithAnyValue() throws {
        func hash(_ platformExtra: String = "", tenantExtra: String = "") throws -> String {
            try XCTUnwrap(compile([
                ("p.yaml", CompilerFixtures.platform + platformExtra),
                ("t.yaml", CompilerFixtures.tenant("a", extra: tenantExtra)),
            ])).contentHash
        }
        let variants = try [
            hash(),
            hash("  tenantLabel: owner\n"),
            hash("  enforcement: {pdb-drain: warn}\n"),
            hash("  enforcement: {pdb-drain: audit}\n"),
            hash("  enforcement: {pdb-drain: deny}\n"),
            hash("  podSecurity: {hostPorts: true}\n"),
            hash("  systemNamespaces: [kube-system]\n"),
            hash(tenantExtra: "  vaultPathPrefix: a\n"),
            hash(tenantExtra: "  vaultPathPrefix: b\n"),
            hash(tenantExtra: "  quota: {pods: 5}\n"),
            hash(tenantExtra: "  quota: {pods: 6}\n"),
            hash(tenantExtra: "  quota: {cpu: 1}\n"),
            hash(tenantExtra: "  quota: {cpu: 1000m}\n"),  // same amount, different injected text
            hash(tenantExtra: "  quota: {limits.cpu: 1}\n"),
            hash(tenantExtra: "  serviceTypes: []\n"),
            hash(tenantExtra: "  namespaceLabels: {x: \"1\", y: \"2\"}\n"),
            hash(tenantExtra: "  namespaceLabels: {y: \"2\", x: \"1\"}\n"),
            hash(tenantExtra: "  namespaceAnnotations: {x: \"1\"}\n"),
            hash(tenantExtra: "  nodeSelector: {x: \"1\"}\n"),
            hash(tenantExtra: "  priorityClasses: {allowed: [tenant-batch]}\n"),
            hash(tenantExtra: "  priorityClasses: {allowed: [tenant-batch], default: tenant-batch}\n"),
        ]
        XCTAssertEqual(Set(variants).count, variants.count, "every variant must hash differently")
    }

    // MARK: Directories

    func testDirectoryFollowsConfigMapSymlinksWithoutReadingTwice() throws {
        let root = try TemporaryDirectory()
        // A ConfigMap volume: the real files in a timestamped `..` directory, `..data` pointing at it, and
        // top-level symlinks through `..data`.
        try root.write("..2024_01_01/platform.yaml", CompilerFixtures.platform)
        try root.write("..2024_01_01/acme.yaml", CompilerFixtures.tenant("acme"))
        try root.symlink("..data", to: "..2024_01_01")
        try root.symlink("platform.yaml", to: "..data/platform.yaml")
        try root.symlink("acme.yaml", to: "..data/acme.yaml")
        let set = try PolicyCompiler.compile(directory: root.path)
        XCTAssertEqual(set.tenants.map(\.name), ["acme"])
    }

    func testDirectoryReadsNestedYAMLAndYMLOnly() throws {
        let root = try TemporaryDirectory()
        try root.write("platform.yml", CompilerFixtures.platform)
        try root.write("tenants/eu/a.yaml", CompilerFixtures.tenant("a"))
        try root.write("tenants/us/b.yaml", CompilerFixtures.tenant("b"))
        try root.write("tenants/README.md", "not: [policy")
        try root.write("tenants/c.yaml.bak", "not: [policy")
        try root.write(".git/config.yaml", "not: [policy")
        try root.symlink("tenants/loop", to: "..")  // must not recurse forever
        XCTAssertEqual(mkfifo(root.path + "/tenants/pipe.yaml", 0o600), 0)  // skipped: opening it would block
        let set = try PolicyCompiler.compile(directory: root.path + "/")
        XCTAssertEqual(set.tenants.map(\.name), ["a", "b"])
    }

    // MARK: YAML typing

    func testPlainScalarTypesFollowYAML11() {
        XCTAssertEqual(ScalarKind.classifyPlain(""), .null)
        XCTAssertEqual(ScalarKind.classifyPlain("~"), .null)
        XCTAssertEqual(ScalarKind.classifyPlain("Null"), .null)
        XCTAssertEqual(ScalarKind.classifyPlain("yes"), .bool(true))
        XCTAssertEqual(ScalarKind.classifyPlain("Off"), .bool(false))
        XCTAssertEqual(ScalarKind.classifyPlain("42"), .int(42))
        XCTAssertEqual(ScalarKind.classifyPlain("-7"), .int(-7))
        XCTAssertEqual(ScalarKind.classifyPlain("+7"), .int(7))
        XCTAssertEqual(ScalarKind.classifyPlain("1_000"), .int(1000))
        XCTAssertEqual(ScalarKind.classifyPlain("-9223372036854775808"), .int(.min))
        XCTAssertEqual(ScalarKind.classifyPlain("9223372036854775808"), .number)
        XCTAssertEqual(ScalarKind.classifyPlain("0.5"), .number)
        XCTAssertEqual(ScalarKind.classifyPlain(".5"), .number)
        XCTAssertEqual(ScalarKind.classifyPlain("1e3"), .number)
        XCTAssertEqual(ScalarKind.classifyPlain("0x1F"), .number)
        XCTAssertEqual(ScalarKind.classifyPlain("017"), .number)
        XCTAssertEqual(ScalarKind.classifyPlain(".inf"), .number)
        XCTAssertEqual(ScalarKind.classifyPlain("1:30"), .number)
        XCTAssertEqual(ScalarKind.classifyPlain("100m"), .string)
        XCTAssertEqual(ScalarKind.classifyPlain("2e"), .string)
        XCTAssertEqual(ScalarKind.classifyPlain("-"), .string)
        XCTAssertEqual(ScalarKind.classifyPlain("0xZZ"), .string)
        XCTAssertEqual(ScalarKind.classifyPlain("enabled"), .string)
    }

    func testQuotedAndTaggedScalarsAreStrings() throws {
        let yaml = CompilerFixtures.tenant("q", extra: """
              namespaceLabels: {a: "yes", b: '1234', c: !!str 5, d: ! true}
              namespaceAnnotations:
                e: |
                  42
                f: plain
            """)
        let t = try XCTUnwrap(compile([("p.yaml", CompilerFixtures.platform), ("t.yaml", yaml)])?.tenant(named: "q"))
        XCTAssertEqual(t.namespaceLabels, [KeyValue("a", "yes"), KeyValue("b", "1234"), KeyValue("c", "5"), KeyValue("d", "true")])
        XCTAssertEqual(t.namespaceAnnotations, [KeyValue("e", "42\n"), KeyValue("f", "plain")])
    }

    func testAnchorsAndAliasesAreResolved() throws {
        let yaml = """
            apiVersion: tenantry.dev/v1alpha1
            kind: Tenant
            metadata: {name: a}
            spec:
              registries: &registries [registry.example.com]
              storageClasses: [standard]
              containers:
                defaultLimit: &limits {cpu: "1", memory: 1Gi}
                max: *limits
            """
        let t = try XCTUnwrap(compile([("p.yaml", CompilerFixtures.platform), ("t.yaml", yaml)])?.tenant(named: "a"))
        XCTAssertEqual(t.containers?.max, t.containers?.defaultLimit)
        XCTAssertEqual(t.containers?.max.cpu?.amount, 1000)
    }

    // MARK: Scale

    /// 200 tenants shaped like the example, each with its own names, prefixes and owners: nothing
    /// ambiguous is reported, every tenant resolves, and the hash does not depend on file order.
    /// (Prefixes end in `-`: `vc-t1` without it would also match `vc-t10`, which the compiler rejects.)
    func testTwoHundredTenants() throws {
        var sources: [(String, String)] = [("platform.yaml", CompilerFixtures.platform)]
        for i in 0..<200 {
            sources.append(("tenants/t\(i).yaml", """
                apiVersion: tenantry.dev/v1alpha1
                kind: Tenant
                metadata: {name: t\(i)}
                spec:
                  owners: {groups: [t\(i)-admins], serviceAccounts: ["vc-t\(i):*"]}
                  namespaces: {names: [tenant-t\(i), vc-t\(i)], prefixes: [t\(i)-, vc-t\(i)-]}
                  quota: {requests.cpu: "8", requests.memory: 16Gi, pods: 50}
                  priorityClasses: {allowed: [tenant-standard, tenant-batch], default: tenant-standard}
                """))
        }
        let set = try XCTUnwrap(compile(sources))
        XCTAssertEqual(set.tenants.count, 200)
        XCTAssertEqual(set.tenantOwning(namespace: "t17-dev")?.name, "t17")
        XCTAssertEqual(set.tenantOwning(namespace: "t1-dev")?.name, "t1")
        XCTAssertEqual(set.tenantOwning(namespace: "vc-t199-x")?.name, "t199")
        XCTAssertEqual(set.tenantOwning(namespace: "vc-t19")?.name, "t19")
        XCTAssertEqual(set.tenantOwning(user: "system:serviceaccount:vc-t42:syncer")?.name, "t42")
        let reversed = try XCTUnwrap(compile(sources.reversed().enumerated().map { ("r\($0.offset)/" + $0.element.0, $0.element.1) }))
        XCTAssertEqual(reversed.contentHash, set.contentHash)
    }

    func testDirectoryErrorsNameTheFilesWithTheDirectoryPrefix() throws {
        let root = try TemporaryDirectory()
        try root.write("platform.yaml", CompilerFixtures.platform)
        try root.write("tenants/bad.yaml", CompilerFixtures.tenant("Bad"))
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path)) { error in
            XCTAssertEqual("\(error)", "\(root.path)/tenants/bad.yaml:3: metadata.name: \"Bad\" is not a valid Tenant name: must consist of lower case letters, digits and '-' (a DNS-1123 label)")
        }
    }
}

/// A fresh directory under the system temporary directory, removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "tenantry-compiler-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Directories `lock` made unreadable, opened again before removal.
    private var locked: [String] = []

    deinit {
        for directory in locked { chmod(directory, 0o700) }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Makes the directory `relative` unreadable (mode 000); skips the test when this process reads it
    /// all the same (root, or a capability that overrides permissions).
    func lock(_ relative: String) throws {
        let full = path + "/" + relative
        guard chmod(full, 0) == 0 else { throw CocoaError(.fileWriteNoPermission) }
        locked.append(full)
        if let handle = opendir(full) {
            closedir(handle)
            throw XCTSkip("this process reads mode-000 directories (running as root?)")
        }
    }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    func symlink(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: destination)
    }
}

/// Fixtures and helpers shared by the compiler tests.
enum CompilerFixtures {
    static let platform = """
        apiVersion: tenantry.dev/v1alpha1
        kind: Platform
        metadata: {name: platform}
        spec:
          admins: {groups: [platform-admins]}
          priorityClasses:
            - {name: platform-critical, value: 1000000}
            - {name: tenant-standard, value: 100, globalDefault: true}
            - {name: tenant-batch, value: 10, preemptionPolicy: Never}

        """

    /// A tenant with a name, a namespace and a prefix derived from `name`, and an owner group.
    static func tenant(_ name: String, extra: String = "") -> String {
        """
        apiVersion: tenantry.dev/v1alpha1
        kind: Tenant
        metadata: {name: \(name)}
        spec:
          owners: {groups: [\(name)-admins]}
          namespaces: {names: [tenant-\(name)], prefixes: [\(name)-]}
        \(extra)
        """
    }

    /// The repository's `policies/` directory, found from this file so tests run from any directory.
    static var repositoryPolicies: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/PolicyTests/CompilerTests.swift
        return parts.joined(separator: "/") + "/policies"
    }
}

extension XCTestCase {
    func compile(_ sources: [(String, String)], file: StaticString = #filePath, line: UInt = #line) -> PolicySet? {
        do {
            return try PolicyCompiler.compile(sources: sources.map { (path: $0.0, text: $0.1) })
        } catch {
            XCTFail("unexpected compile errors:\n\(error)", file: file, line: line)
            return nil
        }
    }

    /// The error lines (`file:line: path: message`) of a compilation that must fail.
    func compileErrors(_ sources: [(String, String)], file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try PolicyCompiler.compile(sources: sources.map { (path: $0.0, text: $0.1) })
            XCTFail("expected compile errors", file: file, line: line)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    /// Errors of one tenant document `t.yaml` next to the standard platform.
    func tenantErrors(_ tenantYAML: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        compileErrors([("p.yaml", CompilerFixtures.platform), ("t.yaml", tenantYAML)], file: file, line: line)
    }

    /// Errors of a platform document `p.yaml` alone.
    func platformErrors(_ platformYAML: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        compileErrors([("p.yaml", platformYAML)], file: file, line: line)
    }
}
