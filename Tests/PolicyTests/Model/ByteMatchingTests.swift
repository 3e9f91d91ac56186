import Admission
import XCTest

@testable import Policy

/// Names match by their bytes, as Kubernetes compares user names, groups and namespaces
/// (docs/decisions.md): a precomposed "é" (U+00E9) and a decomposed one ("e" + U+0301), which Swift's
/// `String ==` calls equal, are two names to the policy set and the compiler.
final class ByteMatchingTests: XCTestCase {
    private let precomposed = "caf\u{E9}"
    private let decomposed = "cafe\u{301}"

    private func policies(admins: Set<String> = [], adminGroups: Set<String> = []) -> PolicySet {
        PolicySet(
            platform: Platform(adminGroups: adminGroups, adminUsers: admins),
            tenants: [
                Tenant(name: "acme", ownerGroups: [precomposed + "-team"], ownerUsers: [precomposed],
                       namespaceNames: ["tenant-acme"], namespacePrefixes: ["acme-"]),
                Tenant(name: "globex", ownerGroups: [decomposed + "-team"], ownerUsers: [decomposed],
                       serviceAccounts: [ServiceAccountPattern(namespace: "ci", name: "deployer")],
                       namespaceNames: ["tenant-globex"]),
            ],
            contentHash: "test")
    }

    private func actor(_ username: String, _ groups: [String] = [], in set: PolicySet) -> (ActorKind, String?) {
        let actor = Actor.resolve(UserInfo(username: username, groups: groups), namespace: "elsewhere", in: set)
        return (actor.kind, actor.tenant?.name)
    }

    func testTheTwoSpellingsAreOneStringToSwift() {
        XCTAssertEqual(precomposed, decomposed)
        XCTAssertNotEqual(Array(precomposed.utf8), Array(decomposed.utf8))
    }

    func testUsersMatchByBytes() {
        let set = policies()
        XCTAssertEqual(set.tenantOwning(user: precomposed)?.name, "acme")
        XCTAssertEqual(set.tenantOwning(user: decomposed)?.name, "globex")
        XCTAssertTrue(actor(precomposed, in: set) == (.tenant, "acme"))
        XCTAssertTrue(actor(decomposed, in: set) == (.tenant, "globex"))
        // Only acme lists the precomposed name: under String == it used to match both spellings.
        let acmeOnly = PolicySet(
            platform: Platform(), tenants: [Tenant(name: "acme", ownerUsers: [precomposed])], contentHash: "t")
        XCTAssertTrue(actor(precomposed, in: acmeOnly) == (.tenant, "acme"))
        XCTAssertTrue(actor(decomposed, in: acmeOnly) == (.other, nil))
        XCTAssertNil(acmeOnly.tenantOwning(user: decomposed))
    }

    func testGroupsMatchByBytes() {
        let set = policies()
        XCTAssertEqual(set.tenantOwning(group: precomposed + "-team")?.name, "acme")
        XCTAssertEqual(set.tenantOwning(group: decomposed + "-team")?.name, "globex")
        XCTAssertTrue(actor("carol", [precomposed + "-team"], in: set) == (.tenant, "acme"))
        XCTAssertTrue(actor("carol", [decomposed + "-team"], in: set) == (.tenant, "globex"))
        let acmeOnly = PolicySet(
            platform: Platform(), tenants: [Tenant(name: "acme", ownerGroups: [precomposed])], contentHash: "t")
        XCTAssertTrue(actor("carol", [precomposed], in: acmeOnly) == (.tenant, "acme"))
        XCTAssertTrue(actor("carol", [decomposed], in: acmeOnly) == (.other, nil))
    }

    func testAdminsMatchByBytes() {
        let users = policies(admins: [precomposed + "-root"])
        XCTAssertTrue(actor(precomposed + "-root", in: users) == (.admin, nil))
        XCTAssertTrue(actor(decomposed + "-root", in: users) == (.other, nil))
        let groups = policies(adminGroups: [decomposed + "-admins"])
        XCTAssertTrue(actor("carol", [decomposed + "-admins"], in: groups) == (.admin, nil))
        XCTAssertTrue(actor("carol", [precomposed + "-admins"], in: groups) == (.other, nil))
        // A name may be a tenant's owner in one spelling and an admin in the other.
        let mixed = policies(admins: [decomposed + "-x"], adminGroups: [decomposed + "-team-x"])
        XCTAssertTrue(actor(precomposed, in: mixed) == (.tenant, "acme"))
    }

