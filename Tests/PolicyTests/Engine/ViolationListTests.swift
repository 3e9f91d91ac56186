import Admission
import JSON
import XCTest

@testable import Policy

/// `ViolationList`: details written into one buffer, read back by index, compared and filtered as
/// `[Violation]` was.
final class ViolationListTests: XCTestCase {
    func testEmptyList() {
        let list = ViolationList()
        XCTAssertTrue(list.isEmpty)
        XCTAssertEqual(list.count, 0)
        XCTAssertEqual(list.violations, [])
    }

    func testWrittenAndStringDetailsKeepTheirOrderAndBytes() {
        var list = ViolationList()
        list.append(.quotaFit) { text in
            text.append("a ")
            text.append(Int64(42))
        }
        list.append(Violation(.podSecurity, "caf\u{e9} \u{1F642}"))
        list.append(.quotaFit) { _ in }  // an empty detail is a violation too
        XCTAssertEqual(
            list.violations, [Violation(.quotaFit, "a 42"), Violation(.podSecurity, "caf\u{e9} \u{1F642}"), Violation(.quotaFit, "")])
        XCTAssertEqual(list.rule(at: 1), .podSecurity)
        XCTAssertEqual(list.withDetail(at: 1) { Array($0) }, Array("caf\u{e9} \u{1F642}".utf8))
        XCTAssertEqual(list.withDetail(at: 2) { $0.count }, 0)
    }

    /// Details that outgrow the stack buffer move to the heap with the earlier ones intact.
    func testDetailsOutgrowingTheStackBuffer() {
        let long = String(repeating: "x", count: 300)
        let violations = ViolationList.withStackBuffer(capacity: 16) { list -> [Violation] in
            list.append(.tenantLabel) { $0.append("short") }
            list.append(Violation(.containerLimits, long))
            list.append(.tenantLabel) { text in
                text.append(long)
                text.append("!")
            }
            return list.violations
        }
        XCTAssertEqual(violations, [Violation(.tenantLabel, "short"), Violation(.containerLimits, long), Violation(.tenantLabel, long + "!")])
    }

    /// More violations than the stack holds (eight) or a heap list starts with (four): they move, in order.
    func testViolationsOutgrowingTheirRoom() {
        let values = (0..<21).map { Violation($0 % 2 == 0 ? .quotaFit : .podSecurity, "detail \($0)") }
        let onStack = ViolationList.withStackBuffer { list -> [Violation] in
            for value in values { list.append(value.rule) { $0.append(value.detail) } }
            XCTAssertEqual(list.count, 21)
            return list.violations
        }
        XCTAssertEqual(onStack, values)
        XCTAssertEqual(ViolationList(values).violations, values)
        // Dropping some after growing keeps the rest in order.
        var list = ViolationList(values)
        list.removeViolations(from: 10, foundIn: ViolationList(values.filter { $0.rule == .quotaFit }))
        XCTAssertEqual(list.violations, Array(values[..<10]) + values[10...].filter { $0.rule == .podSecurity })
    }

    func testInitFromValuesRoundTrips() {
        let values = [Violation(.nodeIsolation, "n"), Violation(.nodeIsolation, "n"), Violation(.imageRegistry, "")]
        XCTAssertEqual(ViolationList(values).violations, values)
        XCTAssertEqual(ViolationList([]).count, 0)
    }

    func testIsSameComparesRuleAndDetail() {
        let list = ViolationList([Violation(.quotaFit, "x"), Violation(.podSecurity, "x"), Violation(.quotaFit, "xy"), Violation(.quotaFit, "")])
        let other = ViolationList([Violation(.quotaFit, "x"), Violation(.quotaFit, "")])
        XCTAssertTrue(list.isSame(0, as: 0, of: other))
        XCTAssertFalse(list.isSame(1, as: 0, of: other))  // another rule, same detail
        XCTAssertFalse(list.isSame(2, as: 0, of: other))  // a longer detail with the same start
        XCTAssertTrue(list.isSame(3, as: 1, of: other))  // two empty details
        XCTAssertFalse(list.isSame(0, as: 1, of: other))
    }

    /// Only violations from `start` on are dropped, each one the other list has, duplicates included.
    func testRemoveViolationsFoundInAnother() {
        var list = ViolationList([
            Violation(.clusterScope, "a"), Violation(.quotaFit, "a"), Violation(.quotaFit, "b"), Violation(.quotaFit, "a"), Violation(.podSecurity, "c"),
        ])
        let existing = ViolationList([Violation(.quotaFit, "a"), Violation(.clusterScope, "a")])
        list.removeViolations(from: 1, foundIn: existing)
        XCTAssertEqual(list.violations, [Violation(.clusterScope, "a"), Violation(.quotaFit, "b"), Violation(.podSecurity, "c")])
        // A later violation still reads its own detail once earlier ones are gone.
        XCTAssertEqual(list.withDetail(at: 2) { String(decoding: $0, as: UTF8.self) }, "c")
    }

    func testRemoveViolationsEdgeCases() {
        let values = [Violation(.quotaFit, "a"), Violation(.quotaFit, "b")]
        var list = ViolationList(values)
        list.removeViolations(from: 0, foundIn: ViolationList())  // nothing to compare with
        XCTAssertEqual(list.violations, values)
        list.removeViolations(from: 2, foundIn: ViolationList(values))  // nothing from the end on
        XCTAssertEqual(list.violations, values)
        list.removeViolations(from: -3, foundIn: ViolationList([values[1]]))  // a negative start is the first
        XCTAssertEqual(list.violations, [values[0]])
        list.removeViolations(from: 0, foundIn: ViolationList(values))
        XCTAssertTrue(list.isEmpty)
    }
}
