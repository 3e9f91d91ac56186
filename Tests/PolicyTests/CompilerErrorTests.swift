import XCTest
@testable import Policy

/// Every kind of compile error, each with its exact `file:line: path: message`.
final class CompilerErrorTests: XCTestCase {
    /// A Platform document whose spec is `spec` (indented by two spaces); spec starts on line 5.
    private func platform(_ spec: String) -> String {
        "apiVersion: tenantry.dev/v1alpha1\nkind: Platform\nmetadata: {name: platform}\nspec:\n" + spec
    }

    /// A Tenant document named `name` whose spec is `spec`; spec starts on line 5.
    private func tenant(_ spec: String, name: String = "t") -> String {
        "apiVersion: tenantry.dev/v1alpha1\nkind: Tenant\nmetadata: {name: \(name)}\nspec:\n" + spec
    }

    // MARK: YAML and documents

    func testYAMLSyntaxErrorsAreLocated() {
        XCTAssertEqual(compileErrors([("p.yaml", CompilerFixtures.platform), ("t.yaml", "a: b\n  c: d\n")]), [
            "t.yaml:2: YAML syntax error: mapping values are not allowed in this context",
        ])
        XCTAssertEqual(compileErrors([("p.yaml", CompilerFixtures.platform), ("t.yaml", "kind: [\n")]), [
            "t.yaml:2: YAML syntax error: did not find expected node content (while parsing a flow node at line 2)",
        ])
    }

    func testSyntaxErrorInOneFileStillReportsTheOthers() {
        XCTAssertEqual(compileErrors([
            ("a.yaml", "a: [\n"),
            ("p.yaml", CompilerFixtures.platform),
            ("t.yaml", tenant("  color: blue\n")),
        ]), [
            "a.yaml:2: YAML syntax error: did not find expected node content (while parsing a flow node at line 2)",
            "t.yaml:5: spec.color: unknown field (expected one of: owners, namespaces, namespaceLabels, namespaceAnnotations, priorityClasses, containers, quota, nodeSelector, registries, serviceTypes, storageClasses, clusterRoles, vaultPathPrefix)",
        ])
    }

    func testDuplicateYAMLKeys() {
        XCTAssertEqual(tenantErrors(tenant("  owners: {}\n  registries: []\n  owners: {}\n")), [
            "t.yaml:5: key \"owners\" appears more than once in this mapping (first here)",
        ])
    }

    func testDocumentMustBeAMapping() {
        XCTAssertEqual(tenantErrors("- a\n- b\n"), [
            "t.yaml:1: a policy document must be a mapping with apiVersion, kind, metadata and spec; got a list",
        ])
        XCTAssertEqual(tenantErrors("just text\n"), [
            "t.yaml:1: a policy document must be a mapping with apiVersion, kind, metadata and spec; got a string",
        ])
    }

    func testHeaderErrors() {
        XCTAssertEqual(tenantErrors("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"), [
            "t.yaml:1: apiVersion: \"v1\" is not supported (expected tenantry.dev/v1alpha1)",
            "t.yaml:2: kind: unknown kind \"Namespace\" (expected Platform or Tenant)",
        ])
        XCTAssertEqual(tenantErrors("metadata: {name: a}\nspec: {}\n"), [
            "t.yaml:1: apiVersion: required field is missing (expected tenantry.dev/v1alpha1)",
            "t.yaml:1: kind: required field is missing (expected Platform or Tenant)",
        ])
        XCTAssertEqual(tenantErrors("apiVersion: tenantry.dev/v1alpha1\nkind: Tenant\nspec: {}\n"), [
            "t.yaml:1: metadata: required field is missing (metadata.name names the Tenant)",
        ])
        XCTAssertEqual(tenantErrors("apiVersion: tenantry.dev/v1alpha1\nkind: Tenant\nmetadata:\n  labels: {a: b}\n"), [
            "t.yaml:4: metadata.name: required field is missing",
        ])
        XCTAssertEqual(tenantErrors("apiVersion: tenantry.dev/v1alpha1\nkind: Tenant\nmetadata: {name: a, namespace: x}\nstatus: {}\n"), [
            "t.yaml:3: metadata.namespace: unknown field (expected one of: name, labels, annotations)",
            "t.yaml:4: status: unknown field (expected one of: apiVersion, kind, metadata, spec)",
        ])
        XCTAssertEqual(tenantErrors("apiVersion: tenantry.dev/v1alpha1\nkind: Tenant\nmetadata:\n  name: a\n  labels: {n: 1}\n"), [
            "t.yaml:5: metadata.labels.n: expected a string, got an integer (quote it: \"1\")",
        ])
    }

    func testTenantNameMustBeADNSLabel() {
        XCTAssertEqual(tenantErrors(CompilerFixtures.tenant("Acme_1")), [
            "t.yaml:3: metadata.name: \"Acme_1\" is not a valid Tenant name: must consist of lower case letters, digits and '-' (a DNS-1123 label)",
        ])
        XCTAssertEqual(tenantErrors(tenant("  owners: {}\n", name: "a.b")), [
            "t.yaml:3: metadata.name: \"a.b\" is not a valid Tenant name: must consist of lower case letters, digits and '-' (a DNS-1123 label)",
        ])
    }

