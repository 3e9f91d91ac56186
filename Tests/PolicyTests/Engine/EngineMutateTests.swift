import Admission
import JSON
import XCTest

@testable import Policy

/// When the engine mutates, and the properties every mutation must have together.
final class EngineMutateTests: XCTestCase {
    typealias F = EngineFixtures

    func testPodInTenantNamespaceGetsDefaultsAndThePatchIsIdempotent() throws {
        let bare: JSON = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web"], "spec": ["containers": [["name": "web", "image": "nginx"]]]]
        let outcome = Engine.mutate(F.request(.create, object: bare), with: F.policies())
        XCTAssertEqual(outcome.applied, [.tenantLabel, .defaultPriorityClass, .defaultResources, .nodeSelector])
        let patched = try outcome.patch.apply(to: bare)
        XCTAssertEqual(patched, outcome.patchedObject)
        XCTAssertEqual(patched["metadata"]?["labels"]?["tenant"], "acme")
        XCTAssertEqual(patched["spec"]?["priorityClassName"], "tenant-standard")
        XCTAssertEqual(patched["spec"]?["priority"], 100)
        XCTAssertEqual(patched["spec"]?["nodeSelector"]?["node-pool"], "tenant-workloads")
        XCTAssertEqual(patched["spec"]?["containers"]?[0]?["resources"]?["limits"]?["memory"], "512Mi")

        // The API server may call the webhook again with the patched object: nothing more to do.
        let again = Engine.mutate(F.request(.create, object: patched), with: F.policies())
        XCTAssertTrue(again.patch.isEmpty, "\(again.patch.json)")
        XCTAssertTrue(again.applied.isEmpty)

        // And the patched pod passes validation.
        XCTAssertTrue(Engine.validate(F.request(.create, object: patched), with: F.policies()).allowed)
    }

    func testNamespaceOfTenantGetsLabelsAndMetadata() throws {
        let ns: JSON = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "acme-dev"]]
        let request = F.request(.create, resource: "namespaces", kind: "Namespace", namespace: "acme-dev", name: "acme-dev", object: ns)
        let outcome = Engine.mutate(request, with: F.policies())
        XCTAssertEqual(outcome.applied, [.tenantLabel, .namespaceMetadata])
        let patched = try outcome.patch.apply(to: ns)
        XCTAssertEqual(patched["metadata"]?["labels"], ["tenant": "acme", "tier": "enterprise"])
    }

    func testNoPatchForDeleteConnectSubresourcesAndForeignNamespaces() {
        let pod = F.pod()
        let policies = F.policies()
        let cases: [AdmissionRequest] = [
            F.request(.delete, object: nil, oldObject: pod),
            F.request(.connect, kind: "PodExecOptions", subResource: "exec", object: ["kind": "PodExecOptions", "apiVersion": "v1"]),
            F.request(.update, subResource: "status", object: pod, oldObject: pod),
            F.request(.create, namespace: "default", object: F.pod(namespace: "default")),
            F.request(.create, namespace: "kube-system", object: F.pod(namespace: "kube-system")),
        ]
        for request in cases {
            let outcome = Engine.mutate(request, with: policies)
            XCTAssertTrue(outcome.patch.isEmpty, "\(request.operation) \(request.subResource) \(request.namespace)")
            XCTAssertNil(outcome.response(uid: "u").patch)
        }
    }

    func testAdminsStillGetDefaults() {
        let outcome = Engine.mutate(F.request(.create, user: F.platformAdmin, object: F.pod()), with: F.policies())
        XCTAssertTrue(outcome.applied.contains(.tenantLabel))
        XCTAssertEqual(outcome.actor, .admin)
    }

    func testMutatingResponseCarriesThePatchAsJSON() throws {
        let outcome = Engine.mutate(F.request(.create, object: F.pod()), with: F.policies())
        let response = outcome.response(uid: "uid-9")
        let patchBytes = try XCTUnwrap(response.patch)
        let patchJSON = try JSONReader.parse(patchBytes)
        XCTAssertEqual(patchJSON, outcome.patch.json)
        XCTAssertTrue(response.allowed)
        XCTAssertEqual(response.uid, "uid-9")
    }
}

/// `Engine.validate(_:patchedBy:with:)`, replay's validating pass: the same verdict as validating the
/// request with the patched object put in by hand, whoever sends it and whatever it is.
final class EnginePatchedValidationTests: XCTestCase {
    typealias F = EngineFixtures

    func testSameVerdictAsValidatingThePatchedRequest() throws {
        let users = [F.acmeAdmin, UserInfo(username: "system:serviceaccount:kube-system:replicaset-controller"),
                     UserInfo(username: "root", groups: ["platform-admins"]), UserInfo(username: "mallory")]
        let objects: [(resource: String, kind: String, namespace: String, object: JSON)] = [
            ("pods", "Pod", "tenant-acme", ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web"],
                                            "spec": ["containers": [["name": "web", "image": "nginx"]], "hostNetwork": true]]),
            ("pods", "Pod", "tenant-globex", ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "labels": ["tenant": "acme"]]]),
            ("namespaces", "Namespace", "acme-dev", ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "acme-dev"]]),
            ("configmaps", "ConfigMap", "default", ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"]]),
        ]
        let policies = F.policies()
        var patchedOnes = 0
        for user in users {
            for (resource, kind, namespace, object) in objects {
                for operation in [Operation.create, .update] {
                    let request = F.request(operation, resource: resource, kind: kind, namespace: namespace,
                                            name: resource == "namespaces" ? namespace : "web", user: user, object: object, oldObject: object)
                    let mutation = Engine.mutate(request, with: policies)
                    var patched = request
                    patched.object = mutation.patchedObject
                    if !mutation.patch.isEmpty { patchedOnes += 1 }
                    XCTAssertEqual(Engine.validate(request, patchedBy: mutation, with: policies), Engine.validate(patched, with: policies),
                                   "\(user.username) \(operation) \(kind) in \(namespace)")
                }
            }
        }
        XCTAssertGreaterThan(patchedOnes, 4, "some requests must have been patched")
    }

    /// An outcome not made by `Engine.mutate` (no actor resolved) is validated by resolving it.
    func testAnOutcomeBuiltByHandResolvesTheActor() throws {
        let object: JSON = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "labels": ["tenant": "globex"]]]
        let request = F.request(.create, object: object)
        let outcome = MutationOutcome(patch: JSONPatch([]), object: object, applied: [], actor: .other, tenant: nil)
        let decision = Engine.validate(request, patchedBy: outcome, with: F.policies())
        XCTAssertEqual(decision, Engine.validate(request, with: F.policies()))
        XCTAssertFalse(decision.allowed, "the label names another tenant")
    }
}