    func testExactBytesMatchWhateverTheirForm() {
        // Names are not normalized on either side: the exact bytes the policy holds match.
        let set = PolicySet(platform: Platform(), tenants: [
            Tenant(name: "a", ownerGroups: ["\u{1E9B}\u{323}", "Ω"], ownerUsers: ["\u{FB01}le"]),
        ], contentHash: "t")
        XCTAssertEqual(set.tenantOwning(group: "\u{1E9B}\u{323}")?.name, "a")
        XCTAssertNil(set.tenantOwning(group: "\u{17F}\u{323}\u{307}"))  // canonically equivalent, other bytes
        XCTAssertEqual(set.tenantOwning(group: "Ω")?.name, "a")
        XCTAssertNil(set.tenantOwning(group: "\u{2126}"))  // OHM SIGN: canonically equivalent to Ω
        XCTAssertEqual(set.tenantOwning(user: "\u{FB01}le")?.name, "a")
        XCTAssertNil(set.tenantOwning(user: "file"))  // compatibility-equivalent only: never equal
    }

    func testNamespacesAndPrefixesMatchByBytes() {
        let set = PolicySet(
            platform: Platform(systemNamespaces: ["kube-system"]),
            tenants: [Tenant(name: "acme", namespaceNames: ["tenant-acme"], namespacePrefixes: ["acme-"])],
            contentHash: "t")
        XCTAssertEqual(set.tenantOwning(namespace: "tenant-acme")?.name, "acme")
        XCTAssertEqual(set.tenantOwning(namespace: "acme-dev")?.name, "acme")
        XCTAssertNil(set.tenantOwning(namespace: "acme"))
        // Longer bytes than the name, so no exact match; no prefix either.
        XCTAssertNil(set.tenantOwning(namespace: "tenant-acme\u{301}"))
        XCTAssertEqual(set.tenantOwning(namespace: "acme-\u{301}")?.name, "acme")
        XCTAssertNil(set.tenantOwning(namespace: "kube-system"))
        XCTAssertTrue(set.isSystemNamespace("kube-system"))
        XCTAssertFalse(set.isSystemNamespace("kube-system\u{301}"))
        XCTAssertFalse(set.isSystemNamespace(""))
        XCTAssertNil(set.tenantOwning(namespace: ""))
    }

    func testServiceAccountNamesMatchByBytes() {
        let set = policies()
        XCTAssertEqual(set.tenantOwning(user: "system:serviceaccount:ci:deployer")?.name, "globex")
        XCTAssertNil(set.tenantOwning(user: "system:serviceaccount:ci:deployer\u{301}"))
        XCTAssertTrue(actor("system:serviceaccount:ci:deployer", in: set) == (.tenant, "globex"))
        // The namespace of a service account is split from the username's bytes: a combining mark
        // after the colon leaves the namespace as it is.
        let wildcard = PolicySet(platform: Platform(), tenants: [
            Tenant(name: "acme", serviceAccounts: [ServiceAccountPattern(namespace: "ci", name: nil)], namespaceNames: ["tenant-acme"]),
        ], contentHash: "t")
        XCTAssertTrue(actor("system:serviceaccount:ci:\u{301}x", in: wildcard) == (.tenant, "acme"))
        XCTAssertTrue(actor("system:serviceaccount:tenant-acme:\u{301}x", in: wildcard) == (.tenant, "acme"))
        XCTAssertTrue(actor("system:serviceaccount:ci\u{301}:x", in: wildcard) == (.system, nil))
    }

    func testServiceAccountNamespaceBytes() {
        func namespace(_ username: String) -> String? {
            username.withUTF8Bytes { bytes in
                ServiceAccountName.namespace(ofUsername: UnsafeRawBufferPointer(bytes)).map { String(decoding: $0, as: UTF8.self) }
            }
        }
        XCTAssertEqual(namespace("system:serviceaccount:ns:name"), "ns")
        XCTAssertEqual(namespace("system:serviceaccount:ns:a:b"), "ns")
        XCTAssertEqual(namespace("system:serviceaccount:n\u{E9}:b"), "n\u{E9}")
        for invalid in ["system:serviceaccount:ns", "system:serviceaccount::name", "system:serviceaccount:ns:", "system:serviceaccount:",
                        "system:serviceaccounts:ns:name", "system:serviceaccount", "alice", ""] {
            XCTAssertNil(namespace(invalid), invalid)
        }
    }

