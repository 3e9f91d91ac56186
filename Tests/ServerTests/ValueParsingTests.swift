import NIOCore
import Server
import XCTest

final class ValueParsingTests: XCTestCase {
    func testDurationsInGoUnits() throws {
        XCTAssertEqual(try ValueParsing.duration("10s"), .seconds(10))
        XCTAssertEqual(try ValueParsing.duration("250ms"), .milliseconds(250))
        XCTAssertEqual(try ValueParsing.duration("2m"), .minutes(2))
        XCTAssertEqual(try ValueParsing.duration("1h"), .hours(1))
        XCTAssertEqual(try ValueParsing.duration("1m30s"), .seconds(90))
        XCTAssertEqual(try ValueParsing.duration("0"), .zero)
    }

    func testDurationErrorsSayWhatIsExpected() {
        for (text, expected) in [
            ("", "empty duration"), ("10", "unit \"\" is not one of ms, s, m, h"), ("10x", "unit \"x\""),
            ("s", "expected a whole number"), ("1.5s", "unit \".\""), ("-1s", "expected a whole number"),
            ("99999999999999h", "expected a whole number"), ("9999999h", "too long"),
        ] {
            XCTAssertThrowsError(try ValueParsing.duration(text), text) { error in
                XCTAssertTrue(String(describing: error).contains(expected), "\(text): \(error)")
            }
        }
    }

    func testByteSizesBinaryUnitsOnly() throws {
        XCTAssertEqual(try ValueParsing.byteSize("16777216"), 16 << 20)
        XCTAssertEqual(try ValueParsing.byteSize("16Mi"), 16 << 20)
        XCTAssertEqual(try ValueParsing.byteSize("16MiB"), 16 << 20)
        XCTAssertEqual(try ValueParsing.byteSize("512Ki"), 512 << 10)
        XCTAssertEqual(try ValueParsing.byteSize("1GiB"), 1 << 30)
        XCTAssertEqual(try ValueParsing.byteSize("100B"), 100)
        for text in ["16M", "16MB", "", "Mi", "1.5Mi", "-1", "999999999999999Gi"] {
            XCTAssertThrowsError(try ValueParsing.byteSize(text), text)
        }
    }

    func testTextFormsRoundTrip() throws {
        for amount in [TimeAmount.seconds(10), .milliseconds(250), .minutes(2), .hours(3), .zero] {
            XCTAssertEqual(try ValueParsing.duration(ValueParsing.durationText(amount)), amount)
        }
        XCTAssertEqual(ValueParsing.durationText(.seconds(120)), "2m")
        XCTAssertEqual(ValueParsing.durationText(.nanoseconds(5)), "5ns")
        for bytes in [16 << 20, 512 << 10, 1 << 30, 1000, 0] {
            XCTAssertEqual(try ValueParsing.byteSize(ValueParsing.byteSizeText(bytes)), bytes)
        }
        XCTAssertEqual(ValueParsing.byteSizeText(16 << 20), "16Mi")
    }

    func testBindAddresses() throws {
        XCTAssertEqual(try BindAddress(parsing: "127.0.0.1:8443"), BindAddress(host: "127.0.0.1", port: 8443))
        XCTAssertEqual(try BindAddress(parsing: "[::1]:8443"), BindAddress(host: "::1", port: 8443))
        XCTAssertEqual(try BindAddress(parsing: ":8443"), BindAddress(host: "0.0.0.0", port: 8443))
        XCTAssertEqual(try BindAddress(parsing: "localhost:0"), BindAddress(host: "localhost", port: 0))
        XCTAssertEqual(BindAddress(host: "::1", port: 8443).description, "[::1]:8443")
        XCTAssertEqual(BindAddress(host: "127.0.0.1", port: 8443).description, "127.0.0.1:8443")
    }

    func testBindAddressErrors() {
        for (text, expected) in [
            ("8443", "has no port"), ("127.0.0.1:", "is not a number"), ("127.0.0.1:70000", "from 0 to 65535"),
            ("::1:8443", "in brackets"), ("[::1:8443", "[ADDRESS]:PORT"), ("host:https", "is not a number"),
        ] {
            XCTAssertThrowsError(try BindAddress(parsing: text), text) { error in
                XCTAssertTrue(String(describing: error).contains(expected), "\(text): \(error)")
            }
        }
    }
}
