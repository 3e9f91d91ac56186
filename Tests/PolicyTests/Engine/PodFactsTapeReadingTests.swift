import JSON
import XCTest

@testable import Policy

/// The tape reader of `PodFacts` (`PodFactsTapeReading.swift`) must find exactly what the view reader
/// finds in the same pod built in memory: every field, for pods whose members come in unusual orders,
/// with escaped names, non-ASCII text, and members absent, null or of the wrong type at every level.
final class PodFactsTapeReadingTests: XCTestCase {
    // MARK: The same facts as the view reader

    func testEveryPodReadsTheSameFromTheTapeAsBuilt() throws {
        var compared = 0
        for spec in Self.specs() {
            let built: JSON = ["kind": "Pod", "spec": spec]
            let parsed = try JSONReader.parse(JSONWriter.bytes(built))
            let fromViews = try XCTUnwrap(ReviewedObject(built, resource: .pods).pod)
            let fromTape = try XCTUnwrap(ReviewedObject(parsed, resource: .pods).pod)
            XCTAssertTrue(fromTape.containers.allSatisfy { $0.view.tapeNode != nil }, "read in the tape")
            XCTAssertTrue(fromViews.containers.allSatisfy { $0.view.tapeNode == nil }, "read through views")
            XCTAssertEqual(Self.summary(fromTape), Self.summary(fromViews), JSONWriter.string(spec))
            compared += 1
        }
        XCTAssertEqual(compared, 20)
    }

    func testAPatchedPodReadsItsUntouchedContainersInTheTape() throws {
        for spec in Self.specs() {
            let built: JSON = ["kind": "Pod", "spec": spec]
            guard case .object(var root) = try JSONReader.parse(JSONWriter.bytes(built)), case .object(var changedSpec)? = root["spec"]
            else { return XCTFail("a pod") }
            // The spec taken out of the tape, as a patch writing into it does; its members stay there.
            changedSpec["addedByAPatch"] = true
            changedSpec["addedByAPatch"] = nil
            root["spec"] = .object(changedSpec)
            let patched = JSON.object(root)
            XCTAssertNil(JSONView(patched)["spec"]?.tapeNode)
            let fromViews = try XCTUnwrap(ReviewedObject(built, resource: .pods).pod)
            let mixed = try XCTUnwrap(ReviewedObject(patched, resource: .pods).pod)
            XCTAssertTrue(mixed.containers.allSatisfy { $0.view.tapeNode != nil }, "the containers still read in the tape")
            XCTAssertEqual(Self.summary(mixed), Self.summary(fromViews), JSONWriter.string(spec))
        }
    }

    // MARK: What the tape reader finds, stated

    func testEscapedNamesAndValuesAreDecoded() throws {
        let text = #"{"spec":{"n\u006fdeName":"n\u0031","c\u006fntainers":[{"n\u0061me":"w\u00e9b","im\u0061ge":"reg\/x:1","#
            + #""resourc\u0065s":{"l\u0069mits":{"c\u0070u":"\u0032","m\u0065mory":"1\u0047i"},"requests":{"cpu":1.5}},"#
            + #""securityContext":{"privil\u0065ged":true,"capabilities":{"\u0061dd":["NET_ADMIN"]}}}]}}"#
        let pod = try XCTUnwrap(ReviewedObject(try JSONReader.parse(text), resource: .pods).pod)
        XCTAssertEqual(pod.nodeName?.string, "n1")
        let container = try XCTUnwrap(pod.containers.first)
        XCTAssertEqual(container.name?.string, "wéb")
        XCTAssertEqual(container.described, "container \"wéb\"")
        XCTAssertEqual(container.image?.string, "reg/x:1")
        XCTAssertEqual(container.withImage { Array($0) }, Array("reg/x:1".utf8), "decoded where they lie")
        XCTAssertEqual(container.resources.field(.limits, .cpu).amount, 2000)
        XCTAssertEqual(container.resources.field(.limits, .memory).amount, 1 << 30)
        XCTAssertEqual(container.resources.field(.requests, .cpu).amount, 1500, "a bare number")
        XCTAssertEqual(container.privileged, true)
        XCTAssertEqual(container.addedCapabilities?.value, ["NET_ADMIN"])
    }

