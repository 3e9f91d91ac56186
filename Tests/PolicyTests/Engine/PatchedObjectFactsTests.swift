import Admission
import JSON
import XCTest

@testable import Policy

/// `ReviewedObject(_:resource:patchedWith:)`: the object the engine's patch makes, read from the
/// request's object with what the mutations wrote laid over it. Replay's verdicts rest on it, so it is
/// checked against validating the patched object itself over many pods, and what it must refuse is tried.
final class PatchedObjectFactsTests: XCTestCase {
    typealias F = EngineFixtures

    // MARK: The same verdict as the patched object

    func testEveryMutatedPodGetsTheVerdictOfItsPatchedObject() throws {
        let policies = F.policies()
        var overlaid = 0
        var denied = 0
        for object in Self.pods() {
            for form in try Self.forms(object) {
                for operation in [Operation.create, .update] {
                    for user in [F.acmeAdmin, F.replicaSetController] {
                        let request = F.request(operation, user: user, object: form, oldObject: operation == .update ? form : nil)
                        let mutation = Engine.mutate(request, with: policies)
                        var patched = request
                        patched.object = mutation.patchedObject
                        let expected = Engine.validate(patched, with: policies)
                        XCTAssertEqual(Engine.validate(request, patchedBy: mutation, with: policies), expected, "\(operation) \(JSONWriter.string(object))")
                        // Every write is described, and described only when made.
                        XCTAssertEqual(mutation.effects.isEmpty, mutation.patch.isEmpty, "\(mutation.patch.json)")
                        if !mutation.patch.isEmpty {
                            XCTAssertTrue(ReviewedObject.canLay(mutation.effects, resource: .pods), "\(mutation.patch.json)")
                            // Every container the mutation filled is one the facts find, where they find it.
                            let facts = ReviewedObject(form, resource: .pods, patchedWith: mutation.effects).pod
                            XCTAssertEqual(facts?.containers.filter { $0.defaults != nil }.count, mutation.effects.containers.count)
                            overlaid += 1
                        }
                        if !expected.allowed { denied += 1 }
                    }
                }
            }
        }
        // The generated pods must exercise both the overlay and denials it has to reproduce.
        XCTAssertGreaterThan(overlaid, 500)
        XCTAssertGreaterThan(denied, 100)
    }

