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

    /// Owned resources are found as the set finds them (its equality, canonical equivalence included),
    /// and the detail names them as `GroupResource.description` does.
    func testOwnedResourcesAreFoundAsTheSetFindsThem() {
        var platform = RuleFixtures.platform
        platform.platformOwned = [
            GroupResource(group: "", resource: "limitranges"), GroupResource(group: "caf\u{e9}.io", resource: "widgets"),
            GroupResource(group: "x.io", resource: "r\u{e9}sum\u{e9}s"),
        ]
        let policies = RuleFixtures.policies(platform: platform)
        let asked = [("", "limitranges"), ("", "limitrange"), ("caf\u{e9}.io", "widgets"), ("cafe\u{301}.io", "widgets"),
                     ("x.io", "re\u{301}sume\u{301}s"), ("x.io", "resumes"), ("", "widgets"), ("caf\u{e9}.io", "limitranges")]
        for (group, resource) in asked {
            let request = RuleFixtures.request(.update, group: group, resource: resource, namespace: "acme-dev", object: [:])
            let details = RuleFixtures.actorViolations(PlatformOwnedRule.self, request, policies: policies).details
            let wanted = GroupResource(group: group, resource: resource)
            XCTAssertEqual(
                details, platform.platformOwned.contains(wanted) ? [wanted.description + " is owned by the platform: tenant acme may read it but not write it"] : [],
                "\(group) \(resource)")
        }
    }
}
