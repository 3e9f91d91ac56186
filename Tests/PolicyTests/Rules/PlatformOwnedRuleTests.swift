import Admission
import JSON
import XCTest

@testable import Policy

final class PlatformOwnedRuleTests: XCTestCase {
    func testWritingAPlatformOwnedResourceIsDeniedEvenInOwnNamespace() {
        let request = RuleFixtures.request(
            .delete, group: "networking.k8s.io", resource: "networkpolicies", namespace: "tenant-acme", name: "default-deny")
        let violations = RuleFixtures.actorViolations(PlatformOwnedRule.self, request)
        XCTAssertEqual(violations.map(\.rule), [.platformOwned])
        XCTAssertEqual(violations.details, ["networking.k8s.io/networkpolicies is owned by the platform: tenant acme may read it but not write it"])
    }

    func testCoreGroupResourceAndSubresourcesCount() {
        let quota = RuleFixtures.request(.update, resource: "resourcequotas", subResource: "status", namespace: "acme-dev", object: [:])
        XCTAssertEqual(
            RuleFixtures.actorViolations(PlatformOwnedRule.self, quota).details,
            ["resourcequotas is owned by the platform: tenant acme may read it but not write it"])
    }

    func testOtherResourcesAreAllowed() {
        XCTAssertEqual(RuleFixtures.actorViolations(PlatformOwnedRule.self, RuleFixtures.request(resource: "configmaps", object: [:])), [])
        // Same resource name in another group is another resource.
        let lookalike = RuleFixtures.request(group: "example.com", resource: "networkpolicies", object: [:])
        XCTAssertEqual(RuleFixtures.actorViolations(PlatformOwnedRule.self, lookalike), [])
    }
}
