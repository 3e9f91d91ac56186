import Admission
import JSON
import XCTest

@testable import Policy

final class RBACEscalationRuleTests: XCTestCase {
    private func binding(role: JSON = ["kind": "ClusterRole", "name": "edit"], subjects: [JSON]) -> JSON {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": ["name": "b", "namespace": "tenant-acme"],
            "roleRef": role, "subjects": .array(subjects),
        ]
    }

    private func check(_ object: JSON, _ operation: Admission.Operation = .create) -> [String] {
        let request = RuleFixtures.request(
            operation, group: "rbac.authorization.k8s.io", resource: "rolebindings", kind: "RoleBinding", namespace: "tenant-acme",
            name: "b", object: object)
        return RuleFixtures.actorViolations(RBACEscalationRule.self, request).details
    }

    private func subject(_ kind: String, _ name: String, namespace: String? = nil) -> JSON {
        var object: JSON = ["kind": .string(kind), "name": .string(name)]
        if let namespace, case .object(var members) = object {
            members["namespace"] = .string(namespace)
            object = .object(members)
        }
        return object
    }

    func testAllowedClusterRoleForOwnPeopleIsAllowed() {
        let object = binding(subjects: [
            subject("User", "carol"), subject("Group", "acme-devs"), subject("Group", "tenant-acme-admins"), subject("User", "alice"),
            subject("ServiceAccount", "builder"), subject("ServiceAccount", "runner", namespace: "acme-ci"),
            subject("User", "system:serviceaccount:tenant-acme:default"), subject("ServiceAccount", "acme-deployer", namespace: "ci"),
            subject("Group", "system:serviceaccounts:acme-dev"), subject("Group", "system:serviceaccounts:vcluster-acme"),
        ])
        XCTAssertEqual(check(object), [])
        XCTAssertEqual(check(binding(role: ["kind": "Role", "name": "anything"], subjects: [])), [])
    }

    func testClusterRoleOutsideTheTenantsListIsDenied() {
        XCTAssertEqual(
            check(binding(role: ["kind": "ClusterRole", "name": "cluster-admin"], subjects: [])),
            ["roleRef ClusterRole \"cluster-admin\" is not allowed for tenant acme (allowed: view, edit)"])
    }

    func testClusterWideGroupsAreDenied() {
        XCTAssertEqual(
            check(binding(subjects: [
                subject("Group", "system:authenticated"), subject("Group", "system:unauthenticated"),
                subject("Group", "system:serviceaccounts"), subject("Group", "system:serviceaccounts:tenant-globex"),
            ])),
            [
                "subject Group \"system:authenticated\" is outside tenant acme: it means every authenticated user",
                "subject Group \"system:unauthenticated\" is outside tenant acme: it means every anonymous request",
                "subject Group \"system:serviceaccounts\" is outside tenant acme: it means every service account in the cluster",
                "subject Group \"system:serviceaccounts:tenant-globex\" is outside tenant acme: it means every service account of namespace \"tenant-globex\", which belongs to tenant globex",
            ])
    }

    func testOtherTenantsAdminsAndSystemIdentitiesAreDenied() {
        XCTAssertEqual(
            check(binding(subjects: [
                subject("User", "bob"), subject("Group", "tenant-globex-admins"), subject("User", "root-admin"),
                subject("Group", "system:masters"), subject("Group", "system:nodes"), subject("User", "system:kube-scheduler"),
            ])),
            [
                "subject User \"bob\" is outside tenant acme: it is an owner of tenant globex",
                "subject Group \"tenant-globex-admins\" is outside tenant acme: it is an owner group of tenant globex",
                "subject User \"root-admin\" is outside tenant acme: it is a platform admin user",
                "subject Group \"system:masters\" is outside tenant acme: it is a platform admin group",
                "subject Group \"system:nodes\" is outside tenant acme: it is a system group",
                "subject User \"system:kube-scheduler\" is outside tenant acme: it is a system user",
            ])
    }

    func testServiceAccountsOutsideTheTenantAreDenied() {
        XCTAssertEqual(
            check(binding(subjects: [
                subject("ServiceAccount", "default", namespace: "tenant-globex"),
                subject("ServiceAccount", "globex-deployer", namespace: "ci"),
                subject("ServiceAccount", "other", namespace: "ci"),
                subject("User", "system:serviceaccount:kube-system:replicaset-controller"),
            ])),
            [
                "subject ServiceAccount \"tenant-globex/default\" is outside tenant acme: its namespace \"tenant-globex\" belongs to tenant globex",
                "subject ServiceAccount \"ci/globex-deployer\" is outside tenant acme: it is a service account of tenant globex",
                "subject ServiceAccount \"ci/other\" is outside tenant acme: its namespace \"ci\" belongs to no tenant",
                "subject User \"system:serviceaccount:kube-system:replicaset-controller\" is outside tenant acme: its namespace \"kube-system\" is a system namespace",
            ])
    }

    func testServiceAccountDefaultsToTheBindingsNamespace() {
        let object: JSON = [
            "metadata": ["name": "b"], "roleRef": ["kind": "ClusterRole", "name": "view"],
            "subjects": [["kind": "ServiceAccount", "name": "default"]],
        ]
        let own = RuleFixtures.request(group: "rbac.authorization.k8s.io", resource: "rolebindings", namespace: "acme-dev", object: object)
        XCTAssertEqual(RuleFixtures.actorViolations(RBACEscalationRule.self, own), [])
        // Acting (as far as this rule is concerned) in globex's namespace: the account is globex's.
        let other = RuleFixtures.request(group: "rbac.authorization.k8s.io", resource: "rolebindings", namespace: "tenant-globex", object: object)
        XCTAssertEqual(RuleFixtures.actorViolations(RBACEscalationRule.self, other).count, 1)
    }

    func testOnlyRoleBindingWritesAreChecked() {
        let bad = binding(role: ["kind": "ClusterRole", "name": "cluster-admin"], subjects: [subject("Group", "system:authenticated")])
        XCTAssertEqual(check(bad, .update).count, 2)
        XCTAssertEqual(check(bad, .delete), [])
        let role = RuleFixtures.request(group: "rbac.authorization.k8s.io", resource: "roles", object: bad)
        XCTAssertEqual(RuleFixtures.actorViolations(RBACEscalationRule.self, role), [])
    }
}
