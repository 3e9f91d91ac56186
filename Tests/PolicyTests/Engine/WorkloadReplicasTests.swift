import JSON
import XCTest

@testable import Policy

/// `WorkloadShape.replicas(in:)` reads the count in the tape for a request's object and through `JSON`
/// otherwise: both must give what `JSON.intValue` gives for the same text.
final class WorkloadReplicasTests: XCTestCase {
    private func shape(_ resource: GroupResource) throws -> WorkloadShape {
        try XCTUnwrap(WorkloadShape.of(resource))
    }

    func testCountsAreReadAlikeInEveryForm() throws {
        let literals = [
            "0", "1", "3", "-2", "-0", "10", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "-9223372036854775809", "99999999999999999999", "1.5", "2.0", "1e2", "-1E1", "0.0", "\"3\"", "\"\"", "true",
            "false", "null", "[]", "[2]", "{}", "{\"replicas\":2}",
        ]
        let deployment = try shape(.deployments)
        for literal in literals {
            let object = try JSONReader.parse(Array(#"{"spec":{"replicas":\#(literal),"template":{"spec":{}}}}"#.utf8))
            let value = try JSONReader.parse(Array(literal.utf8))
            let expected = value.intValue ?? 1
            for (form, shaped) in RuleFixtures.forms(object) {
                XCTAssertEqual(deployment.replicas(in: shaped), expected, "\(literal) \(form)")
            }
        }
    }

    func testMissingCountsAndPathsCountOne() throws {
        let deployment = try shape(.deployments)
        let cronJob = try shape(.cronJobs)
        for text in [#"{}"#, #"{"spec":{}}"#, #"{"spec":5}"#, #"{"spec":[1]}"#, #"[]"#, #"7"#, #"{"spec":{"jobTemplate":{}}}"#] {
            let object = try JSONReader.parse(Array(text.utf8))
            for (form, shaped) in RuleFixtures.forms(object) {
                XCTAssertEqual(deployment.replicas(in: shaped), 1, "\(text) \(form)")
                XCTAssertEqual(cronJob.replicas(in: shaped), 1, "\(text) \(form)")
            }
        }
        let job = try JSONReader.parse(Array(#"{"spec":{"jobTemplate":{"spec":{"parallelism":4}}}}"#.utf8))
        XCTAssertEqual(cronJob.replicas(in: job), 4)
        XCTAssertEqual(try shape(.pods).replicas(in: job), 1, "a Pod is one")
        XCTAssertEqual(try shape(.daemonSets).replicas(in: job), 1, "one per node, checked one pod at a time")
    }

    func testIntegerLiteralsParseAsIntDoes() {
        for text in ["0", "7", "-7", "-0", "007", "123456789", "9223372036854775807", "-9223372036854775808",
                     "9223372036854775808", "-9223372036854775809", "", "-", "+", "+1", "+-1", "-+1", "1.0", "1e3", "1-", "--1", " 1", "1a"] {
            let parsed = Array(text.utf8).withUnsafeBufferPointer { WorkloadShape.integer($0) }
            XCTAssertEqual(parsed, Int(text), text)
        }
    }
}