    func testExactlyOnePlatform() {
        XCTAssertEqual(compileErrors([("t.yaml", CompilerFixtures.tenant("a"))]), [
            "no Platform document (exactly one kind: Platform is required)",
        ])
        XCTAssertEqual(compileErrors([]), [
            "no Platform document (exactly one kind: Platform is required)",
        ])
        XCTAssertEqual(compileErrors([("p.yaml", CompilerFixtures.platform), ("q.yaml", CompilerFixtures.platform)]), [
            "q.yaml:3: metadata.name: a second Platform document (\"platform\"); there must be exactly one, and \"platform\" is at p.yaml:3",
        ])
    }

    func testMissingPlatformIsNotReportedWhenAFileCouldNotBeParsed() {
        XCTAssertEqual(compileErrors([("p.yaml", "kind: [\n"), ("t.yaml", CompilerFixtures.tenant("a"))]), [
            "p.yaml:2: YAML syntax error: did not find expected node content (while parsing a flow node at line 2)",
        ])
    }

    func testDuplicateTenantNames() {
        XCTAssertEqual(compileErrors([
            ("p.yaml", CompilerFixtures.platform),
            ("a.yaml", tenant("  owners: {}\n", name: "a")),
            ("b.yaml", tenant("  owners: {}\n", name: "a")),
        ]), [
            "b.yaml:3: metadata.name: duplicate tenant \"a\" (already defined at a.yaml:3)",
        ])
    }

    // MARK: Platform fields

    func testPlatformUnknownFields() {
        XCTAssertEqual(platformErrors(platform("  tenantlabel: x\n  admins: {groups: [a], roles: [b]}\n")), [
            "p.yaml:5: spec.tenantlabel: unknown field (expected one of: tenantLabel, admins, systemNamespaces, priorityClasses, platformOwned, podSecurity, enforcement)",
            "p.yaml:6: spec.admins.roles: unknown field (expected one of: groups, users)",
        ])
    }

    func testPlatformWrongTypes() {
        XCTAssertEqual(platformErrors(platform("  tenantLabel: [x]\n  admins: {groups: a, users: [1, true, ~]}\n  systemNamespaces: [Kube]\n")), [
            "p.yaml:5: spec.tenantLabel: expected a string, got a list",
            "p.yaml:6: spec.admins.groups: expected a list, got a string (write [a] for a list of one)",
            "p.yaml:6: spec.admins.users[0]: expected a string, got an integer (quote it: \"1\")",
            "p.yaml:6: spec.admins.users[1]: expected a string, got a boolean (quote it: \"true\")",
            "p.yaml:6: spec.admins.users[2]: expected a string, got null",
            "p.yaml:7: spec.systemNamespaces[0]: \"Kube\" is not a valid namespace name: must consist of lower case letters, digits and '-' (a DNS-1123 label)",
        ])
        XCTAssertEqual(platformErrors(platform("  admins: {groups: [a, a, '']}\n")), [
            "p.yaml:5: spec.admins.groups[1]: duplicate group \"a\" (first listed at line 5)",
            "p.yaml:5: spec.admins.groups[2]: must not be empty",
        ])
    }

    func testTenantLabelMustBeALabelKey() {
        XCTAssertEqual(platformErrors(platform("  tenantLabel: -bad\n")), [
            "p.yaml:5: spec.tenantLabel: \"-bad\" is not a valid label key: name part must consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
        ])
        XCTAssertEqual(platformErrors(platform("  tenantLabel: Example.com/tenant\n")), [
            "p.yaml:5: spec.tenantLabel: \"Example.com/tenant\" is not a valid label key: prefix must be lower case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit (a DNS-1123 subdomain)",
        ])
    }

    func testPriorityClassErrors() {
        let yaml = platform("""
              priorityClasses:
                - {name: a, value: 1, globalDefault: true}
                - {name: b, value: 2, globalDefault: true}
                - {name: a, value: 3}
                - {name: c, value: 3000000000}
                - {name: d, value: 1.5}
                - {name: e, value: 1, preemptionPolicy: Always}
                - {value: 1}
                - {name: f}
                - {name: G, value: 1}
                - x
                - {name: h, value: 1, globalDefault: "yes"}

            """)
        XCTAssertEqual(platformErrors(yaml), [
            "p.yaml:7: spec.priorityClasses[1].globalDefault: only one class may be the globalDefault; \"a\" already is (line 6)",
            "p.yaml:8: spec.priorityClasses[2].name: duplicate priority class \"a\" (first listed at line 6)",
            "p.yaml:9: spec.priorityClasses[3].value: 3000000000 does not fit in a 32-bit integer, as PriorityClass values must",
            "p.yaml:10: spec.priorityClasses[4].value: expected an integer, got a number",
            "p.yaml:11: spec.priorityClasses[5].preemptionPolicy: \"Always\" is not a preemption policy (expected PreemptLowerPriority or Never)",
            "p.yaml:12: spec.priorityClasses[6].name: required field is missing",
            "p.yaml:13: spec.priorityClasses[7].value: required field is missing",
            "p.yaml:14: spec.priorityClasses[8].name: \"G\" is not a valid PriorityClass name: must be lower case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit (a DNS-1123 subdomain)",
            "p.yaml:15: spec.priorityClasses[9]: expected a mapping, got a string",
            "p.yaml:16: spec.priorityClasses[10].globalDefault: expected true or false, got a string",
        ])
    }