    /// A decoded review's user and groups are looked up by the bytes in the request (escapes decoded),
    /// and answer as the same names built as `String`s do.
    func testDecodedUsersResolveAsBuiltOnes() throws {
        let set = policies(adminGroups: ["ops\u{E9}"])
        func decodedActor(_ userInfo: String) throws -> (ActorKind, String?) {
            let text = #"{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {"uid": "u", "operation": "CREATE", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "resource": {"group": "", "version": "v1", "resource": "pods"}, "namespace": "elsewhere", "userInfo": "# + userInfo + "}}"
            let request = try AdmissionReview.decode(Array(text.utf8)).request
            let decoded = Actor.resolve(request.userInfo, namespace: "elsewhere", in: set)
            let built = Actor.resolve(
                UserInfo(username: request.userInfo.username, groups: request.userInfo.groups), namespace: "elsewhere", in: set)
            XCTAssertEqual(decoded, built)
            return (decoded.kind, decoded.tenant?.name)
        }
        XCTAssertTrue(try decodedActor(#"{"username": "caf\u00e9"}"#) == (.tenant, "acme"))
        XCTAssertTrue(try decodedActor(#"{"username": "cafe\u0301"}"#) == (.tenant, "globex"))
        XCTAssertTrue(try decodedActor(#"{"username": "x", "groups": ["a", "cafe\u0301-team"]}"#) == (.tenant, "globex"))
        XCTAssertTrue(try decodedActor(#"{"username": "caf\u00e9", "groups": ["b", "ops\u00e9", "c"]}"#) == (.admin, nil))
        XCTAssertTrue(try decodedActor(#"{"username": "x", "groups": ["ops\u00e9"]}"#) == (.admin, nil))
        XCTAssertTrue(try decodedActor(#"{"username": "x", "groups": ["opse\u0301"]}"#) == (.other, nil))
        XCTAssertTrue(try decodedActor(#"{"username": "system:serviceaccount:ci:deployer"}"#) == (.tenant, "globex"))
        XCTAssertTrue(try decodedActor(#"{"username": "system:serviceaccount:ci:deploye\u0072"}"#) == (.tenant, "globex"))
        XCTAssertTrue(try decodedActor(#"{"username": "system\u003anode:n1", "groups": []}"#) == (.system, nil))
        XCTAssertTrue(try decodedActor(#"{}"#) == (.other, nil))
    }

    // MARK: The compiler agrees

    private func yaml(tenant name: String, groups: [String], users: [String]) -> String {
        """
        apiVersion: tenantry.dev/v1alpha1
        kind: Tenant
        metadata: {name: \(name)}
        spec:
          owners: {groups: [\(groups.map { "\"\($0)\"" }.joined(separator: ", "))], users: [\(users.map { "\"\($0)\"" }.joined(separator: ", "))]}

        """
    }

    /// Two tenants listing the two spellings claim two names: no request's user or group matches both,
    /// so the compiler accepts them, and each spelling resolves to its own tenant.
    func testCanonicallyEquivalentClaimsOfTwoTenantsAreDistinct() throws {
        let set = try PolicyCompiler.compile(sources: [
            (path: "p.yaml", text: CompilerFixtures.platform),
            (path: "a.yaml", text: yaml(tenant: "a", groups: [precomposed], users: [precomposed])),
            (path: "b.yaml", text: yaml(tenant: "b", groups: [decomposed], users: [decomposed])),
        ])
        XCTAssertEqual(set.tenantOwning(user: precomposed)?.name, "a")
        XCTAssertEqual(set.tenantOwning(user: decomposed)?.name, "b")
        XCTAssertEqual(set.tenantOwning(group: precomposed)?.name, "a")
        XCTAssertEqual(set.tenantOwning(group: decomposed)?.name, "b")
    }

    func testTheSameBytesInTwoTenantsAreStillAmbiguous() {
        XCTAssertThrowsError(try PolicyCompiler.compile(sources: [
            (path: "p.yaml", text: CompilerFixtures.platform),
            (path: "a.yaml", text: yaml(tenant: "a", groups: [precomposed], users: [])),
            (path: "b.yaml", text: yaml(tenant: "b", groups: [precomposed], users: [])),
        ])) { error in
            let errors = (error as? PolicyCompileErrors)?.errors.map(\.description) ?? []
            XCTAssertEqual(errors, [
                "b.yaml:5: spec.owners.groups[0]: group \"\(precomposed)\" of tenant b is also claimed by tenant a (a.yaml:5); a request must map to one tenant",
            ])
        }
    }

    /// An admin group spelled one way and a tenant's owner group spelled the other are two groups: the
    /// owner is not an admin, so it may own the tenant. The same bytes are still refused.
    func testAnOwnerIsAnAdminOnlyWithTheSameBytes() throws {
        let platform = """
            apiVersion: tenantry.dev/v1alpha1
            kind: Platform
            metadata: {name: platform}
            spec:
              admins: {groups: ["\(precomposed)"]}

            """
        let set = try PolicyCompiler.compile(sources: [
            (path: "p.yaml", text: platform),
            (path: "a.yaml", text: yaml(tenant: "a", groups: [decomposed], users: [])),
        ])
        XCTAssertTrue(actor("carol", [decomposed], in: set) == (.tenant, "a"))
        XCTAssertTrue(actor("carol", [precomposed], in: set) == (.admin, nil))
        XCTAssertThrowsError(try PolicyCompiler.compile(sources: [
            (path: "p.yaml", text: platform),
            (path: "a.yaml", text: yaml(tenant: "a", groups: [precomposed], users: [])),
        ]))
    }
}
