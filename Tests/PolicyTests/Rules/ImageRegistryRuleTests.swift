import Admission
import JSON
import XCTest

@testable import Policy

final class ImageRegistryRuleTests: XCTestCase {
    private var tenant: Tenant {
        var t = RuleFixtures.acme
        t.registries = ["registry.acme.io", "docker.io/library"]
        return t
    }

    private func check(_ spec: JSON, tenant: Tenant? = nil) -> [String] {
        RuleFixtures.objectViolations(ImageRegistryRule.self, tenant: tenant ?? self.tenant, resource: "pods", object: RuleFixtures.pod(spec)).details
    }

    func testAllowedRegistriesPass() {
        XCTAssertEqual(
            check([
                "containers": [
                    RuleFixtures.container("app", image: "registry.acme.io/team/app:1.0"),
                    RuleFixtures.container("proxy", image: "nginx:1.25"),
                ],
                "initContainers": [RuleFixtures.container("init", image: "index.docker.io/library/busybox@sha256:abc")],
            ]), [])
    }

    func testImagesFromElsewhereAreDeniedInEveryContainerList() {
        XCTAssertEqual(
            check([
                "containers": [RuleFixtures.container("app", image: "registry.acme.io.evil.com/app:1")],
                "initContainers": [RuleFixtures.container("init", image: "ubuntu/squid")],
                "ephemeralContainers": [RuleFixtures.container("debug", image: "ghcr.io/x/debug")],
            ]),
            [
                "container \"app\" image \"registry.acme.io.evil.com/app:1\" (registry.acme.io.evil.com/app) is not from a registry allowed for tenant acme (allowed: registry.acme.io, docker.io/library)",
                "container \"init\" image \"ubuntu/squid\" (docker.io/ubuntu/squid) is not from a registry allowed for tenant acme (allowed: registry.acme.io, docker.io/library)",
                "container \"debug\" image \"ghcr.io/x/debug\" (ghcr.io/x/debug) is not from a registry allowed for tenant acme (allowed: registry.acme.io, docker.io/library)",
            ])
    }

    func testMissingImageIsDenied() {
        XCTAssertEqual(
            check(["containers": [["name": "app"], ["name": "side", "image": ""]]]),
            [
                "container \"app\" names no image (allowed: registry.acme.io, docker.io/library)",
                "container \"side\" names no image (allowed: registry.acme.io, docker.io/library)",
            ])
    }

    func testHostileImageTextStaysOnOneLine() {
        let details = check(["containers": [RuleFixtures.container("app", image: "evil.io/x\ny\"z")]])
        XCTAssertEqual(details.count, 1)
        XCTAssertFalse(details.joined().contains("\n"), details.description)
        XCTAssertTrue(details.joined().contains("image \"evil.io/x\\ny\\\"z\" (evil.io/x\\ny\\\"z)"), details.description)
    }

    func testTenantWithoutRegistriesAcceptsAnyImage() {
        XCTAssertEqual(check(["containers": [RuleFixtures.container("app", image: "evil.io/x")]], tenant: RuleFixtures.acme), [])
    }

    func testWorkloadTemplatesAreChecked() {
        let job: JSON = ["spec": ["template": ["spec": ["containers": [RuleFixtures.container("app", image: "quay.io/x/y")]]]]]
        XCTAssertEqual(RuleFixtures.objectViolations(ImageRegistryRule.self, tenant: tenant, group: "batch", resource: "jobs", object: job).count, 1)
    }
}