    func testPlatformOwnedErrors() {
        XCTAssertEqual(platformErrors(platform("  platformOwned: [a/b/c, Pods, networking.k8s.io/, resourcequotas, resourcequotas, Apps/deployments]\n")), [
            "p.yaml:5: spec.platformOwned[0]: \"a/b/c\" is not a resource (expected group/resource, or resource alone for the core group)",
            "p.yaml:5: spec.platformOwned[1]: resource \"Pods\" must consist of lower case letters, digits and '-' (a DNS-1123 label); write the plural resource name, like networkpolicies",
            "p.yaml:5: spec.platformOwned[2]: resource \"\" must not be empty; write the plural resource name, like networkpolicies",
            "p.yaml:5: spec.platformOwned[4]: duplicate resource \"resourcequotas\" (first listed at line 5)",
            "p.yaml:5: spec.platformOwned[5]: API group \"Apps\" must be lower case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit (a DNS-1123 subdomain)",
        ])
    }

    func testPodSecurityErrors() {
        XCTAssertEqual(platformErrors(platform("  podSecurity: {privileged: yes, hostPath: 1, allowedCapabilities: [cap_net_raw, NET_RAW, 'bad cap', ''], seccomp: true}\n")), [
            // Errors on one line come in column order.
            "p.yaml:5: spec.podSecurity.hostPath: expected true or false, got an integer",
            "p.yaml:5: spec.podSecurity.allowedCapabilities[1]: duplicate capability \"NET_RAW\" (first listed at line 5)",
            "p.yaml:5: spec.podSecurity.allowedCapabilities[2]: \"bad cap\" is not a capability name (like NET_BIND_SERVICE)",
            "p.yaml:5: spec.podSecurity.allowedCapabilities[3]: \"\" is not a capability name (like NET_BIND_SERVICE)",
            "p.yaml:5: spec.podSecurity.seccomp: unknown field (expected one of: privileged, hostNamespaces, hostPath, hostPorts, allowedCapabilities)",
        ])
    }

    func testEnforcementErrors() {
        XCTAssertEqual(platformErrors(platform("  enforcement:\n    pdb-drain: block\n    no-such-rule: warn\n    image-registry: [warn]\n")), [
            "p.yaml:6: spec.enforcement.pdb-drain: \"block\" is not an action (expected deny, warn or audit)",
            "p.yaml:7: spec.enforcement.no-such-rule: unknown rule (expected one of: cluster-scope, namespace-ownership, cross-tenant, platform-owned, rbac-escalation, tenant-label, priority-class, container-limits, quota-fit, node-isolation, image-registry, service-type, pod-security, storage-class, secret-store-scope, pdb-drain)",
            "p.yaml:8: spec.enforcement.image-registry: expected a string, got a list",
        ])
    }

    // MARK: Tenant fields

    func testTenantUnknownFieldsAtEveryLevel() {
        XCTAssertEqual(tenantErrors(tenant("""
              owner: {}
              owners: {group: [a]}
              namespaces: {name: [a]}
              priorityClasses: {allowed: [tenant-batch], defaults: x}
              containers: {min: {}, max: {gpu: 1}}

            """)), [
            "t.yaml:5: spec.owner: unknown field (expected one of: owners, namespaces, namespaceLabels, namespaceAnnotations, priorityClasses, containers, quota, nodeSelector, registries, serviceTypes, storageClasses, clusterRoles, vaultPathPrefix)",
            "t.yaml:6: spec.owners.group: unknown field (expected one of: groups, users, serviceAccounts)",
            "t.yaml:7: spec.namespaces.name: unknown field (expected one of: names, prefixes)",
            "t.yaml:8: spec.priorityClasses.defaults: unknown field (expected one of: allowed, default)",
            "t.yaml:9: spec.containers.min: unknown field (expected one of: defaultRequest, defaultLimit, max)",
            "t.yaml:9: spec.containers.max.gpu: unknown field (expected one of: cpu, memory)",
        ])
        XCTAssertEqual(tenantErrors(tenant("  - a\n")), ["t.yaml:5: spec: expected a mapping, got a list"])
    }

    func testOwnerErrors() {
        XCTAssertEqual(tenantErrors(tenant("""
              owners:
                groups: [system:authenticated, '', platform-admins, g, g]
                users: [system:serviceaccount:ns:sa, system:anonymous, u, u]
                serviceAccounts: [ns, 'ns:', 'NS:a', 'ns:A', 'a:b:c', 'ns:*', 'ns:*']

            """)), [
            "t.yaml:6: spec.owners.groups[0]: \"system:authenticated\" is a built-in group of users outside any tenant; it cannot own a tenant",
            "t.yaml:6: spec.owners.groups[1]: must not be empty",
            "t.yaml:6: spec.owners.groups[2]: group \"platform-admins\" is a platform admin group (p.yaml:5); admins bypass tenant rules, so it cannot own a tenant",
            "t.yaml:6: spec.owners.groups[4]: duplicate group \"g\" (first listed at line 6)",
            "t.yaml:7: spec.owners.users[0]: list service accounts under owners.serviceAccounts as \"ns:sa\"",
            "t.yaml:7: spec.owners.users[1]: \"system:anonymous\" (unauthenticated requests) cannot own a tenant",
            "t.yaml:7: spec.owners.users[3]: duplicate user \"u\" (first listed at line 7)",
            "t.yaml:8: spec.owners.serviceAccounts[0]: \"ns\" is not a service account (expected \"namespace:name\", or \"namespace:*\" for all of a namespace)",
            "t.yaml:8: spec.owners.serviceAccounts[1]: service account name \"\" must not be empty",
            "t.yaml:8: spec.owners.serviceAccounts[2]: namespace \"NS\" must consist of lower case letters, digits and '-' (a DNS-1123 label)",
            "t.yaml:8: spec.owners.serviceAccounts[3]: service account name \"A\" must be lower case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit (a DNS-1123 subdomain)",
            "t.yaml:8: spec.owners.serviceAccounts[4]: \"a:b:c\" is not a service account (expected \"namespace:name\", or \"namespace:*\" for all of a namespace)",
            "t.yaml:8: spec.owners.serviceAccounts[6]: duplicate service account \"ns:*\" (first listed at line 8)",
        ])
    }

