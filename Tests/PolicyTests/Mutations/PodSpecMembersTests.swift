import JSON
import XCTest

@testable import Policy

/// The pod spec's members the mutations read, found in one pass: as lookups find them.
final class PodSpecMembersTests: XCTestCase {
    func testFindsEachMemberAsALookupWould() throws {
        let text = #"{"spec":{"initContainers":[],"priorityClassName":"x","containers":[{"name":"a"}],"nodeSelector":null,"priority":1}}"#
        for object in [try JSONReader.parse(text), built(try JSONReader.parse(text))] {
            let pod = try XCTUnwrap(PodSpecMembers(object: object))
            let spec = try XCTUnwrap(JSONView(object)["spec"])
            XCTAssertEqual(pod.containers?.value, spec["containers"]?.value)
            XCTAssertEqual(pod.containers(.containers)?.value, spec["containers"]?.value)
            XCTAssertEqual(pod.containers(.initContainers)?.value, [])
            XCTAssertNil(pod.containers(.ephemeralContainers))
            XCTAssertEqual(pod.priorityClassName?.value, "x")
            XCTAssertEqual(pod.nodeSelector?.isNull, true)
        }
    }

    func testTheFirstOfARepeatedKeyCountsAndMissingMembersAreNil() throws {
        let spec = JSON.object(JSONObject([
            JSONObject.Member(key: "nodeSelector", value: ["a": "1"]),
            JSONObject.Member(key: "nodeSelector", value: ["b": "2"]),
        ]))
        let pod = try XCTUnwrap(PodSpecMembers(object: ["spec": spec]))
        XCTAssertEqual(pod.nodeSelector?.value, ["a": "1"])
        XCTAssertNil(pod.containers)
        XCTAssertNil(pod.initContainers)
        XCTAssertNil(pod.priorityClassName)
    }

    func testNoSpecThatIsAnObjectIsNoPodSpec() throws {
        XCTAssertNil(PodSpecMembers(object: ["kind": "Pod"]))
        XCTAssertNil(PodSpecMembers(object: ["spec": nil]))
        XCTAssertNil(PodSpecMembers(object: ["spec": ["containers"]]))
        XCTAssertNil(PodSpecMembers(object: "a pod"))
    }

    func testTheContextReadsItForAPodsCreateOnly() throws {
        let pod = MutationFixtures.pod([MutationFixtures.container("web")])
        XCTAssertNotNil(MutationFixtures.context(pod, resource: .pods).podSpec)
        XCTAssertNil(MutationFixtures.context(pod, resource: .pods, operation: .update).podSpec)
        XCTAssertNil(MutationFixtures.context(pod, resource: .deployments).podSpec)
    }
}

/// `value` rebuilt of members, out of the reader's tape.
private func built(_ value: JSON) -> JSON {
    switch value {
    case .object(let object): return .object(JSONObject(object.members.map { JSONObject.Member(key: $0.key, value: built($0.value)) }))
    case .array(let elements): return .array(elements.map(built))
    default: return value
    }
}
