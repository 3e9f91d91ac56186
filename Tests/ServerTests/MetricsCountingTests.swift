import Policy
import Server
import XCTest

/// The request and rule-hit counters against what the engine decided, request by request: a tenant
/// comes back after another one (its handles found again in the table, not as the last tenant), a
/// tenant repeats (the last tenant's handles), `none`, both endpoints, and a rule that fired before
/// for the same tenant.
final class MetricsCountingTests: XCTestCase {
    let logs = LogCapture()

    func testCountersFollowTenantsAsTheyAlternate() throws {
        let metrics = MetricsObserver()
        let recorder = RecordingObserver()
        let service = AdmissionService(
            policies: try PolicyStore(directory: Repository.policies), logger: logs.logger(),
            observer: CompositeObserver([metrics, recorder]), maxBodyBytes: 16 << 20)
        // nil: a malformed body (tenant `none`).
        let sequence: [(AdmissionEndpoint, String?)] = [
            (.validate, "pod-create-platform-critical.json"),
            (.validate, "service-create-loadbalancer-globex-v1beta1.json"),
            (.validate, "pod-create-platform-critical.json"),
            (.validate, "pod-create-platform-critical.json"),
            (.validate, nil),
            (.validate, "networkpolicy-create-by-platform-admin.json"),
            (.mutate, "pod-create-acme-defaults-injected.json"),
            (.validate, "pod-exec-connect-acme-into-globex.json"),
            (.validate, nil),
            (.validate, "service-create-loadbalancer-globex-v1beta1.json"),
            (.mutate, "pod-create-acme-defaults-injected.json"),
        ]
        for (endpoint, example) in sequence {
            if let example {
                XCTAssertEqual(service.handle(endpoint, body: try Repository.exampleBytes(example)).status, .ok, example)
            } else {
                XCTAssertEqual(service.handle(endpoint, body: Array(#"{"kind":"AdmissionReview"}"#.utf8)).status, .badRequest)
            }
        }

        var requests: [[String: String]: Double] = [:]
        var hits: [[String: String]: Double] = [:]
        for event in recorder.admissions {
            let decision: String
            switch event.result {
            case .validated(let outcome):
                decision = outcome.allowed ? "allowed" : "denied"
                for hit in outcome.fired {
                    hits[["rule": hit.rule.rawValue, "tenant": event.tenant, "action": hit.action.rawValue], default: 0] += 1
                }
            case .mutated(let outcome):
                decision = outcome.patch.operations.isEmpty ? "unchanged" : "patched"
            case .malformed:
                decision = "malformed"
            }
            requests[["endpoint": event.endpoint.rawValue, "decision": decision, "tenant": event.tenant], default: 0] += 1
        }
        XCTAssertGreaterThanOrEqual(Set(requests.keys.compactMap { $0["tenant"] }).count, 3, "acme, globex and none")
        XCTAssertTrue(hits.values.contains { $0 > 1 }, "some rule should fire more than once for one tenant")

        let exposition = try Exposition(String(decoding: metrics.exposition(inFlight: 0), as: UTF8.self))
        XCTAssertEqual(exposition.samples(MetricsObserver.requestsName).count, requests.count)
        for (labels, count) in requests {
            XCTAssertEqual(exposition.value(MetricsObserver.requestsName, labels), count, "\(labels)")
        }
        XCTAssertEqual(exposition.samples(MetricsObserver.ruleHitsName).count, hits.count)
        for (labels, count) in hits {
            XCTAssertEqual(exposition.value(MetricsObserver.ruleHitsName, labels), count, "\(labels)")
        }
        XCTAssertEqual(exposition.value("tenantry_admission_duration_seconds_count", ["endpoint": "validate"]), 9)
        XCTAssertEqual(exposition.value("tenantry_admission_duration_seconds_count", ["endpoint": "mutate"]), 2)
    }
}