    func testPlatformAdminUserCannotOwnATenant() {
        let p = platform("  admins: {users: [root]}\n")
        XCTAssertEqual(compileErrors([("p.yaml", p), ("t.yaml", tenant("  owners: {users: [root]}\n"))]), [
            "t.yaml:5: spec.owners.users[0]: user \"root\" is a platform admin (p.yaml:5); admins bypass tenant rules, so they cannot own a tenant",
        ])
    }

    func testNamespaceErrors() {
        XCTAssertEqual(tenantErrors(tenant("""
              namespaces:
                names: [kube-system, Bad, x, x, toolongtoolongtoolongtoolongtoolongtoolongtoolongtoolongtoolong1]
                prefixes: [kube-, '-x', '', 'A', tenantry-, kube-system]

            """)), [
            "t.yaml:6: spec.namespaces.names[0]: \"kube-system\" is a system namespace (a default of the Platform at p.yaml:3); tenants cannot own it",
            "t.yaml:6: spec.namespaces.names[1]: \"Bad\" is not a valid namespace name: must consist of lower case letters, digits and '-' (a DNS-1123 label)",
            "t.yaml:6: spec.namespaces.names[3]: duplicate namespace \"x\" (first listed at line 6)",
            "t.yaml:6: spec.namespaces.names[4]: \"toolongtoolongtoolongtoolongtoolongtoolongtoolongtoolongtoolong1\" is not a valid namespace name: must be at most 63 characters (is 64)",
            "t.yaml:7: spec.namespaces.prefixes[0]: prefix \"kube-\" matches system namespaces \"kube-node-lease\" (a default of the Platform at p.yaml:3), \"kube-public\" (a default of the Platform at p.yaml:3), \"kube-system\" (a default of the Platform at p.yaml:3); tenants cannot own them",
            "t.yaml:7: spec.namespaces.prefixes[1]: \"-x\" is not a valid namespace prefix: must start with a letter or digit, as namespace names do",
            "t.yaml:7: spec.namespaces.prefixes[2]: \"\" is not a valid namespace prefix: must not be empty (it would match every namespace)",
            "t.yaml:7: spec.namespaces.prefixes[3]: \"A\" is not a valid namespace prefix: must consist of lower case letters, digits and '-', as namespace names do",
            "t.yaml:7: spec.namespaces.prefixes[4]: prefix \"tenantry-\" matches system namespace \"tenantry-system\" (a default of the Platform at p.yaml:3); tenants cannot own them",
            "t.yaml:7: spec.namespaces.prefixes[5]: prefix \"kube-system\" matches system namespace \"kube-system\" (a default of the Platform at p.yaml:3); tenants cannot own them",
        ])
    }

    func testExplicitSystemNamespacesAreLocated() {
        let p = platform("  systemNamespaces:\n    - infra\n    - infra-logs\n")
        XCTAssertEqual(compileErrors([("p.yaml", p), ("t.yaml", tenant("  namespaces: {names: [infra, kube-system], prefixes: [infra]}\n"))]), [
            "t.yaml:5: spec.namespaces.names[0]: \"infra\" is a system namespace (p.yaml:6); tenants cannot own it",
            "t.yaml:5: spec.namespaces.prefixes[0]: prefix \"infra\" matches system namespaces \"infra\" (p.yaml:6), \"infra-logs\" (p.yaml:7); tenants cannot own them",
        ])
    }

    func testLabelAndAnnotationErrors() {
        XCTAssertEqual(tenantErrors(tenant("""
              namespaceLabels: {tenant: t, 'bad key!': x, ok: 'bad value!', n: 5}
              namespaceAnnotations: {a/b/c: x, ok: [x]}
              nodeSelector: {pool: true, zone: "toolongtoolongtoolongtoolongtoolongtoolongtoolongtoolongtoolong1"}

            """)), [
            "t.yaml:5: spec.namespaceLabels.tenant: \"tenant\" is the Platform's tenantLabel, which tenantry sets to the tenant's name itself",
            "t.yaml:5: spec.namespaceLabels.bad key!: \"bad key!\" is not a valid label key: name part must consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
            "t.yaml:5: spec.namespaceLabels.ok: \"bad value!\" is not a valid label value: must consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (a label value)",
            "t.yaml:5: spec.namespaceLabels.n: expected a string, got an integer (quote it: \"5\")",
            "t.yaml:6: spec.namespaceAnnotations.a/b/c: \"a/b/c\" is not a valid annotation key: must be a name with an optional prefix and one '/' (like example.com/name)",
            "t.yaml:6: spec.namespaceAnnotations.ok: expected a string, got a list",
            "t.yaml:7: spec.nodeSelector.pool: expected a string, got a boolean (quote it: \"true\")",
            "t.yaml:7: spec.nodeSelector.zone: \"toolongtoolongtoolongtoolongtoolongtoolongtoolongtoolongtoolong1\" is not a valid label value: must be at most 63 characters (is 64)",
        ])
    }

    func testPriorityClassDefaultMustBeAllowed() {
        XCTAssertEqual(tenantErrors(tenant("  priorityClasses: {allowed: [tenant-standard], default: gold}\n")), [
            "t.yaml:5: spec.priorityClasses.default: \"gold\" is not in allowed [tenant-standard]",
        ])
    }