    func testDeploymentLabelIsLaidOverAndTheTemplateReadAsItIs() throws {
        let spec: JSON = ["containers": [["name": "web", "image": "nginx", "resources": ["limits": ["cpu": "9"]]]], "priorityClassName": "platform-critical"]
        for metadata in [["name": "web"], ["name": "web", "labels": ["tenant": "globex"]], ["name": "web", "labels": ["app": "web"]], ["name": "web", "labels": nil] as JSON] {
            let object: JSON = ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata,
                                "spec": ["replicas": 3, "template": ["spec": spec]]]
            for form in try Self.forms(object) {
                let request = F.request(.create, resource: "deployments", group: "apps", kind: "Deployment", object: form)
                let mutation = Engine.mutate(request, with: F.policies())
                var patched = request
                patched.object = mutation.patchedObject
                XCTAssertEqual(Engine.validate(request, patchedBy: mutation, with: F.policies()), Engine.validate(patched, with: F.policies()))
                XCTAssertTrue(ReviewedObject.canLay(mutation.effects, resource: .deployments))
            }
        }
    }

    func testLaidOverFactsAreThePatchedObjectsFacts() throws {
        let object = try JSONReader.parse(Array(#"""
            {"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"x",
            "resources":{"requests":{"cpu":"3"}}},{"name":"b","image":"y"},{"name":"c","resources":{"limits":{"memory":"1Gi"}}}],
            "initContainers":[{"name":"i","resources":null}],"nodeSelector":{"zone":"a"}}}
            """#.utf8))
        let mutation = Engine.mutate(F.request(.create, object: object), with: F.policies())
        XCTAssertEqual(mutation.effects.containers.count, 4)
        XCTAssertTrue(ReviewedObject.canLay(mutation.effects, resource: .pods))
        let overlay = ReviewedObject(object, resource: .pods, patchedWith: mutation.effects)
        let built = ReviewedObject(try XCTUnwrap(mutation.patchedObject), resource: .pods)
        for key in ["tenant", "app", "other"] { XCTAssertEqual(overlay.label(key)?.value, built.label(key)?.value, key) }
        XCTAssertEqual(overlay.label("tenant")?.value, "acme")
        let (laid, real) = (try XCTUnwrap(overlay.pod), try XCTUnwrap(built.pod))
        XCTAssertEqual(laid.priorityClassName?.string, "tenant-standard")
        XCTAssertEqual(laid.priorityClassName?.string, real.priorityClassName?.string)
        for key in ["zone", "node-pool", "other"] { XCTAssertEqual(laid.nodeSelector?[key]?.value, real.nodeSelector?[key]?.value, key) }
        XCTAssertEqual(laid.containers.count, real.containers.count)
        for (a, b) in zip(laid.containers, real.containers) {
            for section in [ResourceSection.requests, .limits] {
                for resource in ContainerResource.both {
                    XCTAssertEqual(a.resources.field(section, resource).amount, b.resources.field(section, resource).amount)
                    // Messages show the amounts as the patched object writes them.
                    var laidText = TextBuilder()
                    var realText = TextBuilder()
                    ResourceField.text(a, section, resource, into: &laidText)
                    ResourceField.text(b, section, resource, into: &realText)
                    XCTAssertEqual(laidText.text, realText.text, "\(a.index) \(section) \(resource)")
                }
            }
        }
        XCTAssertEqual(laid.containers[0].resources.field(.limits, .cpu).amount, 3000, "the request, above the default limit")
        XCTAssertEqual(laid.containers[1].resources.field(.requests, .cpu).amount, 100)
        XCTAssertEqual(laid.containers[2].resources.field(.requests, .memory).amount, 1 << 30, "copied from its limit")
    }

    // MARK: What it leaves to the patched object

    func testNamespacesAndUndescribedWritesAreLeftToThePatchedObject() throws {
        let namespace: JSON = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "acme-dev"]]
        let request = F.request(.create, resource: "namespaces", kind: "Namespace", namespace: "acme-dev", name: "acme-dev", object: namespace)
        let mutation = Engine.mutate(request, with: F.policies())
        XCTAssertFalse(mutation.patch.isEmpty)
        XCTAssertTrue(mutation.effects.undescribed, "namespace metadata is not described")
        XCTAssertFalse(ReviewedObject.canLay(mutation.effects, resource: .namespaces))
        // Even a described label: the actor rules read a Namespace's labels from the request.
        XCTAssertFalse(ReviewedObject.canLay(PatchEffects(label: KeyValue("tenant", "acme")), resource: .namespaces))
        var patched = request
        patched.object = mutation.patchedObject
        XCTAssertEqual(Engine.validate(request, patchedBy: mutation, with: F.policies()), Engine.validate(patched, with: F.policies()))
    }

    /// Effects filling a container: its facts carry the amounts, and the other containers' stay as read.
    func testFilledContainersCarryTheirDefaults() throws {
        let pod: JSON = ["spec": ["containers": [["name": "a"], ["name": "b", "resources": ["limits": ["cpu": "2"]]]]]]
        let none = DefaultAmounts(cpu: nil, memory: nil)
        let first = ContainerDefaults(list: .containers, index: 0, requests: DefaultAmounts(cpu: DefaultAmount(text: "1", amount: 1000), memory: nil), limits: none)
        let facts = try XCTUnwrap(ReviewedObject(pod, resource: .pods, patchedWith: PatchEffects(containers: [first])).pod)
        XCTAssertEqual(facts.containers[0].resources.field(.requests, .cpu).amount, 1000)
        XCTAssertNil(facts.containers[0].resources.field(.limits, .cpu).amount)
        XCTAssertNil(facts.containers[1].defaults)
        XCTAssertEqual(facts.containers[1].resources.field(.limits, .cpu).amount, 2000)
        XCTAssertTrue(ReviewedObject.canLay(PatchEffects(containers: [first]), resource: .pods))
        XCTAssertFalse(ReviewedObject.canLay(PatchEffects(undescribed: true), resource: .pods))
    }

    // MARK: Generated pods

    /// Pods crossing what the mutations and the rules that read their writes look at: labels, the
    /// priority class, the node selector and containers' resources, each present, absent, null, the
    /// tenant's or contradicting it.
    static func pods() -> [JSON] {
        let labels: [JSON?] = [nil, .null, [:], ["tenant": "acme"], ["tenant": "globex", "app": "web"]]
        let classes: [JSON?] = [nil, "", "tenant-standard", "platform-critical", 7]
        let selectors: [JSON?] = [nil, .null, ["node-pool": "tenant-workloads"], ["node-pool": "gpu"], ["zone": "a"]]
        let containerSets: [[String: JSON]] = [
            ["containers": [container("full", ["requests": ["cpu": "250m", "memory": "256Mi"], "limits": ["cpu": "1", "memory": "1Gi"]])]],
            ["containers": [container("bare", nil), container("cpu-request-only", ["requests": ["cpu": "3"]])],
             "initContainers": [container("init", nil)]],
            ["containers": [container("null-requests", ["requests": .null, "limits": ["memory": "8Gi"]]),
                            container("bad", ["requests": "lots"]), container("null", .null)],
             "ephemeralContainers": [container("debug", nil)]],
            ["containers": [container("number", ["limits": ["cpu": 3]]), container("invalid", ["requests": ["memory": "many"]])]],
            // As the API server defaults them: an empty map, and empty sections.
            ["containers": [container("empty", [:]), container("empty-sections", ["requests": [:], "limits": [:]])]],
        ]
        var pods: [JSON] = []
        var variant = 0
        for label in labels {
            for className in classes {
                for selector in selectors {
                    // Each container set with every fourth combination keeps the product small.
                    let containers = containerSets[variant % containerSets.count]
                    variant += 1
                    var metadata: [(String, JSON)] = [("name", "web")]
                    if let label { metadata.append(("labels", label)) }
                    var spec: [(String, JSON)] = containers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                    if let className { spec.append(("priorityClassName", className)) }
                    if let selector { spec.append(("nodeSelector", selector)) }
                    if variant % 7 == 0 { spec.append(("nodeName", "node-1")) }
                    pods.append(.object(JSONObject([
                        JSONObject.Member(key: "apiVersion", value: "v1"), JSONObject.Member(key: "kind", value: "Pod"),
                        JSONObject.Member(key: "metadata", value: .object(JSONObject(metadata.map { JSONObject.Member(key: $0.0, value: $0.1) }))),
                        JSONObject.Member(key: "spec", value: .object(JSONObject(spec.map { JSONObject.Member(key: $0.0, value: $0.1) }))),
                    ])))
                }
            }
        }
        return pods
    }

    private static func container(_ name: String, _ resources: JSON?) -> JSON {
        var members = [JSONObject.Member(key: "name", value: .string(name)), JSONObject.Member(key: "image", value: "nginx")]
        if let resources { members.append(JSONObject.Member(key: "resources", value: resources)) }
        return .object(JSONObject(members))
    }

    /// Built, and parsed (in the reader's tape, where requests lie).
    static func forms(_ object: JSON) throws -> [JSON] {
        [object, try JSONReader.parse(JSONWriter.bytes(object))]
    }
}
