import XCTest

@testable import Policy

final class RuleCatalogueTests: XCTestCase {
    func testEveryRuleIsListedOnce() {
        let ids = RuleCatalogue.actorRules.map { $0.id } + RuleCatalogue.objectRules.map { $0.id }
        XCTAssertEqual(ids.count, Set(ids).count)
        XCTAssertEqual(Set(ids), Set(RuleID.allCases))
    }

    func testActorAndObjectRulesAreTheCataloguesTwoHalves() {
        XCTAssertEqual(
            RuleCatalogue.actorRules.map { $0.id },
            [.clusterScope, .namespaceOwnership, .crossTenant, .platformOwned, .rbacEscalation])
        XCTAssertEqual(RuleCatalogue.objectRules.count, 11)
    }
}