    func testPriorityClassesMustExistInThePlatform() {
        XCTAssertEqual(tenantErrors(tenant("  priorityClasses: {allowed: [gold, tenant-batch, tenant-batch], default: gold}\n")), [
            "t.yaml:5: spec.priorityClasses.allowed[0]: priority class \"gold\" is not in the Platform's spec.priorityClasses (p.yaml:3; defined: platform-critical, tenant-standard, tenant-batch)",
            "t.yaml:5: spec.priorityClasses.allowed[2]: duplicate priority class \"tenant-batch\" (first listed at line 5)",
            "t.yaml:5: spec.priorityClasses.default: priority class \"gold\" is not in the Platform's spec.priorityClasses (p.yaml:3; defined: platform-critical, tenant-standard, tenant-batch)",
        ])
        let bare = platform("  admins: {}\n")
        XCTAssertEqual(compileErrors([("p.yaml", bare), ("t.yaml", tenant("  priorityClasses: {allowed: [tenant-batch]}\n"))]), [
            "t.yaml:5: spec.priorityClasses.allowed[0]: priority class \"tenant-batch\" is not in the Platform's spec.priorityClasses (p.yaml:3; it defines none)",
        ])
    }

    func testBrokenPlatformClassesAreNotReportedAgainOnTenants() {
        let broken = platform("  priorityClasses: [{name: a}]\n")
        XCTAssertEqual(compileErrors([("p.yaml", broken), ("t.yaml", tenant("  priorityClasses: {allowed: [a]}\n"))]), [
            "p.yaml:5: spec.priorityClasses[0].value: required field is missing",
        ])
    }

    func testPriorityClassesNeedAnAllowedList() {
        XCTAssertEqual(tenantErrors(tenant("  priorityClasses: {allowed: []}\n")), [
            "t.yaml:5: spec.priorityClasses.allowed: must list at least one class (omit priorityClasses to allow any)",
        ])
        XCTAssertEqual(tenantErrors(tenant("  priorityClasses: {default: tenant-batch}\n")), [
            "t.yaml:5: spec.priorityClasses.allowed: required field is missing (list the classes the tenant may use, or omit priorityClasses to allow any)",
        ])
    }

    func testContainerDefaultsMustBeOrdered() {
        XCTAssertEqual(tenantErrors(tenant("""
              containers:
                defaultRequest: {cpu: 1, memory: 1Gi}
                defaultLimit: {cpu: 500m, memory: 2Gi}
                max: {cpu: 2, memory: 1Gi}

            """)), [
            "t.yaml:6: spec.containers.defaultRequest.cpu: 1 is above defaultLimit.cpu 500m (a default request may not exceed the default limit)",
            "t.yaml:7: spec.containers.defaultLimit.memory: 2Gi is above max.memory 1Gi (the default limit may not exceed max)",
        ])
        // Without a default limit, the request is held to max directly.
        XCTAssertEqual(tenantErrors(tenant("  containers:\n    defaultRequest: {cpu: 3}\n    max: {cpu: 2}\n")), [
            "t.yaml:6: spec.containers.defaultRequest.cpu: 3 is above max.cpu 2 (a default request may not exceed max)",
        ])
        // Equal is fine, and comparisons are by amount, not text.
        XCTAssertEqual(tenantErrors(tenant("  containers:\n    defaultRequest: {cpu: 1000m}\n    defaultLimit: {cpu: 1}\n    max: {cpu: 1.0}\n  vaultPathPrefix: ''\n")), [
            "t.yaml:9: spec.vaultPathPrefix: must not be empty (it would allow every vault path)",
        ])
    }

    func testQuantityErrors() {
        XCTAssertEqual(tenantErrors(tenant("""
              containers:
                defaultRequest: {cpu: -1, memory: abc}
                defaultLimit: {cpu: true, memory: [1]}
                max: {cpu: 1.2.3, memory: 1Zi}

            """)), [
            "t.yaml:6: spec.containers.defaultRequest.cpu: -1 must not be negative",
            "t.yaml:6: spec.containers.defaultRequest.memory: invalid quantity \"abc\": expected a number",
            "t.yaml:7: spec.containers.defaultLimit.cpu: expected a quantity (like 500m, 2 or 128Mi), got a boolean",
            "t.yaml:7: spec.containers.defaultLimit.memory: expected a quantity (like 500m, 2 or 128Mi), got a list",
            "t.yaml:8: spec.containers.max.cpu: invalid quantity \"1.2.3\": unknown suffix \".3\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)",
            "t.yaml:8: spec.containers.max.memory: invalid quantity \"1Zi\": unknown suffix \"Zi\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)",
        ])
    }

    func testQuotaErrors() {
        XCTAssertEqual(tenantErrors(tenant("""
              quota:
                cpu: 1
                requests.cpu: 2
                gpu: 1
                pods: 1.5
                memory: 99999999999999999999999999Ei
                limits.memory: -1Gi

            """)), [
            "t.yaml:7: spec.quota.requests.cpu: \"requests.cpu\" and \"cpu\" set the same quota (ResourceQuota reads cpu and memory as requests.cpu and requests.memory); keep one",
            "t.yaml:8: spec.quota.gpu: unsupported quota (supported: requests.cpu, requests.memory, limits.cpu, limits.memory, cpu, memory, pods)",
            "t.yaml:9: spec.quota.pods: 1.5 is not a whole number of pods",
            "t.yaml:10: spec.quota.memory: 99999999999999999999999999Ei is too large",
            "t.yaml:11: spec.quota.limits.memory: -1Gi must not be negative",
        ])
        XCTAssertEqual(tenantErrors(tenant("  quota: [pods]\n")), ["t.yaml:5: spec.quota: expected a mapping, got a list"])
    }

