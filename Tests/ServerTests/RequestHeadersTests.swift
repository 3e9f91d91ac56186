import NIOHTTP1
@testable import Server
import XCTest

/// `RequestHeaders` reads in one pass what NIO's lookups by name found: each answer is checked
/// against those lookups.
final class RequestHeadersTests: XCTestCase {
    private func headers(_ pairs: [(String, String)]) -> HTTPHeaders {
        HTTPHeaders(pairs)
    }

    func testNamesMatchInAnyCaseAndOnlyWholly() {
        let cases: [(String, Bool)] = [
            ("content-length", true), ("Content-Length", true), ("CONTENT-LENGTH", true), ("cOnTeNt-LeNgTh", true),
            ("content-lengthx", false), ("content-lengt", false), ("content_length", false), ("xontent-length", false),
            ("content-lengtH", true), ("content-lenGth", true), ("", false),
        ]
        for (name, matches) in cases {
            XCTAssertEqual(RequestHeaders.nameIs(name, "content-length"), matches, name)
            XCTAssertEqual(RequestHeaders(headers([(name, "5")])).contentLength, matches ? 5 : nil, name)
            XCTAssertEqual(RequestHeaders(headers([(name, "5")])).contentLength, RequestCheck.contentLength(headers([(name, "5")])), name)
        }
        // Shorter than a word: compared byte by byte.
        XCTAssertTrue(RequestHeaders.nameIs("Expect", "expect"))
        XCTAssertFalse(RequestHeaders.nameIs("Expecx", "expect"))
        XCTAssertFalse(RequestHeaders.nameIs("expec", "expect"))
    }

    func testTheFirstOfRepeatedHeadersCounts() {
        let repeated = headers([
            ("Content-Type", "text/plain"), ("content-type", "application/json"), ("content-length", "7"), ("Content-Length", "9"),
        ])
        let read = RequestHeaders(repeated)
        XCTAssertEqual(read.contentType, "text/plain")
        XCTAssertEqual(read.contentType, repeated.first(name: "content-type"))
        XCTAssertEqual(read.contentLength, 7)
        XCTAssertEqual(read.contentLength, RequestCheck.contentLength(repeated))
    }

    func testLengthsAsIntReadsThem() {
        for value in ["0", "7", "4096", "000123", "999999999999999999", "9223372036854775807", "9223372036854775808",
                      "99999999999999999999", "+5", "-5", " 5", "5 ", "5a", "", "0x10", "١٢"]
        {
            XCTAssertEqual(RequestHeaders.decimal(value), Int(value), value)
            XCTAssertEqual(RequestHeaders(headers([("content-length", value)])).contentLength, Int(value), value)
        }
    }

    func testChunkedAndExpectAreReadAsNIOListsThem() {
        let cases: [([(String, String)], chunked: Bool, continues: Bool)] = [
            ([], false, false),
            ([("Transfer-Encoding", "chunked")], true, false),
            ([("transfer-encoding", "gzip, Chunked")], true, false),
            ([("transfer-encoding", "gzip")], false, false),
            ([("Expect", "100-continue")], false, true),
            ([("expect", "100-Continue")], false, true),
            ([("expect", "something-else")], false, false),
        ]
        for (pairs, chunked, continues) in cases {
            let all = headers(pairs)
            let read = RequestHeaders(all)
            XCTAssertEqual(read.isChunked(all), chunked, "\(pairs)")
            XCTAssertEqual(read.isChunked(all), RequestCheck.isChunked(all), "\(pairs)")
            XCTAssertEqual(read.expectsContinue(all), continues, "\(pairs)")
        }
    }

    func testBodyIsDeclaredByALengthAboveZeroOrChunks() {
        XCTAssertFalse(RequestHeaders(headers([])).hasBody(headers([])))
        XCTAssertFalse(RequestHeaders(headers([("content-length", "0")])).hasBody(headers([("content-length", "0")])))
        XCTAssertTrue(RequestHeaders(headers([("content-length", "1")])).hasBody(headers([("content-length", "1")])))
        let chunked = headers([("transfer-encoding", "chunked")])
        XCTAssertTrue(RequestHeaders(chunked).hasBody(chunked))
        XCTAssertTrue(RequestCheck.hasBody(chunked))
    }

    func testMethodsCompareAsNIOComparesThem() {
        XCTAssertTrue(RequestCheck.isMethod(.POST, .POST))
        XCTAssertTrue(RequestCheck.isMethod(.HEAD, .HEAD))
        XCTAssertTrue(RequestCheck.isMethod(.GET, .GET))
        XCTAssertFalse(RequestCheck.isMethod(.GET, .POST))
        XCTAssertFalse(RequestCheck.isMethod(.PUT, .POST))
        // NIO's `==` compares the raw strings.
        XCTAssertEqual(RequestCheck.isMethod(.RAW(value: "POST"), .POST), HTTPMethod.RAW(value: "POST") == .POST)
        XCTAssertFalse(RequestCheck.isMethod(.RAW(value: "PRI"), .POST))
        let methods: [HTTPMethod] = [
            .GET, .HEAD, .POST, .PUT, .DELETE, .PATCH, .OPTIONS, .CONNECT, .TRACE, .RAW(value: "GET"), .RAW(value: "HEAD"),
            .RAW(value: "POST"), .RAW(value: "post"), .RAW(value: "BREW"),
        ]
        for method in methods {
            for expected in methods {
                XCTAssertEqual(RequestCheck.isMethod(method, expected), method == expected, "\(method) \(expected)")
            }
        }
    }

    func testExactJSONTypeAndItsNearMisses() {
        XCTAssertTrue(RequestCheck.isJSON("application/json"))
        for type in ["application/jsoN", "application/jsox", "applicationXjson", "application/json;", "application/js"] {
            XCTAssertEqual(RequestCheck.isJSON(type), type.lowercased().hasPrefix("application/json"), type)
        }
    }
}
