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

    func testAmountsAreWrittenAsTheStringFormulaWroteThem() {
        // The formulas the text was built by before it was written into a buffer.
        func cpu(_ m: Int64) -> String { m % 1000 == 0 ? String(m / 1000) : String(m) + "m" }
        func memory(_ bytes: Int64) -> String {
            guard bytes != 0 else { return "0" }
            for (shift, suffix) in [(60, "Ei"), (50, "Pi"), (40, "Ti"), (30, "Gi"), (20, "Mi"), (10, "Ki")] as [(Int64, String)]
            where bytes % (Int64(1) << shift) == 0 {
                return String(bytes >> shift) + suffix
            }
            for (factor, suffix) in [(1_000_000_000_000_000_000, "E"), (1_000_000_000_000_000, "P"), (1_000_000_000_000, "T"),
                                     (1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")] as [(Int64, String)]
            where bytes % factor == 0 {
                return String(bytes / factor) + suffix
            }
            return String(bytes)
        }
        var amounts: [Int64] = [0, 1, -1, 9, 10, 999, 1000, 1001, 1024, 1536, 2500, -2500, 1 << 62, .max, .min, .min + 1, 5 << 60]
        for shift in stride(from: 0, to: 63, by: 7) { amounts.append(Int64(1) << shift); amounts.append((Int64(1) << shift) * 3 + 1) }
        var power: Int64 = 1
        for _ in 0...18 {
            amounts.append(power)
            amounts.append(power - 1)
            power = power &* 10
        }
        for amount in amounts {
            XCTAssertEqual(AmountText.cpu(amount), cpu(amount), "\(amount)")
            XCTAssertEqual(AmountText.memory(amount), memory(amount), "\(amount)")
            var text = TextBuilder()
            text.append("[")
            ContainerResource.memory.format(amount, into: &text)
            text.append("|")
            ContainerResource.cpu.format(amount, into: &text)
            XCTAssertEqual(text.text, "[" + memory(amount) + "|" + cpu(amount), "\(amount)")
        }
    }
}

/// `RuleText.isPlain` on bytes checks eight at a time: every byte value at every place of texts up to
/// two words and a half long answers as checking each byte does.
final class RuleTextPlainBytesTests: XCTestCase {
    func testEveryByteAtEveryPlaceAnswersAsEachByteDoes() {
        var checked = 0
        for length in 0...20 {
            for place in 0..<max(length, 1) {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if length > 0 { bytes[place] = UInt8(value) }
                    let expected = bytes.allSatisfy { RuleText.isPlain($0) }
                    let answer = bytes.withUnsafeBufferPointer { RuleText.isPlain($0) }
                    XCTAssertEqual(answer, expected, "length \(length), byte \(value) at \(place)")
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 256 * (1 + (1...20).reduce(0, +)))
        // The edges of the plain range, side by side in one word, and a borrow next to a plain byte.
        for text in ["        ", "~~~~~~~~", " !#[]~}{", "\u{1F}aaaaaaa", "aaaaaaa\u{7F}", "a\u{0}aaaaaa", "!\"!!!!!!", "]]]\\]]]]"] {
            let bytes = Array(text.utf8)
            XCTAssertEqual(bytes.withUnsafeBufferPointer { RuleText.isPlain($0) }, bytes.allSatisfy { RuleText.isPlain($0) }, text.debugDescription)
        }
        XCTAssertTrue(RuleText.isPlain(UnsafeBufferPointer<UInt8>(start: nil, count: 0)), "no bytes")
    }
}
