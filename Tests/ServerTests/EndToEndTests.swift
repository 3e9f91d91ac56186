import ExternalTools
import Foundation
import NIOCore
import Server
import XCTest

/// The real server on a loopback port with certificates from `certs/make-dev-certs.sh`, talked to by
/// independent clients: curl, and Python's http.client over its ssl module.
final class EndToEndTests: XCTestCase {
    var server: TestServer?

    override func tearDown() {
        server?.stop()
    }

    private func start(clientCA: Bool = false, configure: (inout ServerConfiguration) -> Void = { _ in }) throws -> TestServer {
        try ExternalCommand.require("curl", "python3")
        let started = try TestServer(clientCA: clientCA, configure: configure)
        server = started
        return started
    }

    /// Runs a Python client script with the server's port, its CA file and the platform-critical pod
    /// review as `sys.argv[1...3]`.
    private func runPython(_ script: String, against server: TestServer) throws -> ExternalCommand.Result {
        try ExternalCommand.run(["python3", "-c", script, String(server.port), server.caFile, Repository.example("pod-create-platform-critical.json")])
    }

    private func object(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func testValidateAndMutateRoundTripWithCurl() throws {
        let server = try start()
        let review = ["-H", "Content-Type: application/json", "--data-binary", "@" + Repository.example("pod-create-acme-defaults-injected.json")]
        let validated = try server.curl("/validate?timeout=10s", review)
        XCTAssertEqual(validated.status, 200, validated.result.output)
        let validation = try XCTUnwrap(try object(validated.body)["response"] as? [String: Any])
        XCTAssertEqual(validation["uid"] as? String, "6f1c2a4e-8b3d-4c7a-9e10-2d5b7c9a1e01")
        XCTAssertEqual(validation["allowed"] as? Bool, false, "without the mutation's limits the pod breaks container-limits")
        XCTAssertNil(validation["patch"])

        let mutated = try server.curl("/mutate?timeout=10s", review)
        XCTAssertEqual(mutated.status, 200, mutated.result.output)
        let mutation = try XCTUnwrap(try object(mutated.body)["response"] as? [String: Any])
        XCTAssertEqual(mutation["allowed"] as? Bool, true)
        XCTAssertEqual(mutation["patchType"] as? String, "JSONPatch")
        let patch = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(mutation["patch"] as? String)))
        let operations = try XCTUnwrap(try JSONSerialization.jsonObject(with: patch) as? [[String: Any]])
        XCTAssertEqual(Set(operations.compactMap { $0["path"] as? String }).isSuperset(of: ["/metadata/labels/tenant", "/spec/nodeSelector"]), true, "\(operations)")
    }

    func testEveryExampleSatisfiesTheContractOverPythonSSL() throws {
        let server = try start()
        let files = Repository.exampleFiles
        XCTAssertGreaterThanOrEqual(files.count, 16)
        let result = try ExternalCommand.run(
            ["python3", Repository.support("admission_contract.py"), "post", "--port", String(server.port), "--cafile", server.caFile] + files,
            timeout: 60)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.stdout.split(separator: "\n").last.map(String.init), "\(files.count) passed, 0 failed", result.output)
    }

    func testEveryExampleOverCurlSatisfiesTheContract() throws {
        let server = try start()
        let scratch = try Repository.temporaryDirectory("curl")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var checks: [String] = []
        for (index, file) in Repository.exampleFiles.enumerated() {
            for endpoint in AdmissionEndpoint.allCases {
                let answer = scratch.appendingPathComponent("\(index)-\(endpoint.rawValue).json").path
                let curl = try ExternalCommand.run([
                    "curl", "-sS", "--cacert", server.caFile, "-o", answer, "-w", "%{http_code}",
                    "-H", "Content-Type: application/json", "--data-binary", "@" + file,
                    server.baseURL + endpoint.path + "?timeout=10s",
                ])
                XCTAssertEqual(curl.stdout, "200", "\(file) \(endpoint): \(curl.output)")
                checks += [endpoint.rawValue, file, answer, curl.stdout]
            }
        }
        let check = try ExternalCommand.run(["python3", Repository.support("admission_contract.py"), "check"] + checks)
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertEqual(check.stdout.split(separator: "\n").last.map(String.init), "\(checks.count / 4) passed, 0 failed", check.output)
    }

    func testTheContractCheckerCatchesBrokenAnswers() throws {
        try ExternalCommand.require("python3")
        let scratch = try Repository.temporaryDirectory("checker")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let review = Repository.example("pod-create-platform-critical.json")
        let uid = "0b7e4d2c-5a19-4f3e-8c6b-1d2e3f4a5b02"
        let broken: [(String, String, String)] = [
            ("validate", #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"other","allowed":true}}"#, "response.uid"),
            ("validate", #"{"kind":"AdmissionReview","response":{"uid":"\#(uid)","allowed":true}}"#, "apiVersion"),
            ("validate", #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"\#(uid)"}}"#, "allowed"),
            ("validate", #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"\#(uid)","allowed":true,"patch":"W10=","patchType":"JSONPatch"}}"#, "may not return patch"),
            ("mutate", #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"\#(uid)","allowed":true,"patch":"W3sib3AiOiJyZW1vdmUiLCJwYXRoIjoiL25vcGUifV0=","patchType":"JSONPatch"}}"#, "does not apply"),
            ("mutate", #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"\#(uid)","allowed":true,"patch":"W10="}}"#, "together"),
        ]
        for (endpoint, answer, expected) in broken {
            let file = scratch.appendingPathComponent("answer.json")
            try answer.write(to: file, atomically: true, encoding: .utf8)
            let check = try ExternalCommand.run(["python3", Repository.support("admission_contract.py"), "check", endpoint, review, file.path, "200"])
            XCTAssertEqual(check.status, 1, check.output)
            XCTAssertTrue(check.stdout.contains(expected), "\(expected): \(check.output)")
        }
    }

    func testErrorStatusesOverTLS() throws {
        let server = try start(configure: { $0.maxBodyBytes = 64 << 10 })
        let kept = try server.raw([
            ["send": request("GET", "/nope")], ["read": 1],
            ["send": request("GET", "/validate?timeout=10s")], ["read": 2],
            ["send": request("POST", "/validate", headers: [("Content-Type", "application/json")])], ["read": 3],
            ["send": request("POST", "/validate?timeout=10s", headers: [("Content-Type", "application/json")], body: #"{"kind":"AdmissionReview"}"#)], ["read": 4],
            ["send": request("POST", "/mutate", headers: [("Content-Type", "application/json")], body: "not json")], ["read": 5],
        ])
        XCTAssertNil(kept.error, kept.output)
        XCTAssertEqual(kept.responses.map(\.status), [404, 405, 411, 400, 400], kept.output)
        XCTAssertFalse(kept.closed, "refusals without a body keep the connection")
        XCTAssertEqual(kept.responses.map { $0.json?["code"] as? Int }, [404, 405, 411, 400, 400])
        XCTAssertTrue(kept.responses[3].message.contains("request: missing"), kept.responses[3].message)
        XCTAssertTrue(kept.responses[4].message.contains("malformed JSON"), kept.responses[4].message)
        XCTAssertEqual(Set(kept.responses.map { $0.headers["content-type"] }), ["application/json"])

        let tooLarge = try server.raw([["send": request("POST", "/validate", headers: [("Content-Type", "application/json"), ("Content-Length", String(64 << 10 + 1))])]])
        XCTAssertEqual(tooLarge.responses.map(\.status), [413], tooLarge.output)
        XCTAssertTrue(tooLarge.closed)

        let notJSON = try server.raw([["send": request("POST", "/validate", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "a=b")]])
        XCTAssertEqual(notJSON.responses.map(\.status), [415], notJSON.output)
        XCTAssertTrue(notJSON.closed)

        let garbage = try server.raw([["send": "NOT HTTP AT ALL\r\n\r\n"]])
        XCTAssertEqual(garbage.responses.map(\.status), [400], garbage.output)
        XCTAssertTrue(garbage.closed)
    }

    func testKeepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try start()
        let review = try String(contentsOfFile: Repository.example("pod-create-platform-critical.json"), encoding: .utf8)
        var steps: [[String: Any]] = []
        for index in 1...5 {
            let path = index % 2 == 0 ? "/mutate?timeout=10s" : "/validate?timeout=10s"
            steps += [["send": request("POST", path, headers: [("Content-Type", "application/json")], body: review)], ["read": index]]
        }
        let exchange = try server.raw(steps)
        XCTAssertEqual(exchange.responses.map(\.status), [200, 200, 200, 200, 200], exchange.output)
        XCTAssertFalse(exchange.closed)
        XCTAssertTrue(exchange.responses.allSatisfy { $0.body.contains("0b7e4d2c-5a19-4f3e-8c6b-1d2e3f4a5b02") })

        // Python's http.client reuses its socket only while the server keeps the connection open.
        let script = """
            import http.client, ssl, sys
            context = ssl.create_default_context(cafile=sys.argv[2])
            connection = http.client.HTTPSConnection("localhost", int(sys.argv[1]), context=context)
            body = open(sys.argv[3], "rb").read()
            sockets = set()
            for _ in range(4):
                connection.request("POST", "/validate?timeout=10s", body=body, headers={"Content-Type": "application/json"})
                answer = connection.getresponse()
                answer.read()
                assert answer.status == 200, answer.status
                sockets.add(id(connection.sock))
            print(len(sockets))
            """
        let python = try runPython(script, against: server)
        XCTAssertEqual(python.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "1", python.output)
    }

    /// Many connections with a request ready at once, so the server reads them in one pass of its
    /// loop and flushes their answers together (`FlushConsolidationHandler`): each connection gets its
    /// own answer, every round, and the connections stay open.
    func testManyConnectionsReadyAtOnceEachGetTheirOwnAnswer() throws {
        let server = try start()
        let script = """
            import http.client, ssl, sys
            context = ssl.create_default_context(cafile=sys.argv[2])
            body = open(sys.argv[3], "rb").read()
            uid = b"0b7e4d2c-5a19-4f3e-8c6b-1d2e3f4a5b02"
            connections = [http.client.HTTPSConnection("localhost", int(sys.argv[1]), context=context) for _ in range(24)]
            for round in range(3):
                for index, connection in enumerate(connections):
                    mine = f"connection-{index}-round-{round}".encode()
                    connection.request("POST", "/validate?timeout=10s", body=body.replace(uid, mine), headers={"Content-Type": "application/json"})
                for index, connection in enumerate(connections):
                    answer = connection.getresponse()
                    text = answer.read()
                    assert answer.status == 200, (index, answer.status, text)
                    assert f'"uid":"connection-{index}-round-{round}"'.encode() in text, (index, round, text)
            sockets = {id(connection.sock) for connection in connections}
            print(len(sockets), "open" if all(connection.sock for connection in connections) else "closed")
            """
        let python = try runPython(script, against: server)
        XCTAssertEqual(python.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "24 open", python.output)
    }

    /// Clients that send a request and reset the connection at once: their answers are queued for
    /// the end of the pass on connections already gone. The server drops them and keeps serving.
    func testClientsResettingBeforeTheirAnswerDoNotHurtTheServer() throws {
        let server = try start()
        let script = """
            import http.client, socket, ssl, struct, sys
            context = ssl.create_default_context(cafile=sys.argv[2])
            body = open(sys.argv[3], "rb").read()
            head = f"POST /validate?timeout=10s HTTP/1.1\\r\\nHost: localhost\\r\\nContent-Type: application/json\\r\\nContent-Length: {len(body)}\\r\\n\\r\\n".encode()
            for _ in range(3):
                sockets = [context.wrap_socket(socket.create_connection(("localhost", int(sys.argv[1]))), server_hostname="localhost") for _ in range(16)]
                for tls in sockets:
                    tls.sendall(head + body)
                for tls in sockets:
                    # SO_LINGER 0: close sends a reset instead of a FIN.
                    tls.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    tls.close()
            connection = http.client.HTTPSConnection("localhost", int(sys.argv[1]), context=context)
            connection.request("POST", "/validate?timeout=10s", body=body, headers={"Content-Type": "application/json"})
            answer = connection.getresponse()
            print(answer.status, b"0b7e4d2c-5a19-4f3e-8c6b-1d2e3f4a5b02" in answer.read())
            """
        let python = try runPython(script, against: server)
        XCTAssertEqual(python.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "200 True", python.output)
        XCTAssertTrue(eventually { server.server.lifecycle.inFlightRequests == 0 }, "no request left hanging")
    }

    func testSlowClientGets408WhileOthersAreServed() throws {
        let server = try start(configure: { $0.readTimeout = .seconds(2) })
        let head = request("POST", "/validate?timeout=10s", headers: [("Content-Type", "application/json"), ("Content-Length", "5000")])
        let steps: [[String: Any]] = [["send": head + "{\"apiVersion\""], ["sleep": 3.5]]
        let slow = try ExternalCommand(
            ["python3", Repository.support("raw_http.py"), "--port", String(server.port), "--cafile", server.caFile, "--settle", "2"],
            stdin: String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self))
        XCTAssertTrue(eventually(timeout: 10) { slow.stderrSoFar.contains("sent step 0") }, slow.stderrSoFar)
        XCTAssertTrue(eventually { server.server.lifecycle.inFlightRequests == 1 }, "the slow request has started")
        let normal = try server.curl("/validate?timeout=10s", ["-H", "Content-Type: application/json", "--data-binary", "@" + Repository.example("pod-create-platform-critical.json")])
        XCTAssertEqual(normal.status, 200, normal.result.output)
        XCTAssertTrue(normal.body.contains("0b7e4d2c-5a19-4f3e-8c6b-1d2e3f4a5b02"))
        XCTAssertEqual(server.logs.entries(message: "request timed out").count, 0, "served while the stalled request still waits for its body")
        XCTAssertEqual(server.server.lifecycle.inFlightRequests, 1)

        let exchange = try RawExchange.parse(slow.wait(timeout: 20))
        XCTAssertEqual(exchange.responses.map(\.status), [408], exchange.output)
        XCTAssertEqual(exchange.responses.first?.headers["connection"], "close")
        XCTAssertTrue(exchange.responses.first?.message.contains("request not received within 2s") ?? false, exchange.output)
        XCTAssertTrue(exchange.closed)
        XCTAssertEqual(server.logs.wait(for: "request timed out").count, 1)
    }

    func testHealthOnThePlainPortOnly() throws {
        let server = try start()
        for (path, status) in [("/healthz", 200), ("/readyz", 200), ("/validate", 404), ("/mutate?timeout=10s", 404)] {
            let result = try ExternalCommand.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.metricsPort)\(path)"])
            XCTAssertEqual(result.stdout, String(status), "\(path): \(result.output)")
        }
        let readyz = try server.curl("/readyz")
        XCTAssertEqual(readyz.status, 200)
        XCTAssertEqual(try object(readyz.body)["policies"] as? String, server.policies.current.contentHash)
        // Plain HTTP on the TLS port is refused by the handshake.
        let plain = try ExternalCommand.run(["curl", "-sS", "http://127.0.0.1:\(server.port)/healthz"])
        XCTAssertNotEqual(plain.status, 0)
    }

    func testMutualTLSRequiresAClientCertificate() throws {
        let server = try start(clientCA: true)
        let without = try server.curl("/healthz")
        XCTAssertNotEqual(without.result.status, 0, "no client certificate: the handshake is refused")
        let with = try server.curl("/healthz", ["--cert", server.certificates.clientCertificate, "--key", server.certificates.clientKey])
        XCTAssertEqual(with.status, 200, with.result.output)
        let handshake = try XCTUnwrap(server.logs.wait(for: "tls handshake").last)
        XCTAssertEqual(handshake["client"] as? String, "CN=kube-apiserver")
        XCTAssertEqual(handshake["alpn"] as? String, "http/1.1")
        XCTAssertTrue(server.logs.entries(message: "tls error").contains { ($0["error"] as? String ?? "").contains("handshake") },
            "the refused handshake is logged with OpenSSL's reason")
    }
}