    func testListFieldErrors() {
        XCTAssertEqual(tenantErrors(tenant("""
              registries: ['https://registry.io', 'registry.io/', '', 'a b', 'reg.io/x:tag', 'reg.io@sha256:x', 'localhost:5000', reg, reg]
              serviceTypes: [ClusterIP, Headless, ClusterIP]
              storageClasses: [Fast]
              clusterRoles: ['', a/b, view]

            """)), [
            "t.yaml:5: spec.registries[0]: registry \"https://registry.io\" must not have a scheme (write the registry host, like registry.acme.io)",
            "t.yaml:5: spec.registries[1]: registry \"registry.io/\" must not start or end with '/' or contain an empty path segment",
            "t.yaml:5: spec.registries[2]: registry \"\" must not be empty (it would match every image)",
            "t.yaml:5: spec.registries[3]: registry \"a b\" must not contain spaces or control characters",
            "t.yaml:5: spec.registries[4]: registry \"reg.io/x:tag\" must be a registry host and optional path, without a tag or digest",
            "t.yaml:5: spec.registries[5]: registry \"reg.io@sha256:x\" must be a registry host and optional path, without a tag or digest",
            "t.yaml:5: spec.registries[8]: duplicate registry \"reg\" (first listed at line 5)",
            "t.yaml:6: spec.serviceTypes[1]: \"Headless\" is not a Service type (expected one of: ClusterIP, NodePort, LoadBalancer, ExternalName)",
            "t.yaml:6: spec.serviceTypes[2]: duplicate service type \"ClusterIP\" (first listed at line 6)",
            "t.yaml:7: spec.storageClasses[0]: \"Fast\" is not a valid StorageClass name: must be lower case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit (a DNS-1123 subdomain)",
            "t.yaml:8: spec.clusterRoles[0]: \"\" is not a valid ClusterRole name",
            "t.yaml:8: spec.clusterRoles[1]: \"a/b\" is not a valid ClusterRole name",
        ])
    }

