import Admission
import JSON
import XCTest

@testable import Policy

final class PDBDrainRuleTests: XCTestCase {
    private func check(_ spec: JSON, resource: String = "poddisruptionbudgets") -> [String] {
        RuleFixtures.objectViolations(
            PDBDrainRule.self, tenant: RuleFixtures.acme, group: "policy", resource: resource, object: ["metadata": ["name": "web"], "spec": spec]
        ).details
    }

    func testBudgetsThatNeverAllowAnEvictionAreDenied() {
        XCTAssertEqual(check(["maxUnavailable": 0]), ["maxUnavailable 0 blocks every node drain (allow at least 1)"])
        XCTAssertEqual(check(["maxUnavailable": "0%"]), ["maxUnavailable \"0%\" blocks every node drain (allow at least 1)"])
        XCTAssertEqual(check(["maxUnavailable": "0"]), ["maxUnavailable \"0\" blocks every node drain (allow at least 1)"])
        XCTAssertEqual(
            check(["minAvailable": "100%"]),
            ["minAvailable \"100%\" blocks every node drain (require fewer than all pods)"])
    }

    func testBudgetsThatAllowEvictionsAreAllowed() {
        XCTAssertEqual(check(["maxUnavailable": 1]), [])
        XCTAssertEqual(check(["maxUnavailable": "10%"]), [])
        XCTAssertEqual(check(["minAvailable": "99%"]), [])
        XCTAssertEqual(check(["minAvailable": 100]), [])
        XCTAssertEqual(check(["selector": ["matchLabels": ["app": "web"]]]), [])
    }

    func testOtherResourcesAreIgnored() {
        XCTAssertEqual(check(["maxUnavailable": 0], resource: "deployments"), [])
    }
}
