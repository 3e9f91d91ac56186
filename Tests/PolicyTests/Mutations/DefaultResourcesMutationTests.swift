import JSON
import XCTest

@testable import Policy

final class DefaultResourcesMutationTests: XCTestCase {
    private typealias F = MutationFixtures

    private func withContainers(
        defaultRequest: ResourceList = ResourceList(), defaultLimit: ResourceList = ResourceList()
    ) -> Tenant {
        var tenant = F.acme
        tenant.containers = ContainerPolicy(defaultRequest: defaultRequest, defaultLimit: defaultLimit)
        return tenant
    }

    func testOneAddForAContainerWithoutResources() {
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web")])),
            [
                [
                    "op": "add", "path": "/spec/containers/0/resources",
                    "value": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": "500m", "memory": "512Mi"]],
                ]
            ])
    }

    /// The pointers of the first eight containers of each list are made once, the others each time:
    /// both name the container they should, in both lists.
    func testPathsOfContainersPastTheFirstEight() {
        let full: JSON = ["requests": ["cpu": "1", "memory": "1Gi"], "limits": ["cpu": "1", "memory": "1Gi"]]
        var containers = (0..<10).map { F.container("c\($0)", resources: full) }
        containers[7] = F.container("c7")
        containers[9] = F.container("c9", resources: nil)
        let initContainers: [JSON] = [F.container("i0", resources: full), F.container("i1", resources: nil)]
        let value: JSON = ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": "500m", "memory": "512Mi"]]
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod(containers, spec: [("initContainers", .array(initContainers))])),
            [
                ["op": "add", "path": "/spec/containers/7/resources", "value": value],
                ["op": "add", "path": "/spec/containers/9/resources", "value": value],
                ["op": "add", "path": "/spec/initContainers/1/resources", "value": value],
            ])
    }

    func testEmptyResourcesAsTheAPIServerSendsThem() {
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: [:])])),
            [
                ["op": "add", "path": "/spec/containers/0/resources/requests", "value": ["cpu": "100m", "memory": "128Mi"]],
                ["op": "add", "path": "/spec/containers/0/resources/limits", "value": ["cpu": "500m", "memory": "512Mi"]],
            ])
    }

    func testFillsOnlyWhatIsMissing() {
        let resources: JSON = ["requests": ["cpu": "250m"], "limits": ["memory": "256Mi"]]
        let builder = mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: resources)]))
        assertOperations(
            builder,
            [
                // The memory request mirrors the container's own limit, as the API server's defaulting would.
                ["op": "add", "path": "/spec/containers/0/resources/requests/memory", "value": "256Mi"],
                ["op": "add", "path": "/spec/containers/0/resources/limits/cpu", "value": "500m"],
            ])
        XCTAssertEqual(
            builder.document["spec"]?["containers"]?[0]?["resources"],
            ["requests": ["cpu": "250m", "memory": "256Mi"], "limits": ["memory": "256Mi", "cpu": "500m"]])
    }

    func testALimitWithoutRequestBecomesTheRequest() {
        let resources: JSON = ["limits": ["cpu": "2", "memory": "1Gi"]]
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: resources)])),
            [["op": "add", "path": "/spec/containers/0/resources/requests", "value": ["cpu": "2", "memory": "1Gi"]]])
    }

    func testNeverCreatesARequestAboveItsLimit() {
        // Requests above the default limit: the limit follows the request instead (0.6 > 500m, 1G > 512Mi).
        let resources: JSON = ["requests": ["cpu": "0.6", "memory": "1G"]]
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: resources)])),
            [["op": "add", "path": "/spec/containers/0/resources/limits", "value": ["cpu": "0.6", "memory": "1G"]]])
    }

    func testComparesAmountsNotTexts() {
        // "500M" < 512Mi and "0.5" == 500m: the default limit stands. A JSON number is a quantity too.
        let resources: JSON = ["requests": ["cpu": "0.5", "memory": "500M"]]
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: resources)])),
            [["op": "add", "path": "/spec/containers/0/resources/limits", "value": ["cpu": "500m", "memory": "512Mi"]]])

        let numeric: JSON = ["requests": ["cpu": 1, "memory": "64Mi"]]
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: numeric)])),
            [["op": "add", "path": "/spec/containers/0/resources/limits", "value": ["cpu": "1", "memory": "512Mi"]]])
    }

    func testADefaultRequestAboveTheDefaultLimitRaisesTheLimit() {
        let tenant = withContainers(
            defaultRequest: ResourceList(cpu: F.cpu("1", 1000)), defaultLimit: ResourceList(cpu: F.cpu("500m", 500)))
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web")]), tenant: tenant),
            [["op": "add", "path": "/spec/containers/0/resources", "value": ["requests": ["cpu": "1"], "limits": ["cpu": "1"]]]])
    }

    func testInjectsOnlyWhatTheTenantDefines() {
        let requestsOnly = withContainers(defaultRequest: ResourceList(cpu: F.cpu("100m", 100)))
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: [:])]), tenant: requestsOnly),
            [["op": "add", "path": "/spec/containers/0/resources/requests", "value": ["cpu": "100m"]]])

        // A default limit alone also sets the request to it, as the API server would once the limit is there.
        let limitOnly = withContainers(defaultLimit: ResourceList(memory: F.memory("512Mi", 536_870_912)))
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: [:])]), tenant: limitOnly),
            [
                ["op": "add", "path": "/spec/containers/0/resources/requests", "value": ["memory": "512Mi"]],
                ["op": "add", "path": "/spec/containers/0/resources/limits", "value": ["memory": "512Mi"]],
            ])
    }

    func testCoversInitContainersButNotEphemeralContainers() {
        let full: JSON = ["requests": ["cpu": "1", "memory": "1Gi"], "limits": ["cpu": "1", "memory": "1Gi"]]
        let pod = F.pod(
            [F.container("web", resources: full), F.container("sidecar")],
            spec: [
                ("initContainers", [F.container("migrate", resources: ["requests": ["cpu": "50m", "memory": "64Mi"]])]),
                ("ephemeralContainers", [F.container("debug")]),
            ])
        assertOperations(
            mutate(DefaultResourcesMutation.self, pod),
            [
                [
                    "op": "add", "path": "/spec/containers/1/resources",
                    "value": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": "500m", "memory": "512Mi"]],
                ],
                ["op": "add", "path": "/spec/initContainers/0/resources/limits", "value": ["cpu": "500m", "memory": "512Mi"]],
            ])
    }

    func testLeavesFullySpecifiedContainers() {
        let pod = F.pod([
            F.container("web", resources: ["requests": ["cpu": "1", "memory": "1Gi"], "limits": ["cpu": "2", "memory": "2Gi"]])
        ])
        let builder = mutate(DefaultResourcesMutation.self, pod)
        assertNoOperations(builder)
        XCTAssertEqual(builder.document, pod)
    }

    func testLeavesInvalidValuesToTheAPIServer() {
        // Unreadable or non-map values are the user's: never overwritten, never crashed on.
        let cases: [JSON] = [
            F.pod([F.container("web", resources: "lots")]),
            F.pod([F.container("web", resources: ["requests": ["a"], "limits": [:]])]),
            F.pod([F.container("web", resources: ["requests": ["cpu": "1", "memory": "1Gi"], "limits": "x"])]),
            F.pod(["not a container", 42]),
            ["kind": "Pod", "spec": ["containers": "web"]],
            ["kind": "Pod", "spec": "x"],
            ["kind": "Pod"],
        ]
        for pod in cases {
            assertNoOperations(mutate(DefaultResourcesMutation.self, pod))
        }
        // An unreadable request keeps its text; the limit still gets the default (nothing to compare with).
        let unreadable: JSON = ["requests": ["cpu": "lots", "memory": nil], "limits": ["memory": "1Gi"]]
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: unreadable)])),
            [["op": "add", "path": "/spec/containers/0/resources/limits/cpu", "value": "500m"]])
    }

    func testReplacesNullResourcesMaps() {
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: ["requests": nil, "limits": ["cpu": "1", "memory": "1Gi"]])])),
            [["op": "replace", "path": "/spec/containers/0/resources/requests", "value": ["cpu": "1", "memory": "1Gi"]]])
        assertOperations(
            mutate(DefaultResourcesMutation.self, F.pod([F.container("web", resources: nil)]), tenant: withContainers(defaultRequest: ResourceList(cpu: F.cpu("100m", 100)))),
            [["op": "add", "path": "/spec/containers/0/resources", "value": ["requests": ["cpu": "100m"]]]])
    }

    func testDoesNothingWithoutDefaults() {
        var noContainers = F.acme
        noContainers.containers = nil
        assertNoOperations(mutate(DefaultResourcesMutation.self, F.pod([F.container("web")]), tenant: noContainers))

        var maxOnly = F.acme
        maxOnly.containers = ContainerPolicy(max: ResourceList(cpu: F.cpu("2", 2000)))
        assertNoOperations(mutate(DefaultResourcesMutation.self, F.pod([F.container("web")]), tenant: maxOnly))
    }

    func testDoesNothingOnUpdateOrToWorkloadTemplates() {
        // Resources of a running pod change only through the resize subresource.
        assertNoOperations(mutate(DefaultResourcesMutation.self, F.pod([F.container("web")]), operation: .update))
        let deployment: JSON = ["kind": "Deployment", "spec": ["template": ["spec": ["containers": [F.container("web")]]]]]
        assertNoOperations(mutate(DefaultResourcesMutation.self, deployment, resource: .deployments))
    }

    func testIdempotent() {
        let tenants = [
            F.acme,
            withContainers(defaultLimit: ResourceList(cpu: F.cpu("500m", 500), memory: F.memory("512Mi", 536_870_912))),
            withContainers(defaultRequest: ResourceList(memory: F.memory("1Gi", 1_073_741_824)), defaultLimit: ResourceList(memory: F.memory("512Mi", 536_870_912))),
        ]
        let pod = F.pod(
            [
                F.container("a"),
                F.container("b", resources: [:]),
                F.container("c", resources: ["requests": ["cpu": "3"]]),
                F.container("d", resources: ["limits": ["memory": "64Mi"]]),
            ],
            spec: [("initContainers", [F.container("init", resources: ["requests": nil])])])
        for tenant in tenants {
            let builder = mutate(DefaultResourcesMutation.self, pod, tenant: tenant)
            XCTAssertFalse(builder.operations.isEmpty)
            assertNoOperations(mutate(DefaultResourcesMutation.self, builder.document, tenant: tenant))
        }
    }
}
