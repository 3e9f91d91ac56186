import Admission
import XCTest

@testable import Policy

/// A denying rule's message is kept as its part of the denial message; it reads, compares and changes
/// as a message of its own does.
final class FiredRuleTests: XCTestCase {
    func testAPartOfTheDenialReadsAsItsBytes() {
        let denial = "tenantry: [a] caf\u{e9} x; [b] \u{1F642} y"
        let first = denial.utf8.count - "[b] \u{1F642} y".utf8.count
        var part = FiredRule(rule: .tenantLabel, action: .deny, denialBytes: 10..<(first - 2))
        XCTAssertEqual(part.pendingRange, 10..<(first - 2))
        part.settle(denial: denial)
        XCTAssertNil(part.pendingRange)
        XCTAssertEqual(part.message, "[a] caf\u{e9} x")
        var last = FiredRule(rule: .podSecurity, action: .deny, denialBytes: first..<denial.utf8.count)
        last.settle(denial: denial)
        XCTAssertEqual(last.message, "[b] \u{1F642} y")

        // Equal to the same message held on its own, unequal to another; settling again changes nothing.
        XCTAssertEqual(part, FiredRule(rule: .tenantLabel, action: .deny, message: "[a] caf\u{e9} x"))
        XCTAssertNotEqual(part, FiredRule(rule: .tenantLabel, action: .deny, message: "[a] caf\u{e9}"))
        XCTAssertNotEqual(part, FiredRule(rule: .tenantLabel, action: .warn, message: "[a] caf\u{e9} x"))
        part.settle(denial: "other")
        XCTAssertEqual(part.message, "[a] caf\u{e9} x")

        // A message set replaces the part.
        part.message = "new"
        XCTAssertEqual(part.message, "new")
        XCTAssertNil(part.pendingRange)
        XCTAssertEqual(FiredRule(rule: .quotaFit, action: .audit, message: "own").pendingRange, nil)
    }

    /// `decide`'s denying rules read their parts of the denial, with warn and audit rules between them,
    /// and the decision equals one whose messages are `String`s of their own.
    func testDecidedMessagesArePartsOfTheDenial() {
        let platform = Platform(enforcement: [.priorityClass: .warn, .quotaFit: .audit])
        let request = RuleFixtures.request(resource: "pods", kind: "Pod", namespace: "tenant-acme", name: "w\u{e9}b")
        let violations = [
            Violation(.podSecurity, "p\u{e9}"), Violation(.tenantLabel, "t"), Violation(.priorityClass, "w"), Violation(.quotaFit, "q"),
            Violation(.containerLimits, "c1"), Violation(.containerLimits, "\u{1F642}"),
        ]
        let decision = Engine.decide(violations, request: request, actor: .tenant, tenant: "acme", platform: platform)
        let expected = [
            FiredRule(rule: .tenantLabel, action: .deny, message: "[tenant-label] Pod tenant-acme/w\u{e9}b: t"),
            FiredRule(rule: .priorityClass, action: .warn, message: "[priority-class] Pod tenant-acme/w\u{e9}b: w"),
            FiredRule(rule: .containerLimits, action: .deny, message: "[container-limits] Pod tenant-acme/w\u{e9}b: c1; \u{1F642}"),
            FiredRule(rule: .quotaFit, action: .audit, message: "[quota-fit] Pod tenant-acme/w\u{e9}b: q"),
            FiredRule(rule: .podSecurity, action: .deny, message: "[pod-security] Pod tenant-acme/w\u{e9}b: p\u{e9}"),
        ]
        XCTAssertEqual(decision.fired, expected)
        XCTAssertEqual(decision.fired.map(\.message), expected.map(\.message))
        XCTAssertTrue(decision.fired.allSatisfy { $0.pendingRange == nil })
        XCTAssertEqual(
            decision.message,
            "tenantry: " + [expected[0], expected[2], expected[4]].map(\.message).joined(separator: "; "))
        XCTAssertEqual(
            decision,
            Decision(allowed: false, actor: .tenant, tenant: "acme", fired: expected, message: decision.message, warnings: decision.warnings))
    }
}
