import JSON
import XCTest

/// JSON equality as RFC 6902 `test` and the patch builder need it: exact numbers, byte-exact strings,
/// member order ignored.
final class JSONEqualityTests: XCTestCase {
    func number(_ text: String) -> JSONNumber {
        guard let n = JSONNumber(text) else {
            XCTFail("\(text) is not a JSON number")
            return JSONNumber(0)
        }
        return n
    }

    func testEqualNumbersWrittenDifferently() {
        let groups = [["1", "1.0", "10e-1", "0.1E1", "1.000e0", "100E-2"], ["0", "-0", "0.0", "0e5"], ["-2.5", "-25e-1", "-0.25E+1"],
                      ["123456789012345678901234567890", "1.2345678901234567890123456789e29"]]
        for group in groups {
            for a in group {
                for b in group { XCTAssertEqual(number(a), number(b), "\(a) == \(b)") }
            }
        }
    }

    func testDifferentNumbersAreNotEqualEvenWhereDoublesWouldBe() {
        let pairs = [("123456789012345678901234567890", "123456789012345678901234567891"), ("9007199254740993", "9007199254740992.0"),
                     ("1e400", "2e400"), ("1", "-1"), ("0.1", "0.01"), ("1e-400", "0")]
        for (a, b) in pairs {
            XCTAssertNotEqual(number(a), number(b), "\(a) != \(b)")
        }
    }

    func testStringsCompareByBytesNotCanonicalEquivalence() {
        let composed = JSON.string("\u{E9}")
        let decomposed = JSON.string("e\u{301}")
        XCTAssertNotEqual(composed, decomposed)
        let object: JSON = ["\u{E9}": 1]
        XCTAssertNil(object["e\u{301}"])
        XCTAssertEqual(object["\u{E9}"], 1)
    }

    func testObjectsIgnoreMemberOrderArraysDoNot() {
        XCTAssertEqual(["a": 1, "b": 2] as JSON, ["b": 2, "a": 1] as JSON)
        XCTAssertNotEqual([1, 2] as JSON, [2, 1] as JSON)
        XCTAssertNotEqual(["a": 1] as JSON, ["a": 1, "b": 2] as JSON)
        XCTAssertNotEqual(JSON.null, JSON.bool(false))
    }
}
