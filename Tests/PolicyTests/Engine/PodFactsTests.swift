import JSON
import XCTest

@testable import Policy

/// `PodFacts` reads a pod spec and its containers once for all the pod rules; what it holds must be
/// exactly what each rule's own lookups would find.
final class PodFactsTests: XCTestCase {
    private func facts(_ object: JSON, resource: GroupResource = .pods) -> PodFacts? {
        ReviewedObject(object, resource: resource).pod
    }

    func testFindsWhatLookupsFind() throws {
        let spec: JSON = [
            "priorityClassName": "tenant-batch", "nodeName": "n1", "nodeSelector": ["pool": "a"], "hostNetwork": true,
            "hostPID": false, "hostIPC": true, "securityContext": ["runAsNonRoot": true], "volumes": [["name": "v"]],
            "overhead": ["cpu": "10m"], "unrelated": 1,
            "containers": [["name": "a", "image": "x", "ports": [["containerPort": 80]], "restartPolicy": "Always",
                            "securityContext": ["privileged": true], "resources": ["limits": ["cpu": "2"]]]],
            "initContainers": [["name": "i"]], "ephemeralContainers": [["name": "e"], "not an object"],
        ]
        let pod = try XCTUnwrap(facts(["spec": spec]))
        for (field, value) in [("priorityClassName", pod.priorityClassName), ("nodeName", pod.nodeName),
                               ("nodeSelector", pod.nodeSelector), ("hostNetwork", pod.hostNetwork), ("hostPID", pod.hostPID),
                               ("hostIPC", pod.hostIPC), ("securityContext", pod.securityContext), ("volumes", pod.volumes),
                               ("overhead", pod.overhead)] {
            XCTAssertEqual(value, spec[field], field)
        }
        XCTAssertEqual(pod.containers.map(\.list), [.containers, .initContainers, .ephemeralContainers, .ephemeralContainers])
        XCTAssertEqual(pod.containers.map(\.index), [0, 0, 0, 1])
        let first = pod.containers[0]
        XCTAssertEqual(first.json, spec["containers"]?[0])
        XCTAssertEqual(first.image, "x")
        XCTAssertEqual(first.ports, [["containerPort": 80]])
        XCTAssertEqual(first.restartPolicy, "Always")
        XCTAssertEqual(first.securityContext, ["privileged": true])
        XCTAssertEqual(first.resources.field(.limits, .cpu).amount, 2000)
        XCTAssertNil(first.resources.field(.requests, .cpu).amount)
        XCTAssertNil(pod.containers[3].image)
    }

    func testTheFirstOfDuplicateMembersCountsAsInLookups() throws {
        let spec = JSONObject([
            JSONObject.Member(key: "nodeName", value: "first"), JSONObject.Member(key: "nodeName", value: "second"),
        ])
        XCTAssertEqual(JSON.object(spec)["nodeName"], "first")
        XCTAssertEqual(try XCTUnwrap(facts(["spec": .object(spec)])).nodeName, "first")
    }

    func testNamesCompareAsBytes() throws {
        // "e\u{301}" and "é" are equal Strings but different JSON member names.
        let spec: JSON = ["nod\u{65}\u{301}Name": "decomposed", "nodeName\u{0}": "longer", "nodename": "case"]
        let pod = try XCTUnwrap(facts(["spec": spec]))
        XCTAssertNil(pod.nodeName)
    }

    func testWorkloadTemplatesAndKindsWithoutPods() throws {
        let template: JSON = ["spec": ["template": ["spec": ["nodeName": "n"]]]]
        XCTAssertEqual(try XCTUnwrap(facts(template, resource: .deployments)).nodeName, "n")
        XCTAssertNil(facts(template, resource: .services))
        XCTAssertNil(facts(["spec": "not an object"]))
        XCTAssertNil(facts(["metadata": [:]]))
        XCTAssertEqual(try XCTUnwrap(facts(["spec": [:]])).containers.count, 0)
    }
}
