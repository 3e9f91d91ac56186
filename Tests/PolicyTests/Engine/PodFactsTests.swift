import JSON
import XCTest

@testable import Policy

/// `PodFacts` reads a pod spec and its containers once for all the pod rules; what it holds must be
/// exactly what each rule's own lookups would find, whether the object is still in the reader's tape,
/// built in code, or parsed and then changed by a patch (a mix of both).
final class PodFactsTests: XCTestCase {
    private func facts(_ object: JSON, resource: GroupResource = .pods) -> PodFacts? {
        ReviewedObject(object, resource: resource).pod
    }

    /// The forms an object reaches the rules in (see `RuleFixtures.forms`).
    private func forms(_ object: JSON) throws -> [(String, JSON)] {
        let forms = RuleFixtures.forms(object)
        XCTAssertEqual(forms.map(\.0), ["built", "parsed", "changed", "patched"], "the object can be parsed")
        return forms
    }

    func testFindsWhatLookupsFindInEveryForm() throws {
        let spec: JSON = [
            "priorityClassName": "tenant-batch", "nodeName": "n1", "nodeSelector": ["pool": "a"], "hostNetwork": true,
            "hostPID": false, "hostIPC": true, "securityContext": ["windowsOptions": ["hostProcess": true]],
            "volumes": [["name": "v"]], "overhead": ["cpu": "10m"], "unrelated": 1,
            "containers": [["name": "a", "image": "x", "ports": [["containerPort": 80]], "restartPolicy": "Always",
                            "securityContext": ["privileged": true, "windowsOptions": ["hostProcess": false],
                                                "capabilities": ["add": ["NET_ADMIN"]]],
                            "resources": ["limits": ["cpu": "2", "memory": 1024], "requests": ["cpu": nil]]]],
            "initContainers": [["name": "i", "restartPolicy": "OnFailure"]], "ephemeralContainers": [["name": "e"], "not an object"],
        ]
        for (form, object) in try forms(["spec": spec]) {
            let pod = try XCTUnwrap(facts(object), form)
            XCTAssertEqual(pod.priorityClassName?.string, "tenant-batch", form)
            XCTAssertEqual(pod.nodeName?.string, "n1", form)
            XCTAssertEqual(pod.nodeSelector?.base?.value, ["pool": "a"], form)
            XCTAssertEqual(pod.hostNetwork, true, form)
            XCTAssertEqual(pod.hostPID, false, form)
            XCTAssertEqual(pod.hostIPC, true, form)
            XCTAssertEqual(pod.hostProcess, true, form)
            XCTAssertEqual(pod.volumes?.value, [["name": "v"]], form)
            XCTAssertEqual(pod.overhead?.value, ["cpu": "10m"], form)
            XCTAssertEqual(pod.containers.map(\.list), [.containers, .initContainers, .ephemeralContainers, .ephemeralContainers], form)
            XCTAssertEqual(pod.containers.map(\.index), [0, 0, 0, 1], form)
            XCTAssertEqual(pod.containers.map(\.described), ["container \"a\"", "container \"i\"", "container \"e\"", "ephemeralContainers[1]"], form)
            let first = pod.containers[0]
            XCTAssertEqual(first.view.value, spec["containers"]?[0], form)
            XCTAssertEqual(first.image?.string, "x", form)
            XCTAssertEqual(first.ports?.value, [["containerPort": 80]], form)
            XCTAssertTrue(first.restartsAlways, form)
            XCTAssertFalse(pod.containers[1].restartsAlways, form)
            XCTAssertEqual(first.privileged, true, form)
            XCTAssertEqual(first.hostProcess, false, form)
            XCTAssertEqual(first.addedCapabilities?.value, ["NET_ADMIN"], form)
            XCTAssertEqual(first.resources.field(.limits, .cpu).amount, 2000, form)
            XCTAssertEqual(first.resources.field(.limits, .memory).amount, 1024, form)
            guard case .absent = first.resources.field(.requests, .cpu) else { return XCTFail("a null request is absent (\(form))") }
            guard case .absent = first.resources.field(.requests, .memory) else { return XCTFail(form) }
            XCTAssertNil(pod.containers[3].image, form)
            XCTAssertNil(pod.containers[3].privileged, form)
        }
    }

