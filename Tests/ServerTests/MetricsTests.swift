import ExternalTools
import Foundation
import Prometheus
import Server
import TLS
import XCTest

/// `/metrics` of the running server after real requests, and the metrics' reactions to reloads.
final class MetricsTests: XCTestCase {
    var cleanup: [() -> Void] = []

    override func tearDown() {
        for step in cleanup.reversed() { step() }
    }

    private func server(policies: String = Repository.policies, metrics: MetricsObserver? = MetricsObserver()) throws -> TestServer {
        let server = try TestServer(policiesDirectory: policies, metrics: metrics)
        cleanup.append { server.stop() }
        return server
    }

    private func post(_ server: TestServer, _ endpoint: String, _ example: String) throws -> [String: Any] {
        let answer = try server.curl(
            "/\(endpoint)?timeout=10s", ["-H", "Content-Type: application/json", "--data-binary", "@" + Repository.example(example)])
        XCTAssertEqual(answer.status, 200, answer.body)
        let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return try XCTUnwrap(json?["response"] as? [String: Any])
    }

    /// Plain HTTP to the metrics port, as Prometheus scrapes it.
    private func scrape(_ server: TestServer) throws -> Exposition {
        let result = try ExternalCommand.run([
            "curl", "-sS", "-D", "/dev/stderr", "http://127.0.0.1:\(server.metricsPort)/metrics",
        ])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.stderr.lowercased().contains("content-type: text/plain; version=0.0.4"), result.stderr)
        return try Exposition(result.stdout)
    }

    func testExpositionCountsRequestsRulesAndLatency() throws {
        try ExternalCommand.require("curl")
        let server = try server()
        let denied = try post(server, "validate", "pod-create-platform-critical.json")
        _ = try post(server, "validate", "pod-create-platform-critical.json")
        XCTAssertEqual(denied["allowed"] as? Bool, false)
        let allowed = try post(server, "validate", "networkpolicy-create-by-platform-admin.json")
        XCTAssertEqual(allowed["allowed"] as? Bool, true)
        let mutated = try post(server, "mutate", "pod-create-acme-defaults-injected.json")
        XCTAssertNotNil(mutated["patch"], "the example is expected to be patched")
        let malformed = try server.curl("/validate", ["-H", "Content-Type: application/json", "--data-binary", #"{"kind":"AdmissionReview"}"#])
        XCTAssertEqual(malformed.status, 400)

        let metrics = try scrape(server)
        let deniedTenant = try XCTUnwrap((denied["auditAnnotations"] as? [String: String])?.first { $0.key.hasSuffix("tenant") }?.value)
        XCTAssertEqual(metrics.value("tenantry_admission_requests_total", ["endpoint": "validate", "decision": "denied", "tenant": deniedTenant]), 2)
        XCTAssertEqual(metrics.value("tenantry_admission_requests_total", ["endpoint": "validate", "decision": "allowed"]), 1)
        XCTAssertEqual(metrics.value("tenantry_admission_requests_total", ["endpoint": "mutate", "decision": "patched"]), 1)
        XCTAssertEqual(metrics.value("tenantry_admission_requests_total", ["endpoint": "validate", "decision": "malformed", "tenant": "none"]), 1)
        XCTAssertEqual(metrics.value("tenantry_admission_requests_total"), 5)
        XCTAssertEqual(
            metrics.value("tenantry_rule_hits_total", ["rule": "priority-class", "tenant": deniedTenant, "action": "deny"]), 2)
        XCTAssertNil(metrics.value("tenantry_rule_hits_total", ["rule": "image-registry"]), "no such rule fired")

        // The histogram: cumulative buckets ending in +Inf, equal to _count.
        let buckets = metrics.samples("tenantry_admission_duration_seconds_bucket", ["endpoint": "validate"])
        XCTAssertEqual(buckets.count, MetricsObserver.latencyBuckets.count + 1)
        let values = buckets.map(\.value)
        XCTAssertEqual(values, values.sorted(), "buckets are cumulative")
        XCTAssertEqual(buckets.first { $0.labels["le"] == "+Inf" }?.value, 4)
        XCTAssertEqual(metrics.value("tenantry_admission_duration_seconds_count", ["endpoint": "validate"]), 4)
        XCTAssertEqual(metrics.value("tenantry_admission_duration_seconds_count", ["endpoint": "mutate"]), 1)
        XCTAssertGreaterThan(try XCTUnwrap(metrics.value("tenantry_admission_duration_seconds_sum", ["endpoint": "validate"])), 0)

        XCTAssertEqual(metrics.value("tenantry_policy_info", ["hash": server.policies.current.contentHash]), 1)
        XCTAssertEqual(metrics.samples("tenantry_policy_info").count, 1)
        let notAfter = try XCTUnwrap(server.tls.certificateNotAfter)
        XCTAssertEqual(metrics.value("tenantry_certificate_not_after_seconds"), Double(notAfter))
        XCTAssertEqual(metrics.value("tenantry_requests_in_flight"), 0, "the scrape does not count itself")
        XCTAssertEqual(metrics.value("tenantry_policy_reloads_total", ["result": "failure"]), 0)

        // The TLS listener serves the same exposition.
        let overTLS = try server.curl("/metrics")
        XCTAssertEqual(overTLS.status, 200)
        XCTAssertEqual(try Exposition(overTLS.body).value("tenantry_admission_requests_total"), 5)
    }

    func testNoMetricsObserverMeansNoMetricsEndpoint() throws {
        try ExternalCommand.require("curl")
        let server = try server(metrics: nil)
        XCTAssertEqual(try server.curl("/metrics").status, 404)
        XCTAssertEqual(try server.curl("/healthz").status, 200)
    }

    func testReloadFailuresAndSuccessesAreCountedAndTheHashFollows() throws {
        try ExternalCommand.require("curl")
        let directory = try Repository.copyOfPolicies()
        cleanup.append { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let server = try server(policies: directory.path)
        let original = server.policies.current.contentHash

        try PolicyFiles.breakPolicies(in: directory)
        server.server.reloader.reloadNow()
        var metrics = try scrape(server)
        XCTAssertEqual(metrics.value("tenantry_policy_reloads_total", ["result": "failure"]), 1)
        XCTAssertEqual(metrics.value("tenantry_policy_reloads_total", ["result": "success"]), 0)
        XCTAssertEqual(metrics.value("tenantry_policy_info", ["hash": original]), 1, "the old set keeps serving")

        try PolicyFiles.fixPolicies(in: directory)
        try PolicyFiles.allowPlatformCritical(in: directory)
        server.server.reloader.reloadNow()
        let current = server.policies.current.contentHash
        XCTAssertNotEqual(current, original)
        metrics = try scrape(server)
        XCTAssertEqual(metrics.value("tenantry_policy_reloads_total", ["result": "success"]), 1)
        XCTAssertEqual(metrics.value("tenantry_policy_info", ["hash": current]), 1)
        XCTAssertEqual(metrics.samples("tenantry_policy_info").count, 1, "the old hash is gone, not left at 0")
    }

    func testCertificateGaugeFollowsReloadEvents() throws {
        let observer = MetricsObserver()
        var exposition = try Exposition(String(decoding: observer.exposition(inFlight: 0), as: UTF8.self))
        XCTAssertEqual(exposition.value("tenantry_certificate_not_after_seconds"), 0, "0 until a certificate is known")
        observer.reloadCompleted(.certificateReloaded(notAfter: 1_900_000_000))
        observer.reloadCompleted(.certificateRejected)
        exposition = try Exposition(String(decoding: observer.exposition(inFlight: 0), as: UTF8.self))
        XCTAssertEqual(exposition.value("tenantry_certificate_not_after_seconds"), 1_900_000_000)
        XCTAssertEqual(exposition.value("tenantry_certificate_reloads_total", ["result": "success"]), 1)
        XCTAssertEqual(exposition.value("tenantry_certificate_reloads_total", ["result": "failure"]), 1)
    }
}
