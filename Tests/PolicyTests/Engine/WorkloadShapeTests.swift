import JSON
import XCTest

@testable import Policy

/// `WorkloadShape.of(_:)` tells resources apart by group, then name: each kind with a pod spec gets its
/// shape, and nothing else does (a name of another group, a near miss, a canonically equal spelling).
final class WorkloadShapeTests: XCTestCase {
    private let templateSpec = ["spec", "template", "spec"]

    func testEveryWorkloadKindHasItsShape() throws {
        let expected: [(GroupResource, [String], [String]?, Bool)] = [
            (.pods, ["spec"], nil, true),
            (.deployments, templateSpec, ["spec", "replicas"], false),
            (.replicaSets, templateSpec, ["spec", "replicas"], false),
            (.statefulSets, templateSpec, ["spec", "replicas"], false),
            (.replicationControllers, templateSpec, ["spec", "replicas"], false),
            (.daemonSets, templateSpec, nil, false),
            (.jobs, templateSpec, ["spec", "parallelism"], false),
            (.cronJobs, ["spec", "jobTemplate", "spec", "template", "spec"], ["spec", "jobTemplate", "spec", "parallelism"], false),
        ]
        for (resource, spec, replicas, isPod) in expected {
            let shape = try XCTUnwrap(WorkloadShape.of(resource), "\(resource)")
            XCTAssertEqual(shape.specPath.tokens, spec, "\(resource)")
            XCTAssertEqual(shape.replicasPath?.tokens, replicas, "\(resource)")
            XCTAssertEqual(shape.isPod, isPod, "\(resource)")
            // `ReviewedObject` finds the top-level `spec` while it reads the object, and follows the rest.
            XCTAssertEqual(shape.specPath.tokens.first, "spec", "\(resource)")
        }
    }

    func testOtherResourcesHaveNone() {
        let others: [GroupResource] = [
            .namespaces, .services, .persistentVolumeClaims, .roleBindings, .podDisruptionBudgets, .secretStores,
            GroupResource(group: "apps", resource: "pods"),
            GroupResource(group: "", resource: "deployments"),
            GroupResource(group: "batch", resource: "deployments"),
            GroupResource(group: "apps", resource: "jobs"),
            GroupResource(group: "extensions", resource: "deployments"),
            GroupResource(group: "", resource: "pod"),
            GroupResource(group: "", resource: "Pods"),
            GroupResource(group: "", resource: "pods/"),
            GroupResource(group: "apps ", resource: "deployments"),
            GroupResource(group: "", resource: ""),
        ]
        for resource in others {
            XCTAssertNil(WorkloadShape.of(resource), "\(resource)")
        }
    }
}
