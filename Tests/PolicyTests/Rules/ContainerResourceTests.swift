import XCTest

@testable import Policy

/// `ContainerResource.amount(ofUTF8:)` reads the common forms in 64 bits and leaves the rest to the exact
/// parser: every answer must be the parser's.
final class ContainerResourceTests: XCTestCase {
    func testAmountsAgreeWithTheExactParser() {
        let numbers = ["0", "1", "2", "250", "007", "1.5", ".5", "5.", "+1", "-1", "", "999999999999999999", "1000000000000000000",
                       "9223372036854775807", "9223372036854775808", "18446744073709551616", "123456789012345678901234567890"]
        let suffixes = ["", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "e3", "E-2", "x", "mi",
                        "KI", "K", "ki", "Mx", "Gii", "m1", "i"]
        var checked = 0
        for number in numbers {
            for suffix in suffixes {
                let text = number + suffix
                for resource in ContainerResource.both {
                    let exact = (try? Quantity(parsing: text)).map(resource.amount)
                    let read = Array(text.utf8).withUnsafeBufferPointer { resource.amount(ofUTF8: $0) }
                    XCTAssertEqual(read, exact, "\(resource.rawValue) \(text.debugDescription)")
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, numbers.count * suffixes.count * 2)
    }

    func testCommonFormsReadExactly() {
        func amount(_ text: String, _ resource: ContainerResource) -> Int64? {
            Array(text.utf8).withUnsafeBufferPointer { resource.amount(ofUTF8: $0) }
        }
        XCTAssertEqual(amount("250m", .cpu), 250)
        XCTAssertEqual(amount("2", .cpu), 2000)
        XCTAssertEqual(amount("512Mi", .memory), 512 << 20)
        XCTAssertEqual(amount("1G", .memory), 1_000_000_000)
        XCTAssertEqual(amount("1500m", .memory), 2, "rounded up to a whole byte")
        XCTAssertEqual(amount("9223372036854775807", .cpu), .max, "saturates, as the parser does")
        XCTAssertNil(amount("lots", .cpu))
        XCTAssertNil(amount("", .memory))
    }
}
