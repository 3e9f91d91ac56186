import ExternalTools
import Foundation
import XCTest

/// The real `tenantry serve` binary as a subprocess, as an operator runs it.
final class ServeCommandTests: XCTestCase {
    /// `swift test` builds every product first; the binary sits next to the test bundle.
    static let binary: String? = {
        let candidates = [
            Bundle(for: ServeCommandTests.self).bundleURL.deletingLastPathComponent(),
            Bundle(for: ServeCommandTests.self).bundleURL,
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
        ]
        return candidates.map { $0.appendingPathComponent("tenantry").path }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    var cleanup: [() -> Void] = []

    override func tearDown() {
        for step in cleanup.reversed() { step() }
    }

    private func tenantry() throws -> String {
        try XCTUnwrap(Self.binary, "tenantry binary not found next to the test bundle; run `swift test`, which builds it")
    }

    /// Starts `tenantry serve` on ephemeral ports (see `ServeProcess`), stopped when the test ends.
    private func serve(_ arguments: [String]) throws -> ServeProcess {
        let serving = try ServeProcess.start(try tenantry(), arguments)
        cleanup.append { serving.command.stopIfRunning() }
        return serving
    }

    func testEmbeddedDefaultServesWithThePrintedCABundle() throws {
        try ExternalCommand.require("curl")
        let serving = try serve([])
        XCTAssertTrue(eventually { !serving.command.stdoutSoFar.isEmpty })
        let caBundle = serving.command.stdoutSoFar.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(serving.command.stdoutSoFar.split(separator: "\n").count, 1, "standard output holds the CA bundle alone")
        let pem = try XCTUnwrap(Data(base64Encoded: caBundle), "not base64: \(caBundle)")
        XCTAssertTrue(String(decoding: pem, as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE-----"))
        let scratch = try Repository.temporaryDirectory("ca")
        cleanup.append { try? FileManager.default.removeItem(at: scratch) }
        let caFile = scratch.appendingPathComponent("ca.pem")
        try pem.write(to: caFile)

        for host in ["localhost", "127.0.0.1"] {
            let answer = try ExternalCommand.run([
                "curl", "-sS", "--cacert", caFile.path, "-H", "Content-Type: application/json",
                "--data-binary", "@" + Repository.example("pod-create-platform-critical.json"),
                "https://\(host):\(serving.port)/validate?timeout=10s",
            ])
            XCTAssertEqual(answer.status, 0, answer.output)
            XCTAssertTrue(answer.stdout.contains("[priority-class]"), answer.stdout)
        }
        // Without that CA, curl refuses the certificate: it really is the bundle that vouches for it.
        let untrusted = try ExternalCommand.run(["curl", "-sS", "https://localhost:\(serving.port)/healthz"])
        XCTAssertEqual(untrusted.status, 60, untrusted.output)

        serving.command.process.terminate()
        let result = serving.command.wait(timeout: 30)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.timedOut)
        let messages = result.stderr.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["msg"] as? String
        }
        XCTAssertEqual(messages.count, result.stderr.split(separator: "\n").count, "every stderr line is a JSON object: \(result.stderr)")
        XCTAssertTrue(messages.contains("denied"))
        XCTAssertEqual(messages.suffix(3), ["signal received", "shutting down", "stopped"])
    }

    func testSIGTERMDuringAnInFlightRequestLosesNothing() throws {
        try ExternalCommand.require("curl", "python3")
        let certificates = try DevCertificates.make()
        cleanup.append { certificates.remove() }
        let serving = try serve(["--tls-cert", certificates.certificate, "--tls-key", certificates.key, "--shutdown-grace", "20s"])
        XCTAssertEqual(serving.command.stdoutSoFar, "", "files given: no CA bundle to print")

        let body = try String(contentsOfFile: Repository.example("pod-create-acme-defaults-injected.json"), encoding: .utf8)
        let head = request("POST", "/mutate?timeout=10s", headers: [("Content-Type", "application/json"), ("Content-Length", String(body.utf8.count))])
        let split = body.index(body.startIndex, offsetBy: 300)
        let steps: [[String: Any]] = [["send": head + body[..<split]], ["sleep": 2.5], ["send": String(body[split...])], ["read": 1]]
        let client = try ExternalCommand(
            ["python3", Repository.support("raw_http.py"), "--port", String(serving.port), "--cafile", certificates.caCertificate, "--settle", "3"],
            stdin: String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self))
        XCTAssertTrue(eventually(timeout: 10) { client.stderrSoFar.contains("sent step 0") }, client.stderrSoFar)
        usleep(300_000)  // the server has read the head and the first part of the body

        serving.command.process.terminate()  // SIGTERM
        XCTAssertTrue(eventually { serving.command.stderrSoFar.contains("\"msg\":\"shutting down\"") }, serving.command.stderrSoFar)
        let readyz = try ExternalCommand.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(serving.metricsPort)/readyz"])
        XCTAssertEqual(readyz.stdout, "503", readyz.output)
        let refused = try ExternalCommand.run(["curl", "-sS", "--cacert", certificates.caCertificate, "https://localhost:\(serving.port)/healthz"])
        XCTAssertEqual(refused.status, 7, "new connections are refused: \(refused.output)")
        XCTAssertTrue(serving.command.process.isRunning, "the server waits for the request in flight")

        let exchange = try RawExchange.parse(client.wait())
        XCTAssertEqual(exchange.responses.map(\.status), [200], exchange.output)
        let answer = try XCTUnwrap(exchange.responses.first?.json?["response"] as? [String: Any], exchange.output)
        XCTAssertEqual(answer["uid"] as? String, "6f1c2a4e-8b3d-4c7a-9e10-2d5b7c9a1e01")
        XCTAssertEqual(answer["patchType"] as? String, "JSONPatch")
        XCTAssertTrue(exchange.closed)

        let result = serving.command.wait(timeout: 30)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("\"msg\":\"stopped\""))
        XCTAssertFalse(result.stderr.contains("grace period over"))
    }

    func testPoliciesThatDoNotCompileExit2() throws {
        let scratch = try Repository.temporaryDirectory("no-policies")
        cleanup.append { try? FileManager.default.removeItem(at: scratch) }
        try "kind: Platform\n".write(to: scratch.appendingPathComponent("platform.yaml"), atomically: true, encoding: .utf8)
        let result = try ExternalCommand.run([try tenantry(), "serve", "--policies", scratch.path, "--addr", "127.0.0.1:0", "--metrics-addr", "off"])
        XCTAssertEqual(result.status, 2, result.output)
        XCTAssertTrue(result.stderr.contains("\"msg\":\"policies do not compile\""), result.stderr)
        XCTAssertTrue(result.stderr.contains("platform.yaml"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testUnusableFlagsAreRefusedWithTheReason() throws {
        let cases: [([String], String)] = [
            (["--max-body", "16M"], "not one of Ki, Mi, Gi"),
            (["--read-timeout", "10"], "is not one of ms, s, m, h"),
            (["--read-timeout", "0"], "--read-timeout must be longer than 0"),
            (["--addr", "8443"], "has no port"),
            (["--tls-cert", "/x.crt"], "--tls-cert and --tls-key go together"),
            (["--tls-min-version", "1.1"], "1.1"),
            (["--threads", "0"], "--threads must be at least 1"),
        ]
        for (arguments, expected) in cases {
            let result = try ExternalCommand.run([try tenantry(), "serve"] + arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
        let missingFile = try ExternalCommand.run([try tenantry(), "serve", "--tls-cert", "/nonexistent.crt", "--tls-key", "/nonexistent.key", "--addr", "127.0.0.1:0", "--metrics-addr", "off"], timeout: 20)
        XCTAssertEqual(missingFile.status, 1, missingFile.output)
        XCTAssertTrue(missingFile.stderr.contains("\"msg\":\"cannot set up TLS\""), missingFile.stderr)
        XCTAssertTrue(missingFile.stderr.contains("/nonexistent.crt"), missingFile.stderr)
    }

    func testAddressInUseExits1() throws {
        let serving = try serve(["--metrics-addr", "off"])
        let result = try ExternalCommand.run([try tenantry(), "serve", "--addr", "127.0.0.1:\(serving.port)", "--metrics-addr", "off"], timeout: 20)
        XCTAssertEqual(result.status, 1, result.output)
        XCTAssertTrue(result.stderr.contains("\"msg\":\"cannot listen\""), result.stderr)
    }

    func testHelpDocumentsEveryFlagAndItsDefault() throws {
        let help = try ExternalCommand.run([try tenantry(), "serve", "--help"])
        XCTAssertEqual(help.status, 0)
        for flag in [
            "--policies", "--tls-cert", "--tls-key", "--client-ca", "--tls-min-version", "--addr", "--metrics-addr", "--threads",
            "--max-body", "--read-timeout", "--idle-timeout", "--handshake-timeout", "--shutdown-grace", "--reload-interval", "--log-level",
        ] {
            XCTAssertTrue(help.stdout.contains(flag), flag)
        }
        for value in ["default: policies", "default: 127.0.0.1:8443", "default: 127.0.0.1:8080", "default: 16Mi", "default: 10s", "default: 20s", "default: 2s", "values: 1.2, 1.3"] {
            XCTAssertTrue(help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(value), value)
        }
        let top = try ExternalCommand.run([try tenantry(), "--help"])
        XCTAssertTrue(top.stdout.contains("serve"), top.stdout)
    }
}