    func testWrongTypesAndNullsAtEveryLevel() throws {
        let text = #"{"spec":{"nodeName":null,"hostNetwork":"true","securityContext":{"windowsOptions":null},"#
            + #""containers":[null,7,"c",[],{"name":5,"image":null,"restartPolicy":"always","securityContext":[],"#
            + #""resources":{"requests":[],"limits":{"cpu":true,"memory":null}}},{"resources":"x","securityContext":{"#
            + #""privileged":"yes","windowsOptions":{"hostProcess":1},"capabilities":{"add":"NET_ADMIN"}}}],"#
            + #""initContainers":{"name":"not a list"},"ephemeralContainers":null}}"#
        let pod = try XCTUnwrap(ReviewedObject(try JSONReader.parse(text), resource: .pods).pod)
        XCTAssertNil(pod.nodeName)
        XCTAssertNil(pod.hostNetwork)
        XCTAssertNil(pod.hostProcess)
        // Elements that are not objects are containers with nothing set, as the view reader has them.
        XCTAssertEqual(pod.containers.map(\.list), Array(repeating: ContainerList.containers, count: 6))
        XCTAssertEqual(pod.containers.map(\.described), ["containers[0]", "containers[1]", "containers[2]", "containers[3]", "containers[4]", "containers[5]"])
        let odd = pod.containers[4]
        XCTAssertNil(odd.image)
        XCTAssertNil(odd.withImage { _ in XCTFail("a null image is none") })
        XCTAssertNil(pod.containers[0].withImage { _ in XCTFail("a container that is null has none") })
        XCTAssertFalse(odd.restartsAlways, "bytes, not case-folded")
        XCTAssertNil(odd.privileged)
        guard case .absent = odd.resources.field(.requests, .cpu), case .invalid = odd.resources.field(.limits, .cpu),
            case .absent = odd.resources.field(.limits, .memory)
        else { return XCTFail("requests not an object, a boolean cpu, a null memory") }
        XCTAssertEqual(ResourceField.written(odd, .limits, .cpu), true)
        let last = pod.containers[5]
        XCTAssertNil(last.privileged)
        XCTAssertNil(last.hostProcess)
        XCTAssertEqual(last.addedCapabilities?.value, "NET_ADMIN", "kept as it is; the rule names what it is")
        guard case .absent = last.resources.field(.limits, .cpu) else { return XCTFail("resources not an object") }
    }

