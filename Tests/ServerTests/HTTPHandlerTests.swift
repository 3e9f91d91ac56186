import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
@testable import Server
import XCTest

/// The HTTP side of one connection, without sockets or TLS: NIO's HTTP server handlers, the timeout
/// handler and `AdmissionHTTPHandler` in an EmbeddedChannel, fed raw request bytes, with time under
/// the test's control.
final class HTTPHandlerTests: XCTestCase {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    var channel: EmbeddedChannel!
    var lifecycle: ShutdownController!
    let logs = LogCapture()
    static let readTimeout = TimeAmount.seconds(2)
    static let idleTimeout = TimeAmount.seconds(5)

    override func setUpWithError() throws {
        try makeChannel()
    }

    override func tearDown() {
        _ = try? channel?.finish()
    }

    private func makeChannel(maxBody: Int = 64 << 10) throws {
        lifecycle = ShutdownController()
        let service = AdmissionService(policies: try PolicyStore(directory: Repository.policies), logger: logs.logger(), maxBodyBytes: maxBody)
        let environment = HandlerEnvironment(routes: .admission, service: service, lifecycle: lifecycle, maxBodyBytes: maxBody, logger: logs.logger())
        channel = EmbeddedChannel()
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHTTPServerHandlers(environment: environment, readTimeout: Self.readTimeout, idleTimeout: Self.idleTimeout)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()
    }