    func testVaultPathPrefixErrors() {
        let cases: [(String, String)] = [
            ("secret/../x", "t.yaml:5: spec.vaultPathPrefix: \"secret/../x\" must not contain '.' or '..' segments"),
            ("./x", "t.yaml:5: spec.vaultPathPrefix: \"./x\" must not contain '.' or '..' segments"),
            ("/secret/x", "t.yaml:5: spec.vaultPathPrefix: \"/secret/x\" must not start or end with '/' or contain '//'"),
            ("secret/x/", "t.yaml:5: spec.vaultPathPrefix: \"secret/x/\" must not start or end with '/' or contain '//'"),
            ("secret//x", "t.yaml:5: spec.vaultPathPrefix: \"secret//x\" must not start or end with '/' or contain '//'"),
            ("''", "t.yaml:5: spec.vaultPathPrefix: must not be empty (it would allow every vault path)"),
            ("'a b'", "t.yaml:5: spec.vaultPathPrefix: \"a b\" must not contain spaces or control characters"),
            ("5", "t.yaml:5: spec.vaultPathPrefix: expected a string, got an integer (quote it: \"5\")"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(tenantErrors(tenant("  vaultPathPrefix: \(value)\n")), [expected], value)
        }
    }

    // MARK: Ambiguity between tenants

    private func ambiguity(_ a: String, _ b: String) -> [String] {
        compileErrors([("p.yaml", CompilerFixtures.platform), ("a.yaml", tenant(a, name: "a")), ("b.yaml", tenant(b, name: "b"))])
    }

    func testSameNamespaceInTwoTenants() {
        XCTAssertEqual(ambiguity("  namespaces: {names: [shared]}\n", "  namespaces: {names: [x, shared]}\n"), [
            "b.yaml:5: spec.namespaces.names[1]: namespace \"shared\" of tenant b is also claimed by tenant a (a.yaml:5); a request must map to one tenant",
        ])
    }

    func testEqualPrefixes() {
        XCTAssertEqual(ambiguity("  namespaces: {prefixes: [team-]}\n", "  namespaces: {prefixes: [team-]}\n"), [
            "b.yaml:5: spec.namespaces.prefixes[0]: prefix \"team-\" of tenant b is also claimed by tenant a (a.yaml:5); a request must map to one tenant",
        ])
    }

    func testNestedPrefixesEitherWay() {
        XCTAssertEqual(ambiguity("  namespaces: {prefixes: [team-a-]}\n", "  namespaces: {prefixes: [team-]}\n"), [
            "b.yaml:5: spec.namespaces.prefixes[0]: prefix \"team-\" of tenant b overlaps prefix \"team-a-\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
        XCTAssertEqual(ambiguity("  namespaces: {prefixes: [team-]}\n", "  namespaces: {prefixes: [team-a-]}\n"), [
            "b.yaml:5: spec.namespaces.prefixes[0]: prefix \"team-a-\" of tenant b overlaps prefix \"team-\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
    }

    func testNamespaceNameInsideAnotherTenantsPrefix() {
        XCTAssertEqual(ambiguity("  namespaces: {names: [team-x]}\n", "  namespaces: {prefixes: [team-]}\n"), [
            "b.yaml:5: spec.namespaces.prefixes[0]: prefix \"team-\" of tenant b matches namespace \"team-x\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
        XCTAssertEqual(ambiguity("  namespaces: {prefixes: [team-]}\n", "  namespaces: {names: [team-x]}\n"), [
            "b.yaml:5: spec.namespaces.names[0]: namespace \"team-x\" of tenant b matches prefix \"team-\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
        // A name equal to another tenant's prefix matches it too.
        XCTAssertEqual(ambiguity("  namespaces: {prefixes: [vc-b]}\n", "  namespaces: {names: [vc-b]}\n"), [
            "b.yaml:5: spec.namespaces.names[0]: namespace \"vc-b\" of tenant b matches prefix \"vc-b\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
    }

    func testOnePrefixAgainstManyReportsEach() {
        XCTAssertEqual(ambiguity("  namespaces: {prefixes: [q]}\n", "  namespaces:\n    names: [q1]\n    prefixes: [q2-, qq]\n"), [
            "b.yaml:6: spec.namespaces.names[0]: namespace \"q1\" of tenant b matches prefix \"q\" of tenant a (a.yaml:5); a request must map to one tenant",
            "b.yaml:7: spec.namespaces.prefixes[0]: prefix \"q2-\" of tenant b overlaps prefix \"q\" of tenant a (a.yaml:5); a request must map to one tenant",
            "b.yaml:7: spec.namespaces.prefixes[1]: prefix \"qq\" of tenant b overlaps prefix \"q\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
        // A one-letter prefix also takes in system namespaces that start with it.
        XCTAssertEqual(ambiguity("  namespaces: {prefixes: [t]}\n", "  owners: {}\n"), [
            "a.yaml:5: spec.namespaces.prefixes[0]: prefix \"t\" matches system namespace \"tenantry-system\" (a default of the Platform at p.yaml:3); tenants cannot own them",
        ])
    }

    func testSameOwnersInTwoTenants() {
        XCTAssertEqual(ambiguity("  owners: {groups: [devs], users: [alice]}\n", "  owners: {groups: [devs], users: [alice]}\n"), [
            "b.yaml:5: spec.owners.groups[0]: group \"devs\" of tenant b is also claimed by tenant a (a.yaml:5); a request must map to one tenant",
            "b.yaml:5: spec.owners.users[0]: user \"alice\" of tenant b is also claimed by tenant a (a.yaml:5); a request must map to one tenant",
        ])
    }

    func testServiceAccountAmbiguity() {
        XCTAssertEqual(ambiguity("  owners: {serviceAccounts: ['ci:deployer', 'x:*']}\n", "  owners: {serviceAccounts: ['ci:deployer', 'x:*', 'x:y']}\n"), [
            "b.yaml:5: spec.owners.serviceAccounts[0]: service account \"ci:deployer\" of tenant b is also claimed by tenant a (a.yaml:5); a request must map to one tenant",
            "b.yaml:5: spec.owners.serviceAccounts[1]: service account \"x:*\" of tenant b is also claimed by tenant a (a.yaml:5); a request must map to one tenant",
            "b.yaml:5: spec.owners.serviceAccounts[2]: service account \"x:y\" of tenant b is also covered by service account \"x:*\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
        XCTAssertEqual(ambiguity("  owners: {serviceAccounts: ['ci:deployer']}\n", "  owners: {serviceAccounts: ['ci:*']}\n"), [
            "b.yaml:5: spec.owners.serviceAccounts[0]: service account \"ci:*\" of tenant b also covers service account \"ci:deployer\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
        // Different names in one namespace are fine.
        XCTAssertNotNil(compile([
            ("p.yaml", CompilerFixtures.platform),
            ("a.yaml", tenant("  owners: {serviceAccounts: ['ci:a']}\n", name: "a")),
            ("b.yaml", tenant("  owners: {serviceAccounts: ['ci:b']}\n", name: "b")),
        ]))
    }

    func testServiceAccountInAnotherTenantsNamespace() {
        XCTAssertEqual(ambiguity("  namespaces: {names: [ns-a], prefixes: [vc-a]}\n", "  owners: {serviceAccounts: ['ns-a:*', 'vc-a-1:x']}\n"), [
            "b.yaml:5: spec.owners.serviceAccounts[0]: service account \"ns-a:*\" of tenant b is in namespace \"ns-a\" of tenant a (a.yaml:5); a request must map to one tenant",
            "b.yaml:5: spec.owners.serviceAccounts[1]: service account \"vc-a-1:x\" of tenant b is in a namespace matching prefix \"vc-a\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
        XCTAssertEqual(ambiguity("  owners: {serviceAccounts: ['ns-b:*', 'vc-b:x']}\n", "  namespaces: {names: [ns-b], prefixes: [vc-]}\n"), [
            "b.yaml:5: spec.namespaces.names[0]: namespace \"ns-b\" of tenant b holds service account \"ns-b:*\" of tenant a (a.yaml:5); a request must map to one tenant",
            "b.yaml:5: spec.namespaces.prefixes[0]: prefix \"vc-\" of tenant b matches the namespace of service account \"vc-b:x\" of tenant a (a.yaml:5); a request must map to one tenant",
        ])
    }

    func testAmbiguityWithinOneFileUsesLines() {
        let both = tenant("  namespaces: {names: [x]}\n", name: "a") + "---\n" + tenant("  namespaces: {names: [x]}\n", name: "b")
        XCTAssertEqual(compileErrors([("p.yaml", CompilerFixtures.platform), ("all.yaml", both)]), [
            "all.yaml:11: spec.namespaces.names[0]: namespace \"x\" of tenant b is also claimed by tenant a (all.yaml:5); a request must map to one tenant",
        ])
    }

    // MARK: Reporting

    func testAllErrorsAreCollectedAndSortedByFileThenLine() {
        let errors = compileErrors([
            ("z.yaml", tenant("  registries: ['']\n  serviceTypes: [Bogus]\n", name: "z")),
            ("a.yaml", tenant("  vaultPathPrefix: ''\n", name: "a")),
            ("p.yaml", platform("  enforcement: {pdb-drain: nope}\n")),
        ])
        XCTAssertEqual(errors, [
            "a.yaml:5: spec.vaultPathPrefix: must not be empty (it would allow every vault path)",
            "p.yaml:5: spec.enforcement.pdb-drain: \"nope\" is not an action (expected deny, warn or audit)",
            "z.yaml:5: spec.registries[0]: registry \"\" must not be empty (it would match every image)",
            "z.yaml:6: spec.serviceTypes[0]: \"Bogus\" is not a Service type (expected one of: ClusterIP, NodePort, LoadBalancer, ExternalName)",
        ])
    }

    func testErrorValuesAndDescription() throws {
        do {
            _ = try PolicyCompiler.compile(sources: [
                (path: "policies/platform.yaml", text: CompilerFixtures.platform),
                (path: "policies/tenants/acme.yaml", text: tenant("  priorityClasses: {allowed: [tenant-standard], default: gold}\n", name: "acme")),
            ])
            XCTFail("expected errors")
        } catch {
            XCTAssertEqual(error.errors, [PolicyCompileError(
                file: "policies/tenants/acme.yaml", line: 5, path: "spec.priorityClasses.default",
                message: "\"gold\" is not in allowed [tenant-standard]")])
            XCTAssertEqual(error.description,
                "policies/tenants/acme.yaml:5: spec.priorityClasses.default: \"gold\" is not in allowed [tenant-standard]")
        }
        XCTAssertEqual(PolicyCompileError(file: "d", line: 0, path: "", message: "m").description, "d: m")
        XCTAssertEqual(PolicyCompileError(file: "", line: 0, path: "", message: "m").description, "m")
        XCTAssertEqual(PolicyCompileErrors([
            PolicyCompileError(file: "a", line: 1, path: "x", message: "one"),
            PolicyCompileError(file: "a", line: 2, path: "", message: "two"),
        ]).description, "a:1: x: one\na:2: two")
    }

    // MARK: Directories

    func testMissingDirectory() {
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: "/nonexistent/tenantry-policies")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/tenantry-policies: cannot read policy directory: No such file or directory")
        }
    }

    func testDirectoryWithoutPolicies() throws {
        let root = try TemporaryDirectory()
        try root.write("README.md", "# nothing here")
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path)) { error in
            XCTAssertEqual("\(error)", "\(root.path): no *.yaml or *.yml policy files found")
        }
    }

    func testDirectoryWithoutPlatform() throws {
        let root = try TemporaryDirectory()
        try root.write("tenants/a.yaml", CompilerFixtures.tenant("a"))
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path)) { error in
            XCTAssertEqual("\(error)", "\(root.path): no Platform document (exactly one kind: Platform is required)")
        }
    }

    func testInvalidUTF8AndDanglingSymlinks() throws {
        let root = try TemporaryDirectory()
        try root.write("platform.yaml", CompilerFixtures.platform)
        try Data([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xff, 0xfe]).write(to: URL(fileURLWithPath: root.path + "/bad.yaml"))
        try root.symlink("gone.yaml", to: "nowhere.yaml")
        try root.symlink("gone-dir", to: "nowhere")  // not YAML-named: ignored
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path)) { error in
            XCTAssertEqual("\(error)", """
                \(root.path)/bad.yaml: is not valid UTF-8
                \(root.path)/gone.yaml: cannot read: No such file or directory
                """)
        }
    }

    func testARootThatIsAFileIsNotADirectory() throws {
        let root = try TemporaryDirectory()
        try root.write("platform.yaml", CompilerFixtures.platform)
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path + "/platform.yaml")) { error in
            XCTAssertEqual("\(error)", "\(root.path)/platform.yaml: is not a directory")
        }
    }

    /// Policies too deep to be read are an error, not silently left out.
    func testDirectoryNestedTooDeep() throws {
        let root = try TemporaryDirectory()
        try root.write("platform.yaml", CompilerFixtures.platform)
        let deep = String(repeating: "d/", count: DirectoryWalker.maxDepth)
        try root.write(deep + "t.yaml", CompilerFixtures.tenant("t"))
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path)) { error in
            XCTAssertEqual("\(error)", "\(root.path)/\(deep.dropLast()): nested deeper than 32 directories; not read")
        }
    }

    func testUnreadableSubdirectory() throws {
        let root = try TemporaryDirectory()
        try root.write("platform.yaml", CompilerFixtures.platform)
        try root.write("tenants/a.yaml", CompilerFixtures.tenant("a"))
        try root.lock("tenants")
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path)) { error in
            XCTAssertEqual("\(error)", "\(root.path)/tenants: cannot open directory: Permission denied")
        }
    }

    func testUnreadableFileSuppressesMissingPlatform() throws {
        let root = try TemporaryDirectory()
        try root.write("tenants/a.yaml", CompilerFixtures.tenant("a"))
        try Data([0xff]).write(to: URL(fileURLWithPath: root.path + "/platform.yaml"))
        XCTAssertThrowsError(try PolicyCompiler.compile(directory: root.path)) { error in
            XCTAssertEqual("\(error)", "\(root.path)/platform.yaml: is not valid UTF-8")
        }
    }
}