    func testSpecsAtTheShapesPathsAndWhereThereIsNone() throws {
        let cronJob = #"{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"nodeName":"n","containers":[{"name":"c"}]}}}}}}"#
        let pod = try XCTUnwrap(ReviewedObject(try JSONReader.parse(cronJob), resource: .cronJobs).pod)
        XCTAssertEqual(pod.nodeName?.string, "n")
        XCTAssertEqual(pod.containers.first?.name?.string, "c")
        for (text, resource) in [
            (#"{"spec":{"template":5}}"#, GroupResource.deployments), (#"{"spec":{"template":{"spec":[]}}}"#, .deployments),
            (#"{"spec":[{"template":{}}]}"#, .deployments), (#"{"spec":null}"#, .pods), (#"{"spec":"x"}"#, .pods),
            (#"{"metadata":{}}"#, .pods), (#"{"Spec":{}}"#, .pods), (#"{"spec":{}}"#, .services),
        ] {
            XCTAssertNil(ReviewedObject(try JSONReader.parse(text), resource: resource).pod, text)
        }
        XCTAssertEqual(try XCTUnwrap(ReviewedObject(try JSONReader.parse(#"{"spec":{}}"#), resource: .pods).pod).containers.count, 0)
    }

    // MARK: Pods

    /// Pod specs crossing the members the facts read: in unusual orders, absent, null or of another type
    /// at each level, with non-ASCII text and names that are nearly the wanted ones.
    static func specs() -> [JSON] {
        let resources: [JSON?] = [
            nil, .null, "x", [], [:], ["requests": .null, "limits": 5],
            ["limits": ["memory": "1Gi", "cpu": "2"], "requests": ["memory": 1024, "cpu": "250m"]],
            ["requests": ["cpu": true, "memory": ["1"]], "limits": ["cpu": .null, "memory": "lots"]],
            ["limits": ["cpu": "1.5", "memory": "1e3"], "requests": ["cpu": -1, "memory": ""]],
            ["limits": ["cpu": "99999999999999999999", "memory": "18446744073709551617"], "cpus": ["cpu": "1"], "Limits": [:]],
        ]
        let securityContexts: [JSON?] = [
            nil, .null, [], "privileged",
            ["capabilities": ["add": ["NET_ADMIN", 5]], "windowsOptions": ["hostProcess": true], "privileged": false],
            ["privileged": "true", "windowsOptions": .null, "capabilities": ["drop": ["ALL"]]],
            ["windowsOptions": ["hostProcess": "true"], "capabilities": ["add": "SYS_ADMIN"], "privileged": true],
        ]
        var containers: [JSON] = []
        for (i, resource) in resources.enumerated() {
            let context = securityContexts[i % securityContexts.count]
            // Members in a different order for each container: what is read first and what last varies.
            var members: [(String, JSON)] = [
                ("name", i % 3 == 0 ? .string("c\(i)") : i % 3 == 1 ? .string("naïve-\(i)") : .null),
                ("image", i % 4 == 3 ? 7 : i % 4 == 2 ? .string("registry.acme.io/café:\(i)") : "nginx"),
                ("restartPolicy", i % 2 == 0 ? "Always" : "OnFailure"),
                ("ports", i % 3 == 2 ? [["hostPort": 80]] : [:]),
                ("imagePullPolicy", "IfNotPresent"), ("nameX", "near miss"), ("imagе", "Cyrillic е"),
            ]
            if let resource { members.append(("resources", resource)) }
            if let context { members.append(("securityContext", context)) }
            for _ in 0..<(i % members.count) { members.append(members.removeFirst()) }
            if i % 2 == 1 { members.reverse() }
            containers.append(.object(JSONObject(members.map { JSONObject.Member(key: $0.0, value: $0.1) })))
        }
        let lists: [[(String, JSON)]] = [
            [("containers", .array(containers))],
            [("initContainers", .array(Array(containers.prefix(4)))), ("containers", .array(Array(containers.suffix(3))))],
            [("ephemeralContainers", .array([containers[1], "not a container", .null])), ("containers", .null), ("initContainers", [:])],
            [("containers", [:]), ("initContainers", .array(containers.reversed()))],
            [],
        ]
        let specFields: [[(String, JSON)]] = [
            [],
            [("priorityClassName", "tenant-standard"), ("nodeName", "node-1"), ("nodeSelector", ["pool": "a", "zone": "b"]),
             ("hostNetwork", true), ("hostPID", false), ("hostIPC", true), ("securityContext", ["windowsOptions": ["hostProcess": true]]),
             ("volumes", [["name": "v", "hostPath": ["path": "/"]]]), ("overhead", ["cpu": "10m"])],
            [("overhead", .null), ("volumes", [:]), ("securityContext", ["windowsOptions": "x"]), ("hostIPC", "true"), ("hostPID", .null),
             ("hostNetwork", 1), ("nodeSelector", ["pool"]), ("nodeName", ""), ("priorityClassName", 5)],
            [("nodeSelector", .null), ("priorityClassName", "clâsse"), ("nodeName", "nœud"), ("securityContext", .null),
             ("hostnetwork", true), ("HostPID", true), ("hostIPC ", true)],
        ]
        var specs: [JSON] = []
        for (i, list) in lists.enumerated() {
            for (j, fields) in specFields.enumerated() {
                var members = list + fields
                if (i + j) % 2 == 1 { members.reverse() }
                specs.append(.object(JSONObject(members.map { JSONObject.Member(key: $0.0, value: $0.1) })))
            }
        }
        return specs
    }

    /// Everything the facts hold, as text to compare.
    static func summary(_ pod: PodFacts) -> [String] {
        func text(_ view: JSONView?) -> String { view.map { JSONWriter.string($0.value) } ?? "absent" }
        func text(_ string: JSONStringView?) -> String { string.map { "\"" + $0.string + "\"" } ?? "absent" }
        func text(_ flag: Bool?) -> String { flag.map { $0 ? "true" : "false" } ?? "absent" }
        func text(_ field: ResourceField) -> String {
            switch field {
            case .absent: return "absent"
            case .invalid: return "invalid"
            case .amount(let amount): return String(amount)
            }
        }
        var lines = [
            "priorityClassName " + text(pod.priorityClassName), "nodeName " + text(pod.nodeName),
            "nodeSelector " + text(pod.nodeSelector?.base),
            "nodeSelector[pool] " + text(pod.nodeSelector?["pool"]),
            "host " + text(pod.hostNetwork) + text(pod.hostPID) + text(pod.hostIPC) + text(pod.hostProcess),
            "volumes " + text(pod.volumes), "overhead " + text(pod.overhead),
        ]
        for container in pod.containers {
            var line = "\(container.list) \(container.index) " + container.described
            line += " name " + text(container.name) + " image " + text(container.image) + " ports " + text(container.ports)
            line += " image bytes " + (container.withImage { String(decoding: $0, as: UTF8.self) } ?? "none")
            var hostPorts: [JSON] = []
            container.forEachHostPort { hostPorts.append($0.value) }
            line += " hostPorts " + JSONWriter.string(.array(hostPorts))
            var described = TextBuilder()
            container.describe(into: &described)
            line += " described " + described.text
            line += " caps " + text(container.addedCapabilities) + " privileged " + text(container.privileged)
            line += " hostProcess " + text(container.hostProcess) + " restarts " + text(container.restartsAlways)
            line += " resources " + text(container.resourcesView) + " view " + text(container.view)
            for section in [ResourceSection.requests, .limits] {
                for resource in ContainerResource.both {
                    var written = TextBuilder()
                    ResourceField.text(container, section, resource, into: &written)
                    line += " \(section).\(resource) " + text(container.resources.field(section, resource)) + " " + written.text
                }
            }
            lines.append(line)
        }
        return lines
    }
}

/// `PodContainer.forEachHostPort`, walked in the tape: the `hostPort`s that
/// `ports.forEachElement(withMember: "hostPort")` finds, for ports of every shape.
final class PodContainerHostPortTests: XCTestCase {
    func testHostPortsInTheTapeAsThroughViews() throws {
        let portLists: [JSON] = [
            [["containerPort": 80, "hostPort": 8080], ["hostPort": .null], ["containerPort": 81], ["hostPort": "x"], ["hostPort": 0]],
            [1, "hostPort", .null, ["hostPort": ["nested": 1]], []], [], [:], "ports", .null,
        ]
        for ports in portLists {
            let built: JSON = ["kind": "Pod", "spec": ["containers": [["name": "a", "ports": ports]]]]
            let parsed = try JSONReader.parse(JSONWriter.bytes(built))
            let fromTape = try XCTUnwrap(ReviewedObject(parsed, resource: .pods).pod?.containers.first)
            XCTAssertNotNil(fromTape.view.tapeNode, "read in the tape")
            var expected: [JSON] = []
            JSONView(ports).forEachElement(withMember: "hostPort") { _, _, hostPort in expected.append(hostPort.value) }
            for container in [fromTape, try XCTUnwrap(ReviewedObject(built, resource: .pods).pod?.containers.first)] {
                var found: [JSON] = []
                container.forEachHostPort { found.append($0.value) }
                XCTAssertEqual(found, expected, JSONWriter.string(ports))
            }
        }
        let escaped = try JSONReader.parse(#"{"spec":{"containers":[{"ports":[{"h\u006fstPort":9}]}]}}"#)
        var found: [JSON] = []
        try XCTUnwrap(ReviewedObject(escaped, resource: .pods).pod?.containers.first).forEachHostPort { found.append($0.value) }
        XCTAssertEqual(found, [9])
        let noPorts = try JSONReader.parse(#"{"spec":{"containers":[{"name":"a"}]}}"#)
        var called = false
        try XCTUnwrap(ReviewedObject(noPorts, resource: .pods).pod?.containers.first).forEachHostPort { _ in called = true }
        XCTAssertFalse(called)
    }
}

/// `ReviewedObject.label`, read in the tape for the request's object: what the lookups through views
/// find in the same object built.
final class ReviewedObjectLabelTests: XCTestCase {
    func testLabelsInTheTapeAsBuilt() throws {
        let metadatas: [JSON] = [
            ["labels": ["tenant": "acme", "app": "web"]], ["labels": ["tenant": .null]], ["labels": ["tenant": 7]],
            ["labels": .null], ["labels": ["tenant"]], ["labels": "tenant=acme"], [:], .null, "metadata",
            ["name": "x", "labels": ["ténant": "a", "tenant ": "b", "Tenant": "c", "": "d", "tenant": "naïve"]],
            // Names of the wanted lengths that differ in their bytes, before the wanted ones.
            ["labelz": ["tenant": "x"], "labels": ["tenanu": "y", "ten": "p", "tenants": "q", "tenant": "z"]],
            ["labelz": ["tenant": "x"]], ["labels": [:]],
        ]
        for metadata in metadatas {
            let built: JSON = ["kind": "Pod", "metadata": metadata]
            let parsed = try JSONReader.parse(JSONWriter.bytes(built))
            let (fromViews, fromTape) = (ReviewedObject(built, resource: .pods), ReviewedObject(parsed, resource: .pods))
            for key in ["tenant", "app", "ténant", "", "missing", "tenanu", "ten", "tenants"] {
                XCTAssertEqual(fromTape.label(key)?.value, fromViews.label(key)?.value, "\(key) in \(JSONWriter.string(metadata))")
            }
        }
        let escaped = try JSONReader.parse(#"{"metadata":{"l\u0061bels":{"t\u00e9nant":"\u0061cme"}}}"#)
        XCTAssertEqual(ReviewedObject(escaped, resource: .pods).label("ténant")?.value, "acme")
        let escapedMetadata = try JSONReader.parse(#"{"m\u0065tadata":{"labels":{"tenant":"acme"}},"metadatA":{}}"#)
        XCTAssertEqual(ReviewedObject(escapedMetadata, resource: .pods).label("tenant")?.value, "acme")
        let notAnObject = try JSONReader.parse(#"{"metadata":[{"labels":{"tenant":"acme"}}]}"#)
        XCTAssertNil(ReviewedObject(notAnObject, resource: .pods).label("tenant"))
        // The label a patch adds is found where the object has none.
        let effects = PatchEffects(label: KeyValue("tenant", "acme"))
        let unlabelled = try JSONReader.parse(#"{"metadata":{"labels":{"app":"web"}}}"#)
        XCTAssertEqual(ReviewedObject(unlabelled, resource: .pods, patchedWith: effects).label("tenant")?.value, "acme")
        XCTAssertNil(ReviewedObject(unlabelled, resource: .pods, patchedWith: effects).label("other"))
        let labelled = try JSONReader.parse(#"{"metadata":{"labels":{"tenant":"globex"}}}"#)
        XCTAssertEqual(ReviewedObject(labelled, resource: .pods, patchedWith: effects).label("tenant")?.value, "globex")
    }
}
