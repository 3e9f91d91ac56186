import JSON
import XCTest
@testable import Policy

/// Kubernetes quantities parsed exactly: millicores for cpu (`milliValue`), bytes or counts (`value`),
/// both rounded up like apimachinery's `MilliValue()` and `Value()`.
final class QuantityTests: XCTestCase {
    private func q(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Quantity? {
        do {
            return try Quantity(parsing: text)
        } catch {
            XCTFail("\"\(text)\" should parse: \(error)", file: file, line: line)
            return nil
        }
    }

    private func milli(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Int64? {
        q(text, file: file, line: line)?.milliValue
    }

    private func value(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Int64? {
        q(text, file: file, line: line)?.value
    }

    func testCPUForms() {
        XCTAssertEqual(milli("100m"), 100)
        XCTAssertEqual(milli("0.5"), 500)
        XCTAssertEqual(milli("2"), 2000)
        XCTAssertEqual(milli("1.5"), 1500)
        XCTAssertEqual(milli("250000u"), 250)
        XCTAssertEqual(milli("1000000n"), 1)
        XCTAssertEqual(milli(".5"), 500)
        XCTAssertEqual(milli("5."), 5000)
        XCTAssertEqual(milli("+1"), 1000)
        XCTAssertEqual(milli("0"), 0)
    }

    func testBinarySuffixes() {
        XCTAssertEqual(value("128Mi"), 134_217_728)
        XCTAssertEqual(value("1.5Gi"), 1_610_612_736)
        XCTAssertEqual(value("1Ki"), 1024)
        XCTAssertEqual(value("1Ti"), 1 << 40)
        XCTAssertEqual(value("1Pi"), 1 << 50)
        XCTAssertEqual(value("1Ei"), 1 << 60)
        XCTAssertEqual(value("0.5Ki"), 512)
    }

    func testDecimalSuffixesAndExponents() {
        XCTAssertEqual(value("1G"), 1_000_000_000)
        XCTAssertEqual(value("2k"), 2000)
        XCTAssertEqual(value("3M"), 3_000_000)
        XCTAssertEqual(value("1T"), 1_000_000_000_000)
        XCTAssertEqual(value("1P"), 1_000_000_000_000_000)
        XCTAssertEqual(value("1e3"), 1000)
        XCTAssertEqual(value("1E3"), 1000)
        XCTAssertEqual(value("1e+3"), 1000)
        XCTAssertEqual(milli("1e-3"), 1)
        XCTAssertEqual(value("2.5e2"), 250)
        // `E` alone is exa (10^18); `E3` is an exponent.
        XCTAssertEqual(value("1E"), 1_000_000_000_000_000_000)
        XCTAssertEqual(value("1E3"), 1000)
    }

    func testRoundsUp() {
        // 0.1 millicore is 1 millicore, as apimachinery's MilliValue rounds it.
        XCTAssertEqual(milli("0.1m"), 1)
        XCTAssertEqual(milli("1001u"), 2)
        XCTAssertEqual(value("0.1"), 1)
        XCTAssertEqual(value("100m"), 1)
        XCTAssertEqual(value("1.0000001"), 2)
        // Exact values do not move.
        XCTAssertEqual(milli("1000u"), 1)
        XCTAssertEqual(value("1000m"), 1)
    }

    func testNegativeQuantities() throws {
        let negative = try XCTUnwrap(q("-100m"))
        XCTAssertTrue(negative.isNegative)
        XCTAssertEqual(negative.milliValue, -100)
        // Rounding up moves a negative amount towards zero.
        XCTAssertEqual(milli("-0.1m"), 0)
        XCTAssertEqual(value("-1.5"), -1)
        // Minus zero is not negative.
        XCTAssertEqual(q("-0")?.isNegative, false)
        XCTAssertEqual(q("+1")?.isNegative, false)
    }

    func testTextIsKeptAsWritten() {
        XCTAssertEqual(q("1.50Gi")?.text, "1.50Gi")
        XCTAssertEqual(q("+1")?.description, "+1")
    }

    func testHugeAmountsSaturateTowardsTooLarge() {
        XCTAssertEqual(value("10E"), .max)  // 10^19 bytes: past Int64
        XCTAssertEqual(milli("9223372036854775807"), .max)
        XCTAssertEqual(value("99999999999999999999999999999999999999999999Ei"), .max)
        XCTAssertEqual(value("1e9999"), .max)
        XCTAssertEqual(value("-10E"), .min)
        // More significant digits than 128 bits hold: counted as too large rather than guessed.
        XCTAssertEqual(milli("1.0000000000000000000000000000000000000000001"), .max)
    }

    func testLongFractionsStayExact() {
        // Trailing zeros of a fraction add nothing, however many there are.
        XCTAssertEqual(milli("0.50000000000000000000000000000000000000000000000000"), 500)
        XCTAssertEqual(value("1.00000000000000000000000000000000000000000000000000Gi"), 1 << 30)
        XCTAssertEqual(milli("0.0000000000000000000000000000001000000000000000000000000000000"), 1)
    }

    func testTinyAmountsRoundUpToOneUnit() {
        // Below what 128 bits can tell apart from zero, but not zero: rounds up like any fraction.
        XCTAssertEqual(value("1e-9999"), 1)
        XCTAssertEqual(milli("0.000000000000000000000000000000000000000000001"), 1)
        XCTAssertEqual(value("0e-9999"), 0)
        XCTAssertEqual(value("0.000000000000000000000000000000000000000000000"), 0)
        XCTAssertEqual(value("-1e-9999"), 0)
    }

    func testInvalidQuantities() {
        let cases: [(String, String)] = [
            ("1.2.3", "invalid quantity \"1.2.3\": unknown suffix \".3\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
            ("1Zi", "invalid quantity \"1Zi\": unknown suffix \"Zi\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
            ("abc", "invalid quantity \"abc\": expected a number"),
            ("", "invalid quantity \"\": empty quantity"),
            ("1e", "invalid quantity \"1e\": unknown suffix \"e\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
            ("--1", "invalid quantity \"--1\": expected a number"),
            (".", "invalid quantity \".\": expected a number"),
            ("1K", "invalid quantity \"1K\": unknown suffix \"K\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
            ("1ki", "invalid quantity \"1ki\": unknown suffix \"ki\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
            (" 1", "invalid quantity \" 1\": expected a number"),
            ("1 ", "invalid quantity \"1 \": unknown suffix \" \" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
            ("1e10000", "invalid quantity \"1e10000\": unknown suffix \"e10000\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
            ("1Mi3", "invalid quantity \"1Mi3\": unknown suffix \"Mi3\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
            // The Kelvin sign is canonically equivalent to "K" for Swift's ==, but not a unit to the API server.
            ("1\u{212A}i", "invalid quantity \"1\u{212A}i\": unknown suffix \"\u{212A}i\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
            ("1\u{FF2D}", "invalid quantity \"1\u{FF2D}\": unknown suffix \"\u{FF2D}\" (expected one of n u m k M G T P E Ki Mi Gi Ti Pi Ei or an exponent like e3)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try Quantity(parsing: text), "\"\(text)\"") { error in
                XCTAssertEqual((error as? QuantityError)?.description, message)
                XCTAssertEqual((error as? QuantityError)?.text, text)
            }
        }
    }

    func testFromJSON() {
        XCTAssertEqual(Quantity(JSON.string("500m"))?.milliValue, 500)
        XCTAssertEqual(Quantity(JSON(integerLiteral: 2))?.milliValue, 2000)
        XCTAssertEqual(Quantity(JSON.number(JSONNumber(uncheckedText: "0.5")))?.milliValue, 500)
        XCTAssertNil(Quantity(JSON.string("lots")))
        XCTAssertNil(Quantity(JSON.bool(true)))
        XCTAssertNil(Quantity(JSON.null))
        XCTAssertNil(Quantity(nil))
        XCTAssertNil(Quantity(JSON.array([])))
    }
}
