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
