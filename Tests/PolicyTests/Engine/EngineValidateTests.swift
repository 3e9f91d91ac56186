import Admission
import JSON
import XCTest

@testable import Policy

/// The engine's gating (who gets which rules, on which operations) and the shape of its decisions.
/// Each rule's own logic is tested in Rules/.
final class EngineValidateTests: XCTestCase {
    typealias F = EngineFixtures

    func testAllowedPodCarriesAuditAnnotationsAndNoMessage() {
        let decision = Engine.validate(F.request(.create, object: F.pod(priorityClass: "tenant-standard")), with: F.policies())
        XCTAssertTrue(decision.allowed)
        XCTAssertNil(decision.message)
        XCTAssertEqual(decision.actor, .tenant)
        XCTAssertEqual(decision.tenant, "acme")
        XCTAssertEqual(decision.auditAnnotations.map(\.key), ["tenant", "actor", "decision"])
        XCTAssertEqual(decision.auditAnnotations.map(\.value), ["acme", "tenant", "allow"])
    }

    func testDenialMessageNamesRuleObjectAndWhatIsAllowed() {
        let decision = Engine.validate(F.request(.create, name: "web-7d4b9", object: F.pod(name: "web-7d4b9", priorityClass: "platform-critical")), with: F.policies())
        XCTAssertFalse(decision.allowed)
        XCTAssertEqual(
            decision.message,
            #"tenantry: [priority-class] Pod tenant-acme/web-7d4b9: priorityClassName "platform-critical" is not allowed for tenant acme (allowed: tenant-standard, tenant-batch)"#)
        XCTAssertEqual(decision.rules, [.priorityClass])
        XCTAssertEqual(decision.auditAnnotations.map(\.value), ["acme", "tenant", "deny", "priority-class"])
        let response = decision.response(uid: "uid-1")
        XCTAssertEqual(response.status?.code, 403)
        XCTAssertEqual(response.status?.reason, "Forbidden")
    }

    func testEveryDenyingRuleIsNamedInOneMessage() {
        var pod = F.pod(priorityClass: "platform-critical", labels: ["tenant": "globex"])
        if case .object(var o) = pod, case .object(var spec)? = o["spec"] {
            spec["nodeName"] = "node-1"
            o["spec"] = .object(spec)
            pod = .object(o)
        }
        let decision = Engine.validate(F.request(.create, object: pod), with: F.policies())
        XCTAssertEqual(decision.rules, [.nodeIsolation, .priorityClass, .tenantLabel])
        let message = decision.message ?? ""
        XCTAssertTrue(message.hasPrefix("tenantry: [tenant-label] Pod tenant-acme/web: "), message)
        XCTAssertTrue(message.contains("; [priority-class] Pod tenant-acme/web: "), message)
        XCTAssertTrue(message.contains("; [node-isolation] Pod tenant-acme/web: "), message)
    }

    func testAdminsBypassValidation() {
        let request = F.request(.create, user: F.platformAdmin, object: F.pod(priorityClass: "platform-critical"))
        let decision = Engine.validate(request, with: F.policies())
        XCTAssertTrue(decision.allowed)
        XCTAssertEqual(decision.actor, .admin)
        XCTAssertEqual(decision.tenant, "acme")
        XCTAssertEqual(decision.auditAnnotations.map(\.value), ["acme", "admin", "allow"])
    }

    func testControllersStillGetObjectRules() {
        let request = F.request(.create, user: F.replicaSetController, object: F.pod(priorityClass: "platform-critical"))
        let decision = Engine.validate(request, with: F.policies())
        XCTAssertEqual(decision.actor, .system)
        XCTAssertFalse(decision.allowed)
        XCTAssertEqual(decision.rules, [.priorityClass])
    }

    func testControllersAreNotSubjectToActorRules() {
        // A controller writing in a system namespace is not cross-tenant.
        let request = F.request(.create, namespace: "kube-system", user: F.replicaSetController, object: F.pod(namespace: "kube-system"))
        XCTAssertTrue(Engine.validate(request, with: F.policies()).allowed)
    }

    func testOtherUsersGetObjectRulesButNotActorRules() {
        let bob = UserInfo(username: "bob@example.com", groups: ["developers"])
        let inAcme = Engine.validate(F.request(.create, user: bob, object: F.pod(priorityClass: "platform-critical")), with: F.policies())
        XCTAssertEqual(inAcme.actor, .other)
        XCTAssertEqual(inAcme.rules, [.priorityClass])
        let elsewhere = Engine.validate(F.request(.create, namespace: "default", user: bob, object: F.pod(namespace: "default")), with: F.policies())
        XCTAssertTrue(elsewhere.allowed)
        XCTAssertEqual(elsewhere.tenant, nil)
        XCTAssertEqual(elsewhere.auditAnnotations.first?.value, "none")
    }

    func testDeleteHasNoNewObjectSoOnlyActorRulesApply() {
        let badOld = F.pod(priorityClass: "platform-critical")
        let own = Engine.validate(F.request(.delete, object: nil, oldObject: badOld), with: F.policies())
        XCTAssertTrue(own.allowed, "object rules must not judge the old object of a DELETE")
        let other = Engine.validate(F.request(.delete, namespace: "tenant-globex", object: nil, oldObject: F.pod(namespace: "tenant-globex")), with: F.policies())
        XCTAssertFalse(other.allowed)
        XCTAssertEqual(other.rules, [.crossTenant])
    }

    func testConnectIsAnActorRequest() {
        let exec: JSON = ["kind": "PodExecOptions", "apiVersion": "v1", "stdin": true, "tty": true, "container": "web", "command": ["/bin/sh"]]
        let intoGlobex = F.request(.connect, kind: "PodExecOptions", subResource: "exec", namespace: "tenant-globex", object: exec)
        let denied = Engine.validate(intoGlobex, with: F.policies())
        XCTAssertEqual(denied.rules, [.crossTenant])
        XCTAssertTrue(denied.message?.contains("PodExecOptions tenant-globex/web") ?? false, denied.message ?? "")
        let intoOwn = F.request(.connect, kind: "PodExecOptions", subResource: "exec", object: exec)
        XCTAssertTrue(Engine.validate(intoOwn, with: F.policies()).allowed)
    }

    func testStatusAndScaleSubresourcesSkipObjectRules() {
        let bad = F.pod(priorityClass: "platform-critical")
        let status = F.request(.update, subResource: "status", user: F.replicaSetController, object: bad, oldObject: bad)
        XCTAssertTrue(Engine.validate(status, with: F.policies()).allowed)
        let scale: JSON = ["kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": ["name": "web", "namespace": "tenant-acme"], "spec": ["replicas": 1000]]
        let scaleRequest = F.request(.update, resource: "deployments", group: "apps", kind: "Scale", subResource: "scale", object: scale)
        XCTAssertTrue(Engine.validate(scaleRequest, with: F.policies()).allowed)
    }

    func testEphemeralContainersSubresourceIsChecked() {
        var pod = F.pod(priorityClass: "tenant-standard")
        if case .object(var o) = pod, case .object(var spec)? = o["spec"] {
            spec["ephemeralContainers"] = [["name": "debug", "image": "nginx", "securityContext": ["privileged": true]]]
            o["spec"] = .object(spec)
            pod = .object(o)
        }
        let request = F.request(.update, subResource: "ephemeralcontainers", object: pod, oldObject: F.pod())
        XCTAssertTrue(Engine.validate(request, with: F.policies()).rules.contains(.podSecurity))
    }

    func testNamespaceRequestsUseTheirOwnName() {
        let ns: JSON = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "tenant-globex", "labels": ["tenant": "globex", "tier": "enterprise"]]]
        let request = F.request(.create, resource: "namespaces", kind: "Namespace", namespace: "tenant-globex", name: "tenant-globex", object: ns)
        let decision = Engine.validate(request, with: F.policies())
        XCTAssertEqual(decision.rules, [.namespaceOwnership])
        XCTAssertTrue(decision.message?.contains("Namespace tenant-globex:") ?? false, decision.message ?? "")
        // Some captures leave `namespace` empty for Namespaces; the name is used then.
        let bare = F.request(.create, resource: "namespaces", kind: "Namespace", namespace: "", name: "tenant-globex", object: ns)
        XCTAssertEqual(Engine.validate(bare, with: F.policies()).rules, [.namespaceOwnership])
    }

    func testUpdateThatChangesTheTenantLabelIsDenied() {
        let old = F.pod(labels: ["tenant": "acme"])
        let new = F.pod(labels: ["tenant": "globex"])
        let decision = Engine.validate(F.request(.update, object: new, oldObject: old), with: F.policies())
        XCTAssertEqual(decision.rules, [.tenantLabel])
    }

    func testGenerateNameIsShownWithAStar() {
        var pod = F.pod(priorityClass: "platform-critical")
        if case .object(var o) = pod, case .object(var meta)? = o["metadata"] {
            meta["name"] = nil
            meta["generateName"] = "web-7d4b9-"
            o["metadata"] = .object(meta)
            pod = .object(o)
        }
        let decision = Engine.validate(F.request(.create, name: "", object: pod), with: F.policies())
        XCTAssertTrue(decision.message?.contains("Pod tenant-acme/web-7d4b9-*:") ?? false, decision.message ?? "")
    }

    func testDryRunGetsTheSameVerdict() {
        let pod = F.pod(priorityClass: "platform-critical")
        let wet = Engine.validate(F.request(.create, object: pod), with: F.policies())
        let dry = Engine.validate(F.request(.create, object: pod, dryRun: true), with: F.policies())
        XCTAssertEqual(wet, dry)
    }

    func testUnknownOperationsAreAllowedWithoutRules() {
        let request = F.request(Operation("operationValue"), object: F.pod(priorityClass: "platform-critical"))
        let decision = Engine.validate(request, with: F.policies())
        XCTAssertTrue(decision.allowed)
        XCTAssertTrue(decision.fired.isEmpty)
    }

    func testWarnEnforcementAllowsWithOneShortWarning() {
        let policies = F.policies(enforcement: [.priorityClass: .warn])
        let decision = Engine.validate(F.request(.create, object: F.pod(priorityClass: "platform-critical")), with: policies)
        XCTAssertTrue(decision.allowed)
        XCTAssertNil(decision.message)
        XCTAssertEqual(decision.warnings.count, 1)
        XCTAssertLessThanOrEqual(decision.warnings[0].count, 120)
        XCTAssertTrue(decision.warnings[0].hasPrefix("[priority-class] Pod tenant-acme/web: "), decision.warnings[0])
        XCTAssertEqual(decision.auditAnnotations.map(\.value), ["acme", "tenant", "allow", "priority-class"])
    }

    func testAuditEnforcementAllowsSilentlyButRecords() {
        let policies = F.policies(enforcement: [.priorityClass: .audit])
        let decision = Engine.validate(F.request(.create, object: F.pod(priorityClass: "platform-critical")), with: policies)
        XCTAssertTrue(decision.allowed)
        XCTAssertTrue(decision.warnings.isEmpty)
        XCTAssertEqual(decision.rules, [.priorityClass])
        XCTAssertEqual(decision.auditAnnotations.last?.value, "priority-class")
    }

    func testDenyAndWarnTogether() {
        let policies = F.policies(enforcement: [.tenantLabel: .warn])
        let pod = F.pod(priorityClass: "platform-critical", labels: ["tenant": "globex"])
        let decision = Engine.validate(F.request(.create, object: pod), with: policies)
        XCTAssertFalse(decision.allowed)
        XCTAssertEqual(decision.warnings.count, 1)
        XCTAssertFalse(decision.message?.contains("[tenant-label]") ?? true, "a warn rule is not part of the denial")
        XCTAssertEqual(decision.rules, [.priorityClass, .tenantLabel])
    }
}

