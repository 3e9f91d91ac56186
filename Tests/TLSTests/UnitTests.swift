@testable import TLS
import XCTest

/// The small pure pieces: ALPN matching over wire-format lists, calendar arithmetic, base64, errors.
final class UnitTests: XCTestCase {
    private func wire(_ names: [String]) -> [UInt8] {
        names.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
    }

    private func match(ours: [String], offered: [UInt8]) throws -> String? {
        let list = try ALPNWireList(ours)
        return offered.withUnsafeBufferPointer { buffer in
            list.firstMatch(in: buffer).map { start, length in
                String(decoding: buffer[start..<(start + Int(length))], as: UTF8.self)
            }
        }
    }

    func testALPNPicksOurFirstProtocolTheClientOffers() throws {
        XCTAssertEqual(try match(ours: ["http/1.1"], offered: wire(["h2", "http/1.1"])), "http/1.1")
        XCTAssertEqual(try match(ours: ["http/1.1", "h2"], offered: wire(["h2", "http/1.1"])), "http/1.1", "server preference wins")
        XCTAssertEqual(try match(ours: ["http/1.1"], offered: wire(["h2"])), nil)
        XCTAssertEqual(try match(ours: ["http/1.1"], offered: wire(["http/1.10", "http/1"])), nil, "prefixes don't match")
    }

    func testALPNIgnoresMalformedClientLists() throws {
        XCTAssertEqual(try match(ours: ["http/1.1"], offered: [8] + Array("http/1.".utf8)), nil, "length past the end")
        XCTAssertEqual(try match(ours: ["http/1.1"], offered: [0] + wire(["http/1.1"])), nil, "empty name")
        XCTAssertEqual(try match(ours: ["http/1.1"], offered: []), nil)
    }

    func testDaysFromCivil() {
        XCTAssertEqual(X509Text.daysFromCivil(year: 1970, month: 1, day: 1), 0)
        XCTAssertEqual(X509Text.daysFromCivil(year: 1969, month: 12, day: 31), -1)
        XCTAssertEqual(X509Text.daysFromCivil(year: 2000, month: 3, day: 1), 11_017)
        XCTAssertEqual(X509Text.daysFromCivil(year: 2038, month: 1, day: 19), 24_855)
        XCTAssertEqual(X509Text.daysFromCivil(year: 2100, month: 3, day: 1), 47_541, "2100 is not a leap year")
    }

    func testBase64MatchesFoundation() {
        for text in ["", "a", "ab", "abc", "abcd", "-----BEGIN CERTIFICATE-----\n"] {
            XCTAssertEqual(SelfSignedCertificate.base64(Array(text.utf8)), Data(text.utf8).base64EncodedString(), text)
        }
    }

    func testErrorDescriptionJoinsOpenSSLMessages() {
        let error = TLSError(.configuration, "key /k does not match certificate /c", openSSLErrors: ["error:1", "error:2"])
        XCTAssertEqual(error.description, "tls: key /k does not match certificate /c: error:1; error:2")
        XCTAssertEqual(TLSError(.handshakeTimeout, "late").description, "tls: late")
    }

    func testIPAddressDetection() {
        XCTAssertTrue(SelfSignedCertificate.isIPAddress("127.0.0.1"))
        XCTAssertTrue(SelfSignedCertificate.isIPAddress("::1"))
        XCTAssertFalse(SelfSignedCertificate.isIPAddress("localhost"))
        XCTAssertFalse(SelfSignedCertificate.isIPAddress("1.2.3"))
    }
}