    func testNullAndWrongTypesReadAsAbsent() throws {
        let spec: JSON = [
            "priorityClassName": nil, "nodeName": 7, "hostNetwork": "true", "hostPID": nil, "hostIPC": 1,
            "securityContext": ["windowsOptions": "hostProcess"], "nodeSelector": nil,
            "containers": [["image": ["registry": "x"], "restartPolicy": ["Always"], "securityContext": "privileged",
                            "resources": ["limits": ["cpu": true, "memory": "lots"], "requests": "x"]]],
            "initContainers": "not a list",
        ]
        for (form, object) in try forms(["spec": spec]) {
            let pod = try XCTUnwrap(facts(object), form)
            XCTAssertNil(pod.priorityClassName, form)
            XCTAssertNil(pod.nodeName, form)
            XCTAssertNil(pod.hostNetwork, form)
            XCTAssertNil(pod.hostPID, form)
            XCTAssertNil(pod.hostIPC, form)
            XCTAssertNil(pod.hostProcess, form)
            XCTAssertEqual(pod.nodeSelector?.base?.isNull, true, form)
            XCTAssertEqual(pod.containers.count, 1, form)
            let container = try XCTUnwrap(pod.containers.first)
            XCTAssertNil(container.image, form)
            XCTAssertFalse(container.restartsAlways, form)
            XCTAssertNil(container.privileged, form)
            XCTAssertEqual(container.described, "containers[0]", form)
            guard case .invalid = container.resources.field(.limits, .cpu),
                case .invalid = container.resources.field(.limits, .memory),
                case .absent = container.resources.field(.requests, .cpu)
            else { return XCTFail("unreadable resources (\(form))") }
            // What a message shows of them is read from the container itself.
            XCTAssertEqual(ResourceField.written(container, .limits, .cpu), true, form)
            XCTAssertEqual(ResourceField.written(container, .limits, .memory), "lots", form)
            XCTAssertNil(ResourceField.written(container, .requests, .cpu), form)
        }
    }

    func testEscapedAndNonASCIIStringsReadDecoded() throws {
        // `\u0031` is "1", so the escaped cpu limit is "1500m"; names and images keep their decoded text.
        let text = #"{"spec":{"priorityClassName":"t\u00e9am","nodeName":"n\"1","containers":[{"name":"caf\u00e9","#
            + #""image":"registry.acme.io/caf\u00e9:1","resources":{"limits":{"cpu":"\u0031500m","memory":"1\u0047i"}}},"#
            + #"{"name":"naïve","image":"docker.io/naïve"}]}}"#
        let parsed = try JSONReader.parse(text)
        for (form, object) in try forms(parsed) {
            let pod = try XCTUnwrap(facts(object), form)
            XCTAssertEqual(pod.priorityClassName?.string, "téam", form)
            XCTAssertEqual(pod.nodeName?.string, "n\"1", form)
            XCTAssertEqual(pod.containers[0].image?.string, "registry.acme.io/café:1", form)
            XCTAssertEqual(pod.containers[0].described, "container \"café\"", form)
            XCTAssertEqual(pod.containers[0].resources.field(.limits, .cpu).amount, 1500, form)
            XCTAssertEqual(pod.containers[0].resources.field(.limits, .memory).amount, 1 << 30, form)
            XCTAssertEqual(pod.containers[1].image?.string, "docker.io/naïve", form)
            XCTAssertEqual(pod.containers[1].described, "container \"naïve\"", form)
        }
    }

    func testTheFirstOfDuplicateMembersCountsAsInLookups() throws {
        let spec = JSONObject([
            JSONObject.Member(key: "nodeName", value: 1), JSONObject.Member(key: "nodeName", value: "second"),
            JSONObject.Member(key: "containers", value: [["image": "first", "image": "second"]]),
            JSONObject.Member(key: "containers", value: [[:], [:]]),
        ])
        XCTAssertEqual(JSON.object(spec)["nodeName"], 1)
        let pod = try XCTUnwrap(facts(["spec": .object(spec)]))
        XCTAssertNil(pod.nodeName)
        XCTAssertEqual(pod.containers.count, 1)
        XCTAssertEqual(pod.containers[0].image?.string, "first")
    }

    func testNamesCompareAsBytes() throws {
        // "e\u{301}" and "é" are equal Strings but different JSON member names.
        let spec: JSON = ["nod\u{65}\u{301}Name": "decomposed", "nodeName\u{0}": "longer", "nodename": "case",
                          "containers": [["imag\u{65}\u{301}": "x"]]]
        for (form, object) in try forms(["spec": spec]) {
            let pod = try XCTUnwrap(facts(object), form)
            XCTAssertNil(pod.nodeName, form)
            XCTAssertNil(pod.containers.first?.image, form)
        }
    }

    func testWorkloadTemplatesAndKindsWithoutPods() throws {
        let template: JSON = ["spec": ["template": ["spec": ["nodeName": "n"]]]]
        for (form, object) in try forms(template) {
            XCTAssertEqual(try XCTUnwrap(facts(object, resource: .deployments), form).nodeName?.string, "n", form)
        }
        XCTAssertNil(facts(template, resource: .services))
        XCTAssertNil(facts(["spec": "not an object"]))
        XCTAssertNil(facts(["spec": ["template": ["spec"]]], resource: .deployments))
        XCTAssertNil(facts(["metadata": [:]]))
        XCTAssertEqual(try XCTUnwrap(facts(["spec": [:]])).containers.count, 0)
    }
}