/// UPDATE judges what the update introduces.
final class EngineUpdateTests: XCTestCase {
    typealias F = EngineFixtures

    func testUpdateKeepingAPreexistingViolationIsAllowed() {
        // A pod created before tenantry, with a class the tenant may not use; its spec is immutable, so
        // removing a finalizer must still work.
        let old = F.pod(priorityClass: "platform-critical")
        var new = old
        if case .object(var o) = new, case .object(var meta)? = o["metadata"] {
            meta["finalizers"] = []
            o["metadata"] = .object(meta)
            new = .object(o)
        }
        let decision = Engine.validate(F.request(.update, user: F.replicaSetController, object: new, oldObject: old), with: F.policies())
        XCTAssertTrue(decision.allowed, decision.message ?? "")
    }

    func testUpdateThatIntroducesAViolationIsDenied() {
        let old = F.pod(priorityClass: "tenant-standard")
        let new = F.pod(priorityClass: "platform-critical")
        let decision = Engine.validate(F.request(.update, object: new, oldObject: old), with: F.policies())
        XCTAssertEqual(decision.rules, [.priorityClass])
    }

    func testUpdateThatChangesAnOffendingValueIsJudgedAgain() {
        let old = F.pod(labels: ["tenant": "globex"])
        let new = F.pod(labels: ["tenant": "initech"])
        let decision = Engine.validate(F.request(.update, object: new, oldObject: old), with: F.policies())
        XCTAssertEqual(decision.rules, [.tenantLabel])
    }
}
