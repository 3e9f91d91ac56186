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

    /// The detail is written into one buffer; it must read exactly as the pieces joined as `String`s
    /// did, for hostile and non-ASCII text and unnamed containers too (in every form of the object).
    func testDetailsReadAsTheJoinedPiecesDid() {
        let images = ["evil.io/x\ny\"z", "caf\u{e9}.io/\u{1F642}:1", "a\\b/c@sha256:x", "ubuntu", "tab\t/x\u{2028}y"]
        var tenant = self.tenant
        tenant.registries = ["registry.acme.io", "we\"ird\n"]
        let allowed = RuleText.allowed(tenant.registries)
        for image in images {
            for name in ["app", "n\u{e9}\"x\n", ""] {
                let container: JSON = name.isEmpty ? ["image": .string(image)] : ["name": .string(name), "image": .string(image)]
                let described = RuleText.container(.containers, 0, name: name.isEmpty ? nil : JSONStringView(name))
                let expected = RuleText.join(
                    described, " image ", RuleText.quoted(image), " (", RuleText.escaped(ImageReference(image).repository),
                    ") is not from a registry allowed for tenant ", tenant.name, " ", allowed)
                XCTAssertEqual(check(["containers": [container]], tenant: tenant), [expected], image.debugDescription)
            }
        }
        XCTAssertEqual(
            check(["initContainers": [["image": 3]]], tenant: tenant), [RuleText.join("initContainers[0] names no image ", allowed)])
    }

    func testTenantWithoutRegistriesAcceptsAnyImage() {
        XCTAssertEqual(check(["containers": [RuleFixtures.container("app", image: "evil.io/x")]], tenant: RuleFixtures.acme), [])
    }

    func testWorkloadTemplatesAreChecked() {
        let job: JSON = ["spec": ["template": ["spec": ["containers": [RuleFixtures.container("app", image: "quay.io/x/y")]]]]]
        XCTAssertEqual(RuleFixtures.objectViolations(ImageRegistryRule.self, tenant: tenant, group: "batch", resource: "jobs", object: job).count, 1)
    }
}
