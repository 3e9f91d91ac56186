import Admission
import JSON
import XCTest

@testable import Policy

final class TenantLabelRuleTests: XCTestCase {
    private func check(_ labels: JSON, platform: Platform = RuleFixtures.platform) -> [String] {
        let object: JSON = ["metadata": ["name": "cfg", "labels": labels]]
        return RuleFixtures.objectViolations(TenantLabelRule.self, tenant: RuleFixtures.acme, platform: platform, resource: "configmaps", object: object).details
    }

    func testAnotherTenantsLabelIsDenied() {
        XCTAssertEqual(
            check(["tenant": "globex"]),
            ["label \"tenant\" is \"globex\" but the object is in tenant acme's namespace (must be \"acme\" or absent)"])
    }

    func testOwnOrMissingLabelIsAllowed() {
        XCTAssertEqual(check(["tenant": "acme"]), [])
        XCTAssertEqual(check(["app": "web"]), [])
        let unlabelled: JSON = ["metadata": ["name": "cfg"]]
        XCTAssertEqual(RuleFixtures.objectViolations(TenantLabelRule.self, tenant: RuleFixtures.acme, resource: "configmaps", object: unlabelled), [])
    }

    func testLabelKeyFollowsThePlatform() {
        var platform = RuleFixtures.platform
        platform.tenantLabel = "example.com/tenant"
        XCTAssertEqual(check(["tenant": "globex"], platform: platform), [])
        XCTAssertEqual(check(["example.com/tenant": "globex"], platform: platform).count, 1)
    }

    /// The detail quotes and escapes what the object chose, and shows other types by what they are.
    func testDetailsEscapeAndDescribeTheValue() {
        XCTAssertEqual(
            check(["tenant": "glo\"bex\n"]),
            ["label \"tenant\" is \"glo\\\"bex\\n\" but the object is in tenant acme's namespace (must be \"acme\" or absent)"])
        XCTAssertEqual(check(["tenant": 7]), ["label \"tenant\" is 7 but the object is in tenant acme's namespace (must be \"acme\" or absent)"])
        XCTAssertEqual(
            check(["tenant": ["x"]]),
            ["label \"tenant\" is a JSON array but the object is in tenant acme's namespace (must be \"acme\" or absent)"])
        var platform = RuleFixtures.platform
        platform.tenantLabel = "tenant\u{e9}/\"x\""
        XCTAssertEqual(
            check(["tenant\u{e9}/\"x\"": "gl\u{f6}bex"], platform: platform),
            ["label \"tenant\u{e9}/\\\"x\\\"\" is \"gl\u{f6}bex\" but the object is in tenant acme's namespace (must be \"acme\" or absent)"])
    }
}
