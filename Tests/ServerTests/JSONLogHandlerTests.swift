import Foundation
import Logging
@testable import Server
import XCTest

final class JSONLogHandlerTests: XCTestCase {
    private func object(_ line: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
    }

    func testOneObjectPerLineWithFixedMembersFirst() throws {
        let capture = LogCapture()
        capture.logger().info("policies reloaded", metadata: ["policyHash": "abc", "tenants": .stringConvertible(2)])
        let line = try XCTUnwrap(capture.rawLines.first)
        XCTAssertTrue(line.hasSuffix("}\n"))
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1)
        XCTAssertTrue(line.hasPrefix(#"{"ts":""#), line)
        let fields = try object(line)
        XCTAssertEqual(fields["level"] as? String, "info")
        XCTAssertEqual(fields["msg"] as? String, "policies reloaded")
        XCTAssertEqual(fields["policyHash"] as? String, "abc")
        XCTAssertEqual(fields["tenants"] as? Int, 2)
        // ts, level, msg, then metadata in key order.
        XCTAssertLessThan(try XCTUnwrap(line.range(of: "\"level\"")).lowerBound, try XCTUnwrap(line.range(of: "\"msg\"")).lowerBound)
        XCTAssertLessThan(try XCTUnwrap(line.range(of: "\"policyHash\"")).lowerBound, try XCTUnwrap(line.range(of: "\"tenants\"")).lowerBound)
    }

    func testTimestampIsRFC3339UTCWithMilliseconds() throws {
        let line = JSONLogHandler.line(level: .info, message: "m", metadata: [:], time: WallClock.Time(seconds: 1_795_736_729, nanoseconds: 123_456_789))
        let ts = try XCTUnwrap(try object(String(decoding: line, as: UTF8.self))["ts"] as? String)
        XCTAssertEqual(ts, "2026-11-26T23:45:29.123Z")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        XCTAssertEqual(formatter.date(from: ts)?.timeIntervalSince1970 ?? 0, 1_795_736_729.123, accuracy: 0.0005)
        let epoch = JSONLogHandler.line(level: .info, message: "m", metadata: [:], time: WallClock.Time(seconds: 0, nanoseconds: 0))
        XCTAssertTrue(String(decoding: epoch, as: UTF8.self).contains(#""ts":"1970-01-01T00:00:00.000Z""#))
    }

    func testLiveTimestampIsNow() throws {
        let capture = LogCapture()
        capture.logger().notice("now")
        let ts = try XCTUnwrap(try object(try XCTUnwrap(capture.rawLines.first))["ts"] as? String)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try XCTUnwrap(formatter.date(from: ts), ts)
        XCTAssertLessThan(abs(date.timeIntervalSinceNow), 5)
    }

    func testMetadataFlattenedArraysKeptAndValuesEscaped() throws {
        let capture = LogCapture()
        var logger = capture.logger()
        logger[metadataKey: "component"] = "server"
        logger.warning("say \"hi\"\nthere", metadata: [
            "tls": ["subject": "CN=x", "san": ["a", "b"]],
            "rules": ["priority-class", "quota-fit"],
            "dryRun": .stringConvertible(true),
            "ratio": .stringConvertible(0.5),
            "msg": "collides",
        ])
        let line = try XCTUnwrap(capture.rawLines.first)
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, "a newline in a message must be escaped")
        let fields = try object(line)
        XCTAssertEqual(fields["msg"] as? String, "say \"hi\"\nthere")
        XCTAssertEqual(fields["meta.msg"] as? String, "collides")
        XCTAssertEqual(fields["component"] as? String, "server")
        XCTAssertEqual(fields["tls.subject"] as? String, "CN=x")
        XCTAssertEqual(fields["tls.san"] as? [String], ["a", "b"])
        XCTAssertEqual(fields["rules"] as? [String], ["priority-class", "quota-fit"])
        XCTAssertEqual(fields["dryRun"] as? Bool, true)
        XCTAssertEqual(fields["ratio"] as? String, "0.5")
        XCTAssertNil(fields["tls"])
    }

    func testErrorsAndProvidedMetadataAreIncluded() throws {
        struct Failure: Error, CustomStringConvertible { var description: String { "it broke" } }
        let capture = LogCapture()
        let sink = capture.sink
        let logger = Logger(label: "t") { _ in
            JSONLogHandler(level: .info, sink: sink, metadataProvider: Logger.MetadataProvider { ["pod": "tenantry-0"] })
        }
        logger.error("failed", error: Failure())
        let fields = try object(try XCTUnwrap(capture.rawLines.first))
        XCTAssertEqual(fields["error"] as? String, "it broke")
        XCTAssertEqual(fields["pod"] as? String, "tenantry-0")
    }

    func testLevelFilters() {
        let capture = LogCapture()
        let logger = capture.logger(level: .notice)
        logger.debug("no")
        logger.info("no")
        logger.notice("yes")
        logger.error("yes")
        XCTAssertEqual(capture.entries.map { $0["msg"] as? String }, ["yes", "yes"])
        XCTAssertEqual(capture.entries.map { $0["level"] as? String }, ["notice", "error"])
    }

    func testConcurrentLinesNeverInterleave() throws {
        let capture = LogCapture()
        let logger = capture.logger()
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            logger.info("line", metadata: ["index": .stringConvertible(index), "pad": .string(String(repeating: "x", count: 500))])
        }
        XCTAssertEqual(capture.entries.count, 200)
        XCTAssertEqual(Set(capture.entries.compactMap { $0["index"] as? Int }).count, 200)
    }
}
