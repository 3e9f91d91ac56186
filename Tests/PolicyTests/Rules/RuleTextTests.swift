import JSON
import XCTest

@testable import Policy

final class RuleTextTests: XCTestCase {
    func testQuotingKeepsDetailsOnOneLine() {
        XCTAssertEqual(RuleText.quoted("web"), "\"web\"")
        XCTAssertEqual(RuleText.quoted("a\"b\\c\nd\te"), "\"a\\\"b\\\\c\\nd\\te\"")
        XCTAssertEqual(RuleText.quoted("x\u{7}y\u{2028}"), "\"x\\u{7}y\\u{2028}\"")
        XCTAssertEqual(RuleText.quoted("héllo"), "\"héllo\"")
        XCTAssertEqual(RuleText.escaped("a\r\nb"), "a\\r\\nb")
    }

    func testPlainASCIIIsKeptAndEverythingElseStillEscaped() {
        XCTAssertEqual(RuleText.escaped("registry.acme.io/team/app:v1 ~!@#$%^&*()"), "registry.acme.io/team/app:v1 ~!@#$%^&*()")
        XCTAssertEqual(RuleText.escaped("a\u{7F}b"), "a\\u{7f}b")
        XCTAssertEqual(RuleText.escaped("a\u{85}b"), "a\\u{85}b")
        XCTAssertEqual(RuleText.escaped(""), "")
    }

    func testJoinKeepsEveryPieceInOrder() {
        XCTAssertEqual(RuleText.join("a", "", "bc", "é", "💡", String(repeating: "x", count: 40)), "abcé💡" + String(repeating: "x", count: 40))
        XCTAssertEqual(RuleText.join([]), "")
        XCTAssertEqual(RuleText.join("", ""), "")
        // A bridged or substring-made piece (no contiguous native UTF-8 at hand) is copied too.
        let sub = String("--tenant-acme--".dropFirst(2).dropLast(2))
        XCTAssertEqual(RuleText.join("[", sub, "]"), "[tenant-acme]")
        XCTAssertEqual(RuleText.join("[", sub, "]").utf8.count, 13)
    }

    func testAllowedLists() {
        XCTAssertEqual(RuleText.allowed(["a", "b"]), "(allowed: a, b)")
        XCTAssertEqual(RuleText.allowed([String]()), "(allowed: none)")
    }

    func testContainersAreNamedOrLocated() {
        XCTAssertEqual(RuleText.container(.containers, 0, name: JSONStringView("app")), "container \"app\"")
        XCTAssertEqual(RuleText.container(.initContainers, 2, name: nil), "initContainers[2]")
    }

    func testAmountsReadLikeAQuota() {
        XCTAssertEqual(AmountText.cpu(500), "500m")
        XCTAssertEqual(AmountText.cpu(50_000), "50")
        XCTAssertEqual(AmountText.cpu(0), "0")
        XCTAssertEqual(AmountText.memory(512 << 20), "512Mi")
        XCTAssertEqual(AmountText.memory(24 << 30), "24Gi")
        XCTAssertEqual(AmountText.memory(1536 << 20), "1536Mi")
        XCTAssertEqual(AmountText.memory(3_000_000_000), "3G")
        XCTAssertEqual(AmountText.memory(1_000_001), "1000001")
        XCTAssertEqual(AmountText.memory(0), "0")
    }
}
