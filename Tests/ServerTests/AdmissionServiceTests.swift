import Admission
import Foundation
import NIOConcurrencyHelpers
import NIOHTTP1
import Policy
import Server
import XCTest

/// Records every event the service reports.
final class RecordingObserver: AdmissionObserver {
    private let box = NIOLockedValueBox<([AdmissionEvent], [ReloadEvent])>(([], []))
    var admissions: [AdmissionEvent] { box.withLockedValue { $0.0 } }
    var reloads: [ReloadEvent] { box.withLockedValue { $0.1 } }
    func admissionCompleted(_ event: AdmissionEvent) { box.withLockedValue { $0.0.append(event) } }
    func reloadCompleted(_ event: ReloadEvent) { box.withLockedValue { $0.1.append(event) } }
}

final class AdmissionServiceTests: XCTestCase {
    let logs = LogCapture()
    let observer = RecordingObserver()

    private func service() throws -> AdmissionService {
        AdmissionService(policies: try PolicyStore(directory: Repository.policies), logger: logs.logger(), observer: observer, maxBodyBytes: 16 << 20)
    }

    private func json(_ reply: HTTPReply) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any])
    }

    func testDenialAboveTheLogLevelIsAnsweredButNotLogged() throws {
        let quiet = AdmissionService(
            policies: try PolicyStore(directory: Repository.policies), logger: logs.logger(level: .warning), maxBodyBytes: 16 << 20)
        let reply = quiet.handle(.validate, body: try Repository.exampleBytes("pod-create-platform-critical.json"))
        XCTAssertEqual((try json(reply)["response"] as? [String: Any])?["allowed"] as? Bool, false)
        XCTAssertEqual(logs.entries(message: "denied").count, 0)
    }

    func testDenialIsAnsweredAndLoggedOnceWithWhoAndWhy() throws {
        let reply = try service().handle(.validate, body: try Repository.exampleBytes("pod-create-platform-critical.json"))
        XCTAssertEqual(reply.status, .ok)
        let body = try json(reply)
        XCTAssertEqual(body["apiVersion"] as? String, "admission.k8s.io/v1")
        XCTAssertEqual(body["kind"] as? String, "AdmissionReview")
        let response = try XCTUnwrap(body["response"] as? [String: Any])
        XCTAssertEqual(response["uid"] as? String, "0b7e4d2c-5a19-4f3e-8c6b-1d2e3f4a5b02")
        XCTAssertEqual(response["allowed"] as? Bool, false)
        XCTAssertNil(response["patch"])
        let status = try XCTUnwrap(response["status"] as? [String: Any])
        XCTAssertEqual(status["code"] as? Int, 403)
        XCTAssertTrue((status["message"] as? String ?? "").hasPrefix("tenantry: [priority-class] Pod tenant-acme/"), "\(status)")

        let denials = logs.entries(message: "denied")
        XCTAssertEqual(denials.count, 1)
        let denial = try XCTUnwrap(denials.first)
        XCTAssertEqual(denial["uid"] as? String, "0b7e4d2c-5a19-4f3e-8c6b-1d2e3f4a5b02")
        XCTAssertEqual(denial["tenant"] as? String, "acme")
        XCTAssertEqual(denial["actor"] as? String, "tenant")
        XCTAssertEqual(denial["rules"] as? [String], ["priority-class"])
        XCTAssertEqual(denial["operation"] as? String, "CREATE")
        XCTAssertEqual(denial["resource"] as? String, "pods")
        XCTAssertEqual(denial["namespace"] as? String, "tenant-acme")
        XCTAssertEqual(denial["message"] as? String, status["message"] as? String)
    }

    func testAllowedRequestsLogNothing() throws {
        let service = try service()
        for example in ["networkpolicy-create-by-platform-admin.json", "pdb-create-max-unavailable-zero.json"] {
            let reply = service.handle(.validate, body: try Repository.exampleBytes(example))
            XCTAssertEqual(try XCTUnwrap(try json(reply)["response"] as? [String: Any])["allowed"] as? Bool, true, example)
        }
        XCTAssertEqual(logs.rawLines, [])
    }

    func testMutateAnswersWithABase64JSONPatch() throws {
        let reply = try service().handle(.mutate, body: try Repository.exampleBytes("pod-create-acme-defaults-injected.json"))
        let response = try XCTUnwrap(try json(reply)["response"] as? [String: Any])
        XCTAssertEqual(response["allowed"] as? Bool, true)
        XCTAssertEqual(response["patchType"] as? String, "JSONPatch")
        let patch = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(response["patch"] as? String)))
        let operations = try XCTUnwrap(try JSONSerialization.jsonObject(with: patch) as? [[String: Any]])
        XCTAssertTrue(operations.contains { $0["path"] as? String == "/metadata/labels/tenant" }, "\(operations)")
        XCTAssertEqual(logs.entries(message: "denied").count, 0, "mutation never denies")
    }

    func testDeleteAndConnectGetNoPatch() throws {
        let service = try service()
        for example in ["networkpolicy-delete-by-tenant.json", "pod-exec-connect-acme-into-globex.json"] {
            let response = try XCTUnwrap(try json(service.handle(.mutate, body: try Repository.exampleBytes(example)))["response"] as? [String: Any])
            XCTAssertNil(response["patch"], example)
            XCTAssertNil(response["patchType"], example)
        }
    }

    func testV1beta1IsAnsweredInV1beta1() throws {
        let service = try service()
        for endpoint in AdmissionEndpoint.allCases {
            let body = try json(service.handle(endpoint, body: try Repository.exampleBytes("service-create-loadbalancer-globex-v1beta1.json")))
            XCTAssertEqual(body["apiVersion"] as? String, "admission.k8s.io/v1beta1", "\(endpoint)")
        }
    }

    func testBareRequestIsAnsweredAsV1() throws {
        let bare = #"{"uid":"bare-1","kind":{"group":"","version":"v1","kind":"ConfigMap"},"resource":{"group":"","version":"v1","resource":"configmaps"},"namespace":"default","operation":"CREATE","userInfo":{"username":"u"},"object":{"metadata":{"name":"x"}}}"#
        let body = try json(try service().handle(.validate, body: Array(bare.utf8)))
        XCTAssertEqual(body["apiVersion"] as? String, "admission.k8s.io/v1")
        XCTAssertEqual((body["response"] as? [String: Any])?["uid"] as? String, "bare-1")
    }

    func testMalformedReviewsAre400NamingWhatIsWrong() throws {
        let service = try service()
        let cases: [(String, String)] = [
            ("", "malformed JSON"),
            ("{", "malformed JSON"),
            ("[1]", "expected an AdmissionReview object"),
            (#"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{}}"#, "apiVersion"),
            (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":7}}"#, "request.uid"),
        ]
        for (input, expected) in cases {
            let reply = service.handle(.validate, body: Array(input.utf8))
            XCTAssertEqual(reply.status, .badRequest, input)
            let body = try json(reply)
            XCTAssertEqual(body["kind"] as? String, "Status")
            XCTAssertEqual(body["code"] as? Int, 400)
            XCTAssertEqual(body["reason"] as? String, "BadRequest")
            let message = body["message"] as? String ?? ""
            XCTAssertTrue(message.hasPrefix("malformed AdmissionReview: "), message)
            XCTAssertTrue(message.contains(expected), "\(input): \(message)")
        }
        XCTAssertEqual(logs.entries(message: "malformed admission request").count, cases.count)
    }

    func testObserverSeesEveryAnswer() throws {
        let service = try service()
        let denied = try Repository.exampleBytes("pod-create-platform-critical.json")
        _ = service.handle(.validate, body: denied)
        _ = service.handle(.mutate, body: try Repository.exampleBytes("pod-create-acme-defaults-injected.json"))
        let malformedReply = service.handle(.validate, body: Array("nope".utf8))
        let events = observer.admissions
        XCTAssertEqual(events.map(\.endpoint), [.validate, .mutate, .validate])
        XCTAssertEqual(events.map(\.tenant), ["acme", "acme", "none"])
        XCTAssertEqual(events[0].requestBody, denied)
        XCTAssertEqual(events[2].responseBody, malformedReply.body)
        XCTAssertEqual(Set(events.map(\.policyHash)), [service.policies.current.contentHash])
        XCTAssertTrue(events.allSatisfy { $0.latency > .zero && $0.latency < .seconds(5) })
        guard case .validated(let decision) = events[0].result, !decision.allowed else { return XCTFail("expected a denial") }
        guard case .mutated(let outcome) = events[1].result, !outcome.patch.isEmpty else { return XCTFail("expected a patch") }
        guard case .malformed(let reason) = events[2].result, events[2].review == nil else { return XCTFail("expected malformed") }
        XCTAssertTrue(reason.contains("malformed JSON"), reason)
    }

    func testBodiesAboveTheLimitAreRefusedByTheDecoderToo() throws {
        let service = AdmissionService(policies: try PolicyStore(directory: Repository.policies), logger: logs.logger(), maxBodyBytes: 100)
        let reply = service.handle(.validate, body: try Repository.exampleBytes("pod-create-platform-critical.json"))
        XCTAssertEqual(reply.status, .badRequest)
        XCTAssertTrue(String(decoding: reply.body, as: UTF8.self).contains("exceeds the limit of 100 bytes"))
    }
}
