import ExternalTools
import Foundation
import JSON
import Logging
import Prometheus
import Server
import XCTest

/// Capture files: what a record holds, rotation, Secret redaction, the bounded queue, an unusable
/// directory, and `tenantry replay` reproducing the server's decisions from them.
final class CaptureTests: XCTestCase {
    var cleanup: [() -> Void] = []

    override func tearDown() {
        for step in cleanup.reversed() { step() }
    }

    private func scratch() throws -> URL {
        let directory = try Repository.temporaryDirectory("capture")
        cleanup.append { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    private func lines(in directory: URL) throws -> [(file: String, record: [String: Any])] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        return try files.flatMap { file in
            try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8).split(separator: "\n").map { line in
                let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
                return (file, record)
            }
        }
    }

    private static let secretReview = #"""
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1",
         "kind":{"group":"","version":"v1","kind":"Secret"},"resource":{"group":"","version":"v1","resource":"secrets"},
         "namespace":"acme-dev","operation":"UPDATE","userInfo":{"username":"alice"},
         "object":{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"acme-dev","labels":{"app":"db"}},
                   "type":"Opaque","data":{"password":"aHVudGVyMg==","user":"YWRtaW4="},"stringData":{"token":"s3cr3t"}},
         "oldObject":{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"acme-dev"},
                   "data":{"password":"b2xk"}}}}
        """#

    func testSecretDataAndStringDataAreRedactedAndTheRestKept() throws {
        let review = try JSONReader.parse(Self.secretReview)
        let redacted = SecretRedaction.redacted(review)
        let text = JSONWriter.string(redacted)
        for secret in ["aHVudGVyMg==", "YWRtaW4=", "s3cr3t", "b2xk"] {
            XCTAssertFalse(text.contains(secret), "\(secret) leaked: \(text)")
        }
        let object = redacted["request"]?["object"]
        XCTAssertEqual(object?["data"]?["password"]?.stringValue, "REDACTED")
        XCTAssertEqual(object?["data"]?["user"]?.stringValue, "REDACTED")
        XCTAssertEqual(object?["stringData"]?["token"]?.stringValue, "REDACTED")
        XCTAssertEqual(redacted["request"]?["oldObject"]?["data"]?["password"]?.stringValue, "REDACTED")
        XCTAssertEqual(object?["metadata"]?["labels"]?["app"]?.stringValue, "db")
        XCTAssertEqual(object?["type"]?.stringValue, "Opaque")
        XCTAssertEqual(redacted["request"]?["uid"]?.stringValue, "u-1")
        XCTAssertEqual(redacted["request"]?["userInfo"]?["username"]?.stringValue, "alice")
    }

    func testOtherKindsAreNotRedacted() throws {
        let configMap = Self.secretReview.replacingOccurrences(of: "Secret", with: "ConfigMap")
            .replacingOccurrences(of: "secrets", with: "configmaps")
        let review = try JSONReader.parse(configMap)
        XCTAssertEqual(SecretRedaction.redacted(review), review)
        // A Secret-named kind of another API group is not a core Secret either.
        let custom = Self.secretReview.replacingOccurrences(of: #""group":"","version":"v1","kind":"Secret""#, with: #""group":"example.com","version":"v1","kind":"Secret""#)
            .replacingOccurrences(of: #""apiVersion":"v1","kind":"Secret""#, with: #""apiVersion":"example.com/v1","kind":"Secret""#)
        let customReview = try JSONReader.parse(custom)
        XCTAssertEqual(SecretRedaction.redacted(customReview), customReview)
    }

    func testFilesRotateAtTheSizeLimitAndOnlyTheNewestAreKept() throws {
        let directory = try scratch()
        let writer = try CaptureWriter(
            directory: directory.path, limits: .init(maxBytes: 100, keepFiles: 3), logger: Logger(label: "test"))
        for index in 0..<20 {
            // 40 bytes with the newline: two fit in a file of 100 bytes, the third starts the next.
            let line = Array(#"{"n":"#.utf8) + Array(String(1000 + index).utf8) + Array(#","pad":"xxxxxxxxxxxxxxxxxxxx"}"#.utf8)
            XCTAssertEqual(line.count + 1, 40)
            XCTAssertTrue(writer.enqueue { line })
        }
        writer.close()
        writer.close()
        // Not written: `kept` below would end in 9999.
        writer.enqueue { Array(#"{"n":9999}"#.utf8) }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(files, ["capture-000008.jsonl", "capture-000009.jsonl", "capture-000010.jsonl"])
        for file in files {
            let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(file).path)[.size] as? Int)
            XCTAssertLessThanOrEqual(size, 100)
        }
        let kept = try lines(in: directory).compactMap { $0.record["n"] as? Int }
        XCTAssertEqual(kept, Array(1014..<1020), "the newest records, in order")
    }

    func testAFullQueueDropsAndCounts() throws {
        let directory = try scratch()
        let metrics = MetricsObserver()
        let writer = try CaptureWriter(
            directory: directory.path, limits: .init(queueCapacity: 1), logger: Logger(label: "test"),
            dropped: metrics.counter("tenantry_capture_dropped_total"))
        let gate = DispatchSemaphore(value: 0)
        XCTAssertTrue(writer.enqueue { gate.wait(); return Array(#"{"first":true}"#.utf8) })
        XCTAssertFalse(writer.enqueue { Array(#"{"second":true}"#.utf8) })
        XCTAssertFalse(writer.enqueue { Array(#"{"third":true}"#.utf8) })
        gate.signal()
        writer.close()
        let exposition = try Exposition(String(decoding: metrics.exposition(inFlight: 0), as: UTF8.self))
        XCTAssertEqual(exposition.value("tenantry_capture_dropped_total"), 2)
        XCTAssertEqual(try lines(in: directory).count, 1)
    }

    func testAnUnusableDirectoryIsAnErrorAtStartup() throws {
        let directory = try scratch()
        let file = directory.appendingPathComponent("not-a-directory")
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try CaptureWriter(directory: file.appendingPathComponent("capture").path, logger: Logger(label: "test"))) { error in
            XCTAssertTrue(String(describing: error).contains("not-a-directory/capture"), String(describing: error))
        }
        XCTAssertThrowsError(try CaptureWriter(directory: file.path, logger: Logger(label: "test")))
    }

    /// The directory vanishes while serving: each failed record is counted, the failure logged once,
    /// and writing resumes when the directory is back.
    func testADirectoryThatBecomesUnusableIsLoggedCountedAndRecoveredFrom() throws {
        let directory = try scratch().appendingPathComponent("capture")
        let logs = LogCapture()
        let metrics = MetricsObserver()
        let writer = try CaptureWriter(
            directory: directory.path, limits: .init(maxBytes: 10), logger: logs.logger(),
            errors: metrics.counter("tenantry_capture_write_errors_total"))
        let record = Array(#"{"record":"0123456789"}"#.utf8)
        XCTAssertTrue(writer.enqueue { record })
        XCTAssertTrue(eventually { writer.queued == 0 })
        try FileManager.default.removeItem(at: directory)
        // Each record is over the size limit, so each one needs a new file in the missing directory.
        for _ in 0..<3 { XCTAssertTrue(writer.enqueue { record }) }
        XCTAssertTrue(eventually { writer.queued == 0 })
        var exposition = try Exposition(String(decoding: metrics.exposition(inFlight: 0), as: UTF8.self))
        XCTAssertEqual(exposition.value("tenantry_capture_write_errors_total"), 3)
        let failures = logs.entries(message: "capture write failed")
        XCTAssertEqual(failures.count, 1, "logged once per run of failures")
        XCTAssertTrue((failures.first?["error"] as? String ?? "").contains("No such file"), "\(failures)")

        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        XCTAssertTrue(writer.enqueue { record })
        writer.close()
        XCTAssertEqual(logs.entries(message: "capture writing again").count, 1)
        XCTAssertEqual(try lines(in: directory).count, 1)
        exposition = try Exposition(String(decoding: metrics.exposition(inFlight: 0), as: UTF8.self))
        XCTAssertEqual(exposition.value("tenantry_capture_write_errors_total"), 3)
    }

    /// `tenantry serve` as an operator runs it: --capture-dir and /metrics on the plain port are wired
    /// up, and a SIGTERM leaves every answered review in the capture.
    func testServeCapturesAndExposesMetrics() throws {
        try ExternalCommand.require("curl")
        let binary = try XCTUnwrap(ServeCommandTests.binary, "tenantry binary not found")
        let directory = try scratch().appendingPathComponent("capture")
        let serving = try ServeProcess.start(binary, [
            "--policies", Repository.policies, "--capture-dir", directory.path, "--capture-max-bytes", "1Mi", "--capture-keep", "2",
        ])
        let command = serving.command
        cleanup.append { command.stopIfRunning() }
        for _ in 0..<3 {
            let answer = try ExternalCommand.run([
                "curl", "-sSk", "-H", "Content-Type: application/json", "--data-binary",
                "@" + Repository.example("pod-create-platform-critical.json"), "https://127.0.0.1:\(serving.port)/validate",
            ])
            XCTAssertTrue(answer.stdout.contains("\"allowed\":false"), answer.output)
        }
        let scrape = try ExternalCommand.run(["curl", "-sS", "http://127.0.0.1:\(serving.metricsPort)/metrics"])
        let metrics = try Exposition(scrape.stdout)
        XCTAssertEqual(metrics.value("tenantry_admission_requests_total", ["decision": "denied"]), 3, scrape.stdout)
        XCTAssertEqual(metrics.value("tenantry_rule_hits_total", ["rule": "priority-class"]), 3)
        XCTAssertEqual(metrics.samples("tenantry_policy_info").count, 1)
        XCTAssertGreaterThan(try XCTUnwrap(metrics.value("tenantry_certificate_not_after_seconds")), Date().timeIntervalSince1970)

        command.process.terminate()
        XCTAssertEqual(command.wait(timeout: 30).status, 0)
        XCTAssertEqual(try lines(in: directory).count, 3)
    }

    func testServeExitsOneWhenTheCaptureDirectoryIsUnusable() throws {
        let binary = try XCTUnwrap(ServeCommandTests.binary, "tenantry binary not found")
        let directory = try scratch()
        let file = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let result = try ExternalCommand.run(
            [binary, "serve", "--addr", "127.0.0.1:0", "--metrics-addr", "off", "--policies", Repository.policies,
             "--capture-dir", file.appendingPathComponent("capture").path], timeout: 30)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot capture"), result.stderr)
    }

    /// The whole loop: the server captures what it answers, `tenantry replay` on the capture directory
    /// reaches the same decisions.
    func testReplayOfTheCaptureReproducesTheServersDecisions() throws {
        try ExternalCommand.require("curl")
        let binary = try XCTUnwrap(ServeCommandTests.binary, "tenantry binary not found")
        let directory = try scratch()
        let writer = try CaptureWriter(directory: directory.path, logger: Logger(label: "test"))
        let server = try TestServer(capture: writer)
        var stopped = false
        cleanup.append { if !stopped { server.stop() } }

        // As the API server does: /mutate first, then /validate with the patched object. Replay
        // mutates and validates every review, so both records of a uid must come to the server's
        // validating answer.
        var answered: [String: (allowed: Bool, rules: [String])] = [:]
        let examples = Repository.exampleFiles
        XCTAssertGreaterThan(examples.count, 5)
        for example in examples {
            let mutated = try server.curl("/mutate?timeout=10s", ["-H", "Content-Type: application/json", "--data-binary", "@" + example])
            XCTAssertEqual(mutated.status, 200, example)
            let patched = directory.deletingLastPathComponent().appendingPathComponent("patched-" + UUID().uuidString + ".json")
            cleanup.append { try? FileManager.default.removeItem(at: patched) }
            try Data(try Self.applyingPatch(of: mutated.body, to: example).utf8).write(to: patched)
            let answer = try server.curl("/validate?timeout=10s", ["-H", "Content-Type: application/json", "--data-binary", "@" + patched.path])
            XCTAssertEqual(answer.status, 200, example)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
            let response = try XCTUnwrap(json["response"] as? [String: Any])
            let uid = try XCTUnwrap(response["uid"] as? String)
            let annotations = response["auditAnnotations"] as? [String: String] ?? [:]
            let rules = annotations.first { $0.key.hasSuffix("rules") }?.value.split(separator: ",").map(String.init) ?? []
            answered[uid] = (try XCTUnwrap(response["allowed"] as? Bool), rules)
        }
        XCTAssertEqual(answered.count, examples.count, "every example has its own uid")
        XCTAssertTrue(answered.values.contains { !$0.allowed } && answered.values.contains { $0.allowed })
        stopped = true
        server.stop()

        let records = try lines(in: directory)
        XCTAssertEqual(records.count, 2 * examples.count)
        XCTAssertEqual(records.filter { $0.record["endpoint"] as? String == "mutate" }.count, examples.count)
        for (_, record) in records {
            XCTAssertTrue(["validate", "mutate"].contains(record["endpoint"] as? String ?? ""))
            XCTAssertNotNil((record["review"] as? [String: Any])?["request"])
            XCTAssertNotNil((record["response"] as? [String: Any])?["response"])
            let time = try XCTUnwrap(record["time"] as? String)
            XCTAssertNotNil(ISO8601DateFormatter.withFractions.date(from: time), time)
        }

        let replay = try ExternalCommand.run([binary, "replay", "--policies", Repository.policies, "--output", "json", directory.path], timeout: 60)
        XCTAssertEqual(replay.status, 0, replay.stderr)
        var replayed = 0
        for line in replay.stdout.split(separator: "\n") {
            let verdict = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let uid = try XCTUnwrap(verdict["uid"] as? String)
            let expected = try XCTUnwrap(answered[uid], "replay produced a uid the server never answered: \(uid)")
            XCTAssertEqual(verdict["allowed"] as? Bool, expected.allowed, uid)
            XCTAssertEqual(verdict["rules"] as? [String], expected.rules.sorted(), uid)
            replayed += 1
        }
        XCTAssertEqual(replayed, 2 * examples.count)
    }

    /// The example review with the mutating answer's patch applied to its object.
    private static func applyingPatch(of mutateAnswer: String, to example: String) throws -> String {
        let review = try JSONReader.parse(try String(contentsOfFile: example, encoding: .utf8))
        let answer = try JSONReader.parse(mutateAnswer)
        guard let encoded = answer["response"]?["patch"]?.stringValue, case .object(var envelope) = review,
            case .object(var request)? = envelope["request"], let object = request["object"]
        else { return JSONWriter.string(review) }
        let patchText = try XCTUnwrap(Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) })
        request["object"] = try JSONPatch(parsing: try JSONReader.parse(patchText)).apply(to: object)
        envelope["request"] = .object(request)
        return JSONWriter.string(.object(envelope))
    }
}

extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
