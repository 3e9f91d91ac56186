import Admission
import XCTest

@testable import Policy

/// Who a request's user acts as (policy.md §2): admins first, then an owner listed by username, then the
/// tenants its groups and its service account's namespace belong to.
final class ActorTests: XCTestCase {
    private let policies = PolicySet(
        platform: Platform(adminGroups: ["platform-admins"], adminUsers: ["root-admin"]),
        tenants: [
            Tenant(name: "globex", ownerGroups: ["globex-admins", "shared-b"], ownerUsers: ["bob"],
                   serviceAccounts: [ServiceAccountPattern(namespace: "ci", name: "globex-deployer")],
                   namespaceNames: ["tenant-globex"], namespacePrefixes: ["globex-"]),
            Tenant(name: "acme", ownerGroups: ["acme-admins", "shared-a"], ownerUsers: ["alice"],
                   serviceAccounts: [ServiceAccountPattern(namespace: "vc-acme", name: nil)],
                   namespaceNames: ["tenant-acme"], namespacePrefixes: ["acme-"]),
            Tenant(name: "zeta", ownerGroups: ["zeta-admins"], namespaceNames: ["tenant-zeta"]),
        ],
        contentHash: "test")

    private func resolve(_ username: String, _ groups: [String] = [], namespace: String = "tenant-acme") -> (ActorKind, String?) {
        let actor = Actor.resolve(UserInfo(username: username, groups: groups), namespace: namespace, in: policies)
        return (actor.kind, actor.tenant?.name)
    }

    func testAdminsWinOverEverything() {
        XCTAssertTrue(resolve("root-admin", ["acme-admins"]) == (.admin, nil))
        XCTAssertTrue(resolve("alice", ["acme-admins", "platform-admins"]) == (.admin, nil))
        XCTAssertTrue(resolve("system:serviceaccount:vc-acme:syncer", ["platform-admins"]) == (.admin, nil))
    }

    func testOwnerByUsernameWinsOverGroups() {
        XCTAssertTrue(resolve("alice", ["globex-admins"], namespace: "tenant-globex") == (.tenant, "acme"))
        XCTAssertTrue(resolve("system:serviceaccount:ci:globex-deployer", ["acme-admins"]) == (.tenant, "globex"))
        XCTAssertTrue(resolve("system:serviceaccount:vc-acme:syncer", ["globex-admins"], namespace: "tenant-globex") == (.tenant, "acme"))
    }

    func testGroupsPreferTheNamespaceOwnerElseTheFirstByName() {
        XCTAssertTrue(resolve("carol", ["shared-b", "shared-a"], namespace: "tenant-globex") == (.tenant, "globex"))
        XCTAssertTrue(resolve("carol", ["shared-b", "shared-a"], namespace: "acme-dev") == (.tenant, "acme"))
        XCTAssertTrue(resolve("carol", ["zeta-admins", "shared-b"], namespace: "tenant-zeta") == (.tenant, "zeta"))
        // Nobody's namespace: the first tenant in name order, whatever the order of the groups.
        XCTAssertTrue(resolve("carol", ["zeta-admins", "shared-b"], namespace: "elsewhere") == (.tenant, "globex"))
        XCTAssertTrue(resolve("carol", ["shared-b", "zeta-admins", "shared-a"], namespace: "kube-system") == (.tenant, "acme"))
    }

    func testAServiceAccountOfATenantNamespaceIsACandidate() {
        XCTAssertTrue(resolve("system:serviceaccount:acme-dev:builder", namespace: "tenant-globex") == (.tenant, "acme"))
        XCTAssertTrue(resolve("system:serviceaccount:acme-dev:builder", ["zeta-admins"], namespace: "tenant-zeta") == (.tenant, "zeta"))
        XCTAssertTrue(resolve("system:serviceaccount:globex-ci:builder", ["acme-admins"], namespace: "tenant-globex") == (.tenant, "globex"))
    }

    func testEveryoneElseIsSystemOrOther() {
        XCTAssertTrue(resolve("system:serviceaccount:kube-system:replicaset-controller", ["system:serviceaccounts"]) == (.system, nil))
        XCTAssertTrue(resolve("system:kube-scheduler") == (.system, nil))
        XCTAssertTrue(resolve("dave", ["developers"]) == (.other, nil))
        // Malformed service account names are plain users.
        XCTAssertTrue(resolve("system:serviceaccount:vc-acme:") == (.system, nil))
        XCTAssertTrue(resolve("system:serviceaccount::syncer") == (.system, nil))
    }

    func testServiceAccountNamesSplitAtTheFirstColon() {
        XCTAssertEqual(ServiceAccountName(username: "system:serviceaccount:ns:name"), ServiceAccountName(namespace: "ns", name: "name"))
        XCTAssertEqual(ServiceAccountName(username: "system:serviceaccount:ns:a:b"), ServiceAccountName(namespace: "ns", name: "a:b"))
        XCTAssertNil(ServiceAccountName(username: "system:serviceaccount:ns"))
        XCTAssertNil(ServiceAccountName(username: "system:serviceaccount::name"))
        XCTAssertNil(ServiceAccountName(username: "system:serviceaccount:ns:"))
        XCTAssertNil(ServiceAccountName(username: "system:serviceaccounts:ns:name"))
        XCTAssertNil(ServiceAccountName(username: "alice"))
    }
}