    private func send(_ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    private func send(_ bytes: [UInt8]) throws {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
    }

    /// Everything written so far, parsed into responses.
    private func responses() throws -> [Response] {
        var bytes: [UInt8] = []
        while let data = try channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(let buffer) = data { bytes += buffer.readableBytesView }
        }
        var text = Substring(String(decoding: bytes, as: UTF8.self))
        var out: [Response] = []
        while let end = text.range(of: "\r\n\r\n") {
            let lines = text[..<end.lowerBound].split(separator: "\r\n")
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                headers[parts[0].lowercased()] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            }
            let status = Int(lines.first?.split(separator: " ")[1] ?? "") ?? 0
            let length = status < 200 ? 0 : Int(headers["content-length"] ?? "0") ?? 0
            let bodyStart = end.upperBound
            let body = text[bodyStart...].utf8.prefix(length)
            out.append(Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self)))
            text = text[text.utf8.index(bodyStart, offsetBy: body.count)...]
        }
        return out
    }

    private func review(_ name: String, path: String = "/validate?timeout=10s", extra: String = "") throws -> [UInt8] {
        let body = try Repository.exampleBytes(name)
        let head = "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\(extra)\r\n"
        return Array(head.utf8) + body
    }

    // MARK: Routing and answers

    func testHealthEndpoints() throws {
        try send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\nHEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let answers = try responses()
        XCTAssertEqual(answers.map(\.status), [200, 200, 200])
        XCTAssertEqual(answers[0].body, "{\"status\":\"ok\"}\n")
        XCTAssertTrue(answers[1].body.hasPrefix("{\"status\":\"ready\",\"policies\":\""), answers[1].body)
        XCTAssertEqual(answers[2].headers["content-length"], "16", "HEAD announces the GET body's length")
        XCTAssertEqual(answers[2].body, "")
        XCTAssertTrue(channel.isActive)

        _ = lifecycle.beginShutdown()
        try send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try responses().map(\.status), [503, 200], "liveness holds while readiness fails")
    }

    func testAdmissionAnswerHeadersAndKeepAlive() throws {
        try send(try review("pod-create-platform-critical.json") + review("pod-create-acme-defaults-injected.json", path: "/mutate"))
        let answers = try responses()
        XCTAssertEqual(answers.map(\.status), [200, 200])
        for answer in answers {
            XCTAssertEqual(answer.headers["content-type"], "application/json")
            XCTAssertEqual(Int(answer.headers["content-length"] ?? ""), answer.body.utf8.count)
            XCTAssertNil(answer.headers["connection"])
        }
        XCTAssertTrue(answers[0].body.contains("\"allowed\":false"))
        XCTAssertTrue(answers[1].body.contains("\"patchType\":\"JSONPatch\""))
        XCTAssertTrue(channel.isActive, "HTTP/1.1 keeps the connection")
        XCTAssertEqual(lifecycle.inFlightRequests, 0)
    }

    /// The handler uses its last body array and answer buffer again: answers read one by one (so
    /// they are free for the next request) and answers still unread (held by the channel) must both
    /// come out exactly as the service answers each request on its own.
    func testAnswersOnOneConnectionAreEachExactlyTheirOwn() throws {
        let requests: [(String, String)] = [
            ("/validate", "pod-create-platform-critical.json"), ("/mutate", "pod-create-acme-defaults-injected.json"),
            ("/validate", "networkpolicy-create-by-platform-admin.json"), ("/validate", "pod-create-platform-critical.json"),
            ("/mutate", "service-create-nodeport-dry-run.json"), ("/validate", "deployment-create-100-replicas-over-quota.json"),
        ]
        let service = AdmissionService(policies: try PolicyStore(directory: Repository.policies), logger: logs.logger(), maxBodyBytes: 64 << 10)
        var expected: [String] = []
        for (path, name) in requests {
            let endpoint: AdmissionEndpoint = path == "/mutate" ? .mutate : .validate
            expected.append(String(decoding: service.handle(endpoint, body: try Repository.exampleBytes(name)).body, as: UTF8.self))
        }
        var oneByOne: [String] = []
        for (path, name) in requests {
            try send(try review(name, path: path))
            oneByOne += try responses().map(\.body)
        }
        XCTAssertEqual(oneByOne, expected)
        for (path, name) in requests { try send(try review(name, path: path)) }
        XCTAssertEqual(try responses().map(\.body), expected)
        XCTAssertTrue(channel.isActive)
    }

    func testClientAskingToCloseIsClosed() throws {
        try send(try review("pod-create-platform-critical.json", extra: "Connection: close\r\n"))
        XCTAssertEqual(try responses().first?.headers["connection"], "close")
        XCTAssertFalse(channel.isActive)
    }

    func testHTTP10KeepAliveOnlyWhenAsked() throws {
        try send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try responses().first?.headers["connection"], "keep-alive")
        XCTAssertTrue(channel.isActive)
        try send("GET /healthz HTTP/1.0\r\n\r\n")
        XCTAssertEqual(try responses().first?.headers["connection"], "close")
        XCTAssertFalse(channel.isActive)
    }

    func testBodyArrivingInPiecesIsCollected() throws {
        let bytes = try review("pod-create-platform-critical.json")
        for start in stride(from: 0, to: bytes.count, by: 97) {
            try send(Array(bytes[start..<min(bytes.count, start + 97)]))
        }
        let answer = try XCTUnwrap(try responses().first)
        XCTAssertEqual(answer.status, 200)
        XCTAssertTrue(answer.body.contains("0b7e4d2c-5a19-4f3e-8c6b-1d2e3f4a5b02"))
    }

    /// Bodies collected from many parts, one request after another on one connection: each part is
    /// added to its own request's body (taken out of the handler while it grows), and each answer is
    /// exactly what the service answers that body alone.
    func testBodiesArrivingInPiecesOnOneConnectionAreEachTheirOwn() throws {
        let service = AdmissionService(policies: try PolicyStore(directory: Repository.policies), logger: logs.logger(), maxBodyBytes: 64 << 10)
        for name in ["deployment-create-100-replicas-over-quota.json", "pod-create-platform-critical.json", "namespace-create-acme-staging.json"] {
            let expected = service.handle(.validate, body: try Repository.exampleBytes(name)).body
            let bytes = try review(name)
            for start in stride(from: 0, to: bytes.count, by: 61) {
                try send(Array(bytes[start..<min(bytes.count, start + 61)]))
            }
            let answers = try responses()
            XCTAssertEqual(answers.map(\.status), [200], name)
            XCTAssertEqual(answers.first?.body, String(decoding: expected, as: UTF8.self), name)
        }
        XCTAssertTrue(channel.isActive)
    }

    func testChunkedBodyIsAccepted() throws {
        let body = try Repository.exampleBytes("pod-create-platform-critical.json")
        var text = "POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        let half = body.count / 2
        for part in [body[..<half], body[half...]] {
            text += String(part.count, radix: 16) + "\r\n" + String(decoding: part, as: UTF8.self) + "\r\n"
        }
        try send(text + "0\r\n\r\n")
        let answer = try XCTUnwrap(try responses().first)
        XCTAssertEqual(answer.status, 200)
        XCTAssertTrue(answer.body.contains("\"allowed\":false"))
    }

    func testExpectContinueGets100First() throws {
        try send(try review("pod-create-platform-critical.json", extra: "Expect: 100-continue\r\n"))
        XCTAssertEqual(try responses().map(\.status), [100, 200])
    }

    // MARK: Refusals

    func testRefusalsWithoutBodyKeepTheConnection() throws {
        try send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        try send("GET /validate HTTP/1.1\r\nHost: x\r\n\r\n")
        try send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        try send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n")
        let answers = try responses()
        XCTAssertEqual(answers.map(\.status), [404, 405, 405, 411])
        XCTAssertTrue(answers[0].body.contains("no endpoint at /nope"))
        XCTAssertTrue(answers[1].body.contains("only POST is allowed"))
        XCTAssertTrue(answers[2].body.contains("only GET and HEAD are allowed"))
        XCTAssertTrue(answers[3].body.contains("needs a Content-Length"))
        XCTAssertEqual(answers[1].headers["allow"], "POST")
        XCTAssertEqual(answers[2].headers["allow"], "GET, HEAD")
        for answer in answers {
            XCTAssertEqual(answer.headers["content-type"], "application/json")
            XCTAssertNil(answer.headers["connection"])
        }
        XCTAssertTrue(channel.isActive)
        XCTAssertEqual(lifecycle.inFlightRequests, 0)
    }

    /// A refusal is kept for its own request's end only: the requests after it get their own answers.
    func testRefusalsBetweenAdmissionRequestsAnswerOnlyTheirOwn() throws {
        try send(Array("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n".utf8) + review("pod-create-platform-critical.json"))
        try send("GET /validate HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        try send(try review("pod-create-acme-defaults-injected.json", path: "/mutate"))
        let answers = try responses()
        XCTAssertEqual(answers.map(\.status), [404, 200, 405, 200, 200])
        XCTAssertTrue(answers[0].body.contains("no endpoint at /nope"))
        XCTAssertTrue(answers[1].body.contains("\"allowed\":false"))
        XCTAssertTrue(answers[2].body.contains("only POST is allowed"))
        XCTAssertEqual(answers[3].body, #"{"status":"ok"}"# + "\n")
        XCTAssertTrue(answers[4].body.contains("\"patchType\":\"JSONPatch\""))
        XCTAssertTrue(channel.isActive)
        XCTAssertEqual(lifecycle.inFlightRequests, 0)
    }

    func testRefusalOfARequestWithABodyClosesWithoutReadingIt() throws {
        try send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: text/yaml\r\nContent-Length: 100\r\n\r\nkind: Pod")
        let answer = try XCTUnwrap(try responses().first)
        XCTAssertEqual(answer.status, 415)
        XCTAssertEqual(answer.headers["connection"], "close")
        XCTAssertTrue(answer.body.contains("Content-Type \\\"text/yaml\\\" is not supported"), answer.body)
        XCTAssertFalse(channel.isActive)
    }

    func testDeclaredLengthOverTheLimitIs413AtOnce() throws {
        try send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(64 << 10 + 1)\r\n\r\n")
        let answer = try XCTUnwrap(try responses().first)
        XCTAssertEqual(answer.status, 413)
        XCTAssertEqual(answer.headers["connection"], "close")
        XCTAssertTrue(answer.body.contains("65537 bytes exceeds the limit of 65536 bytes"), answer.body)
        XCTAssertFalse(channel.isActive)
    }

    func testStreamedBodyOverTheLimitIs413() throws {
        try send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = String(repeating: "x", count: 16 << 10)
        for _ in 0..<4 {
            try send(String(chunk.count, radix: 16) + "\r\n" + chunk + "\r\n")
            XCTAssertTrue(channel.isActive, "64 KiB is still within the limit")
        }
        try send("1\r\nx\r\n")
        let answer = try XCTUnwrap(try responses().first)
        XCTAssertEqual(answer.status, 413)
        XCTAssertFalse(channel.isActive)
    }

    func testMalformedHTTPIs400AndClosed() throws {
        // Two different lengths: the classic request-smuggling shape, refused by the parser.
        try? send("POST /validate HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")
        XCTAssertEqual(try responses().first?.status, 400)
        XCTAssertFalse(channel.isActive)
    }

    func testMalformedRequestAfterAnAnsweredOneIs400() throws {
        try send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nContent-Length: x\r\n\r\n")
        XCTAssertEqual(try responses().map(\.status), [200, 400])
        XCTAssertFalse(channel.isActive)
        XCTAssertEqual(lifecycle.inFlightRequests, 0)
    }

    func testRequestPipelinedAfterAClosingAnswerIsNotAnswered() throws {
        try send("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
        let answers = try responses()
        XCTAssertEqual(answers.map(\.status), [200])
        XCTAssertEqual(answers.first?.headers["connection"], "close")
        XCTAssertFalse(channel.isActive)
        XCTAssertEqual(lifecycle.inFlightRequests, 0)
    }

    func testMalformedReviewIs400AndKeepsTheConnection() throws {
        try send("POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        let answer = try XCTUnwrap(try responses().first)
        XCTAssertEqual(answer.status, 400)
        XCTAssertTrue(answer.body.contains("\"reason\":\"BadRequest\""))
        XCTAssertTrue(channel.isActive)
    }

    // MARK: Time

    func testSlowBodyGets408AndIsClosed() throws {
        try send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"api")
        channel.embeddedEventLoop.advanceTime(by: Self.readTimeout - .milliseconds(1))
        XCTAssertTrue(channel.isActive)
        XCTAssertEqual(lifecycle.inFlightRequests, 1)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        let answer = try XCTUnwrap(try responses().first)
        XCTAssertEqual(answer.status, 408)
        XCTAssertEqual(answer.headers["connection"], "close")
        XCTAssertTrue(answer.body.contains("request not received within 2s"), answer.body)
        XCTAssertFalse(channel.isActive)
        XCTAssertEqual(lifecycle.inFlightRequests, 0)
        XCTAssertEqual(logs.entries(message: "request timed out").count, 1)
    }

    /// The read deadline is set at the end of the read that brought the head; the body's later reads
    /// do not move it.
    func testBodyTricklingInAfterItsHeadGets408ReadTimeoutAfterTheHead() throws {
        try send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        for _ in 0..<3 {
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
            try send("\"a")
            XCTAssertTrue(channel.isActive)
        }
        channel.embeddedEventLoop.advanceTime(by: Self.readTimeout - .milliseconds(1800) - .milliseconds(1))
        XCTAssertTrue(channel.isActive)
        XCTAssertEqual(try responses().count, 0)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        XCTAssertEqual(try responses().first?.status, 408)
        XCTAssertFalse(channel.isActive)
    }

    func testIdleConnectionIsClosedAfterIdleTimeoutNotReadTimeout() throws {
        try send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try responses().count, 1)
        channel.embeddedEventLoop.advanceTime(by: Self.idleTimeout - .milliseconds(1))
        XCTAssertTrue(channel.isActive, "a kept-alive connection may wait between requests")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        XCTAssertEqual(try responses().count, 0, "no request was owed an answer")
        XCTAssertFalse(channel.isActive)
    }

    func testConnectionThatNeverSendsARequestIsClosed() throws {
        channel.embeddedEventLoop.advanceTime(by: Self.readTimeout)
        XCTAssertEqual(try responses().count, 0)
        XCTAssertFalse(channel.isActive)
    }

    func testTimersAreResetByEachRequest() throws {
        for _ in 0..<3 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            try send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        XCTAssertTrue(channel.isActive)
        XCTAssertEqual(try responses().count, 3)
    }

    func testSlowRequestAfterAKeptAliveOneGets408ReadTimeoutAfterItsHead() throws {
        // The connection's timer is armed for the idle deadline (5 s) after the first answer; the
        // second request's body is late, so its 408 must come 2 s after its head, not at 5 s.
        try send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try responses().count, 1)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        channel.embeddedEventLoop.advanceTime(by: Self.readTimeout - .milliseconds(1))
        XCTAssertTrue(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        XCTAssertEqual(try responses().first?.status, 408)
        XCTAssertFalse(channel.isActive)
    }

    func testIdleTimeoutCountsFromTheLastAnswerNotTheFirst() throws {
        // The timer armed after the first answer fires early for the later deadline and re-arms.
        try send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        try send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try responses().count, 2)
        channel.embeddedEventLoop.advanceTime(by: Self.idleTimeout - .milliseconds(1))
        XCTAssertTrue(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        XCTAssertFalse(channel.isActive)
    }

    // MARK: Shutdown

    func testQuiescingFinishesTheRequestInFlightThenCloses() throws {
        let bytes = try review("pod-create-platform-critical.json")
        try send(Array(bytes.prefix(200)))
        XCTAssertEqual(lifecycle.inFlightRequests, 1)
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        XCTAssertTrue(channel.isActive, "the request in flight is not cut off")
        try send(Array(bytes.dropFirst(200)))
        let answer = try XCTUnwrap(try responses().first)
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.headers["connection"], "close")
        XCTAssertTrue(answer.body.contains("\"allowed\":false"))
        XCTAssertFalse(channel.isActive)
        XCTAssertEqual(lifecycle.inFlightRequests, 0)
    }

    func testQuiescingAnIdleConnectionClosesIt() throws {
        try send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try responses()
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        XCTAssertFalse(channel.isActive)
    }

    func testClientVanishingMidRequestIsNotCountedInFlight() throws {
        try send("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        XCTAssertEqual(lifecycle.inFlightRequests, 1)
        channel.pipeline.fireChannelInactive()
        XCTAssertEqual(lifecycle.inFlightRequests, 0)
    }
}
