import XCTest

@testable import Policy

/// `Platform.action(for:)` reads `enforcement` through an array indexed by the rule's ordinal.
final class RuleActionsTests: XCTestCase {
    func testOrdinalsArePositionsInAllCases() {
        for (position, rule) in RuleID.allCases.enumerated() {
            XCTAssertEqual(rule.ordinal, position, rule.rawValue)
        }
        // Two bits each in 64.
        XCTAssertLessThanOrEqual(RuleID.allCases.count, 32)
    }

    /// Every rule with every action, alone and next to neighbours set otherwise, so no rule's bits
    /// spill into another's.
    func testEachRuleHoldsEachActionWhateverItsNeighbours() {
        for rule in RuleID.allCases {
            for action in RuleAction.allCases {
                for others in RuleAction.allCases {
                    var enforcement = Dictionary(uniqueKeysWithValues: RuleID.allCases.map { ($0, others) })
                    enforcement[rule] = action
                    let platform = Platform(enforcement: enforcement)
                    for each in RuleID.allCases {
                        XCTAssertEqual(platform.action(for: each), each == rule ? action : others, "\(rule) \(action) among \(others)")
                    }
                }
                XCTAssertEqual(Platform(enforcement: [rule: action]).action(for: rule), action)
            }
        }
    }

    func testActionsFollowEnforcementAndDefaultToDeny() {
        let enforcement: [RuleID: RuleAction] = [.pdbDrain: .warn, .imageRegistry: .audit, .crossTenant: .deny, .clusterScope: .warn]
        let platform = Platform(enforcement: enforcement)
        for rule in RuleID.allCases {
            XCTAssertEqual(platform.action(for: rule), enforcement[rule] ?? .deny, rule.rawValue)
        }
        XCTAssertEqual(Platform().action(for: .pdbDrain), .deny)
    }

    func testChangingEnforcementChangesTheActions() {
        var platform = Platform()
        platform.enforcement[.podSecurity] = .audit
        XCTAssertEqual(platform.action(for: .podSecurity), .audit)
        platform.enforcement = [.storageClass: .warn]
        XCTAssertEqual(platform.action(for: .podSecurity), .deny)
        XCTAssertEqual(platform.action(for: .storageClass), .warn)
        // Equal enforcement, equal platforms, however they got there.
        XCTAssertEqual(platform, Platform(enforcement: [.storageClass: .warn]))
        XCTAssertNotEqual(platform, Platform())
    }
}
