import ExternalTools
import Foundation
import NIOCore
import Server
import TLS
import XCTest

/// `WebhookServer.shutdown()` in-process: readiness, the listener, requests in flight, the grace period.
final class ShutdownTests: XCTestCase {
    private func startRaw(_ server: TestServer, _ steps: [[String: Any]], settle: Double) throws -> ExternalCommand {
        try ExternalCommand(
            ["python3", Repository.support("raw_http.py"), "--port", String(server.port), "--cafile", server.caFile, "--settle", String(settle)],
            stdin: String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self))
    }

    /// Shuts down on another thread, as the signal handler does; returns when it has finished.
    private func shutdownInBackground(_ server: TestServer) -> XCTestExpectation {
        let done = expectation(description: "shutdown finished")
        let webhook = server.server
        DispatchQueue.global().async {
            webhook.shutdown()
            done.fulfill()
        }
        return done
    }

    func testRequestInFlightFinishesWhileReadinessFailsAndNewConnectionsAreRefused() throws {
        try ExternalCommand.require("curl", "python3")
        let server = try TestServer()
        defer { server.stop() }
        let body = try String(contentsOfFile: Repository.example("pod-create-platform-critical.json"), encoding: .utf8)
        let head = request("POST", "/validate?timeout=10s", headers: [("Content-Type", "application/json"), ("Content-Length", String(body.utf8.count))])
        let split = body.index(body.startIndex, offsetBy: 100)
        let client = try startRaw(server, [["send": head + body[..<split]], ["sleep": 1.5], ["send": String(body[split...])], ["read": 1]], settle: 2)
        XCTAssertTrue(eventually { server.server.lifecycle.inFlightRequests == 1 }, "the request is in flight")

        let done = shutdownInBackground(server)
        XCTAssertTrue(eventually { server.logs.entries(message: "shutting down").count == 1 })
        let readyz = try ExternalCommand.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.metricsPort)/readyz"])
        XCTAssertEqual(readyz.stdout, "503", readyz.output)
        let healthz = try ExternalCommand.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.metricsPort)/healthz"])
        XCTAssertEqual(healthz.stdout, "200", "still alive while draining")
        let refused = try server.curl("/healthz")
        XCTAssertEqual(refused.result.status, 7, "new connections are refused: \(refused.result.output)")

        let exchange = try RawExchange.parse(client.wait())
        XCTAssertEqual(exchange.responses.map(\.status), [200], exchange.output)
        XCTAssertTrue(exchange.responses.first?.body.contains("\"uid\":\"0b7e4d2c-5a19-4f3e-8c6b-1d2e3f4a5b02\"") ?? false)
        XCTAssertTrue(exchange.responses.first?.body.contains("\"allowed\":false") ?? false)
        XCTAssertEqual(exchange.responses.first?.headers["connection"], "close")
        XCTAssertTrue(exchange.closed)
        wait(for: [done], timeout: 10)
        XCTAssertEqual(server.logs.entries(message: "shutting down").first?["inFlight"] as? Int, 1)
        XCTAssertEqual(server.logs.entries(message: "stopped").count, 1)
        XCTAssertEqual(server.logs.entries(message: "shutdown grace period over; closing connections").count, 0)
    }

    func testIdleKeptAliveConnectionsCloseAtOnce() throws {
        try ExternalCommand.require("python3")
        let server = try TestServer()
        defer { server.stop() }
        let client = try startRaw(server, [["send": request("GET", "/healthz")], ["read": 1]], settle: 8)
        XCTAssertTrue(eventually(timeout: 10) { client.stderrSoFar.contains("sent step 0") }, client.stderrSoFar)
        usleep(300_000)  // the health check is answered and the connection sits idle
        let started = Date()
        server.server.shutdown()
        XCTAssertLessThan(Date().timeIntervalSince(started), 3, "an idle connection does not wait for the grace period")
        let exchange = try RawExchange.parse(client.wait())
        XCTAssertEqual(exchange.responses.map(\.status), [200], exchange.output)
        XCTAssertTrue(exchange.closed)
    }

    func testGracePeriodBoundsAStalledRequest() throws {
        try ExternalCommand.require("python3")
        let server = try TestServer { $0.shutdownGrace = .milliseconds(500); $0.readTimeout = .seconds(60) }
        defer { server.stop() }
        let head = request("POST", "/validate", headers: [("Content-Type", "application/json"), ("Content-Length", "1000")])
        let client = try startRaw(server, [["send": head + "{"], ["sleep": 2]], settle: 1)
        XCTAssertTrue(eventually { server.server.lifecycle.inFlightRequests == 1 })
        let started = Date()
        server.server.shutdown()
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(elapsed, 0.5)
        XCTAssertLessThan(elapsed, 5, "the stalled request is cut off after the grace period")
        let forced = server.logs.entries(message: "shutdown grace period over; closing connections")
        XCTAssertEqual(forced.first?["connections"] as? Int, 1)
        XCTAssertEqual(forced.first?["inFlight"] as? Int, 1)
        _ = client.wait()
    }

    func testShutdownIsIdempotentAndWorksBeforeStart() throws {
        let server = try TestServer()
        server.server.shutdown()
        server.server.shutdown()
        server.server.waitUntilStopped()
        XCTAssertEqual(server.logs.entries(message: "stopped").count, 1)
        XCTAssertFalse(server.server.lifecycle.isReady)
        server.certificates.remove()

        let never = WebhookServer(
            configuration: ServerConfiguration(threads: 1),
            policies: try PolicyStore(directory: Repository.policies),
            tls: try TLSContextStore(configuration: SelfSignedCertificate.generate(hosts: ["localhost"]).serverConfiguration()), logger: LogCapture().logger())
        never.shutdown()
        never.waitUntilStopped()
    }
}
