import ExternalTools
import Foundation
import TLS
import XCTest

/// Real clients other than ours: the openssl CLI, Python's ssl module and curl.
final class ExternalClientTests: TLSTestCase {
    func testOpenSSLClientNegotiatesTLS13AEADWithALPNAndVerifiesTheChain() throws {
        try ExternalCommand.require("openssl")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let outcome = try OpenSSLClient.run(port: server.port, caFile: certs.caCertificate, ["-alpn", "http/1.1"])
        XCTAssertEqual(outcome.protocolVersion, "TLSv1.3", outcome.output)
        XCTAssertTrue(["TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"]
            .contains(outcome.cipher ?? ""), outcome.output)
        XCTAssertEqual(outcome.alpn, "http/1.1", outcome.output)
        XCTAssertEqual(outcome.verifyReturnCode, "0 (ok)", outcome.output)
        XCTAssertTrue(server.recorder.wait { $0.handshakes.count == 1 })
    }

    func testOpenSSLClientOnTLS12GetsAnECDHEAEADCipher() throws {
        try ExternalCommand.require("openssl")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let outcome = try OpenSSLClient.run(port: server.port, caFile: certs.caCertificate, ["-tls1_2", "-alpn", "http/1.1"])
        XCTAssertEqual(outcome.protocolVersion, "TLSv1.2", outcome.output)
        let cipher = outcome.cipher ?? ""
        XCTAssertTrue(cipher.hasPrefix("ECDHE-"), cipher)
        XCTAssertTrue(cipher.contains("-GCM-") || cipher.contains("CHACHA20"), cipher)
        XCTAssertEqual(outcome.alpn, "http/1.1", outcome.output)
        XCTAssertEqual(outcome.verifyReturnCode, "0 (ok)", outcome.output)
    }

    func testTLS13MinimumRefusesTLS12Client() throws {
        try ExternalCommand.require("openssl")
        let certs = try certificates()
        var configuration = certs.serverConfiguration
        configuration.minimumVersion = .tls13
        let server = try startServer(configuration)
        let refused = try OpenSSLClient.run(port: server.port, caFile: certs.caCertificate, ["-tls1_2"])
        XCTAssertFalse(refused.handshakeCompleted, refused.output)
        XCTAssertTrue(server.recorder.wait { !$0.tlsErrors.isEmpty })
        XCTAssertTrue(server.recorder.state.tlsErrors[0].description.contains("unsupported protocol"),
                      server.recorder.state.tlsErrors[0].description)
        let accepted = try OpenSSLClient.run(port: server.port, caFile: certs.caCertificate, ["-tls1_3"])
        XCTAssertEqual(accepted.protocolVersion, "TLSv1.3", accepted.output)
    }

    func testTLS11ClientIsRefused() throws {
        try ExternalCommand.require("openssl")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        // SECLEVEL=0 lets this client offer TLS 1.1 at all, so the refusal is the server's.
        let outcome = try OpenSSLClient.run(
            port: server.port, caFile: certs.caCertificate, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
        XCTAssertFalse(outcome.handshakeCompleted, outcome.output)
        XCTAssertTrue(outcome.output.contains("alert protocol version"), outcome.output)
        XCTAssertTrue(server.recorder.wait { !$0.tlsErrors.isEmpty })
        let error = server.recorder.state.tlsErrors[0]
        XCTAssertEqual(error.kind, .handshakeFailed)
        XCTAssertTrue(error.description.contains("unsupported protocol"), error.description)
    }

    func testCBCOnlyTLS12ClientIsRefused() throws {
        try ExternalCommand.require("openssl")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let outcome = try OpenSSLClient.run(
            port: server.port, caFile: certs.caCertificate,
            ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES128-SHA"])
        XCTAssertFalse(outcome.handshakeCompleted, outcome.output)
        XCTAssertTrue(outcome.output.contains("handshake failure"), outcome.output)
        XCTAssertTrue(server.recorder.wait { !$0.tlsErrors.isEmpty })
        XCTAssertTrue(server.recorder.state.tlsErrors[0].description.contains("no shared cipher"),
                      server.recorder.state.tlsErrors[0].description)
    }

    func testPythonClientOnTLS12AndTLS13WithSNIAndALPN() throws {
        try ExternalCommand.require("python3")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        for version in ["1.2", "1.3"] {
            let outcome = try PythonTLSClient.run(
                .init(port: server.port, caFile: certs.caCertificate, version: version, send: "echo \(version)", expectBytes: 8))
            XCTAssertTrue(outcome.ok, outcome.raw)
            XCTAssertEqual(outcome.version, "TLSv\(version)")
            XCTAssertEqual(outcome.alpn, "http/1.1")
            XCTAssertEqual(outcome.received, "echo \(version)")
            if version == "1.2" {
                XCTAssertTrue(outcome.cipher.hasPrefix("ECDHE-") && (outcome.cipher.contains("GCM") || outcome.cipher.contains("CHACHA20")), outcome.cipher)
            }
        }
        XCTAssertTrue(server.recorder.wait { $0.handshakes.count == 2 })
        XCTAssertEqual(server.recorder.state.handshakes.map(\.serverName), ["tenantry.tenantry-system.svc", "tenantry.tenantry-system.svc"])
        XCTAssertEqual(Set(server.recorder.state.handshakes.map(\.protocolVersion)), ["TLSv1.2", "TLSv1.3"])
    }

    func testPythonClientSeesCleanCloseNotify() throws {
        try ExternalCommand.require("python3")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        // suppress_ragged_eofs=False: a close without close_notify would raise SSLEOFError.
        let outcome = try PythonTLSClient.run(.init(port: server.port, caFile: certs.caCertificate, send: "close"))
        XCTAssertTrue(outcome.ok, outcome.raw)
        XCTAssertEqual(outcome.received, "bye")
    }

    func testClientOfferingOnlyH2IsRefusedWithNoApplicationProtocol() throws {
        try ExternalCommand.require("python3")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let refused = try PythonTLSClient.run(.init(port: server.port, caFile: certs.caCertificate, alpn: ["h2"]))
        XCTAssertFalse(refused.ok)
        XCTAssertTrue(refused.error.contains("no application protocol"), refused.error)
        XCTAssertTrue(server.recorder.wait { !$0.tlsErrors.isEmpty })
        XCTAssertTrue(server.recorder.state.tlsErrors[0].description.contains("no application protocol"),
                      server.recorder.state.tlsErrors[0].description)

        let preferringH2 = try PythonTLSClient.run(.init(port: server.port, caFile: certs.caCertificate, alpn: ["h2", "http/1.1"]))
        XCTAssertTrue(preferringH2.ok, preferringH2.raw)
        XCTAssertEqual(preferringH2.alpn, "http/1.1")
        let withoutALPN = try PythonTLSClient.run(.init(port: server.port, caFile: certs.caCertificate, alpn: nil))
        XCTAssertTrue(withoutALPN.ok, withoutALPN.raw)
        XCTAssertNil(withoutALPN.alpn)
    }

    func testCurlGetsHTTP11ResponseVerifyingAgainstTheDevCA() throws {
        try ExternalCommand.require("curl")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let host = "tenantry.tenantry-system.svc"
        let result = try ExternalCommand.run([
            "curl", "--silent", "--show-error", "--include", "--max-time", "5", "--cacert", certs.caCertificate,
            "--resolve", "\(host):\(server.port):127.0.0.1", "https://\(host):\(server.port)/healthz",
        ])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.stdout.hasPrefix("HTTP/1.1 200 OK"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix(TestApplicationHandler.httpBody), result.stdout)
        XCTAssertTrue(server.recorder.wait { $0.handshakes.count == 1 })
        // curl offers h2 first; the server holds to HTTP/1.1.
        XCTAssertEqual(server.recorder.state.handshakes[0].applicationProtocol, "http/1.1")
    }

    func testCurlWithoutTheCAFailsVerification() throws {
        try ExternalCommand.require("curl")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let result = try ExternalCommand.run([
            "curl", "--silent", "--show-error", "--max-time", "5", "--capath", "/nonexistent", "--cacert", certs.clientCertificate,
            "https://localhost:\(server.port)/",
        ])
        XCTAssertEqual(result.status, 60, result.output)  // CURLE_PEER_FAILED_VERIFICATION
        XCTAssertTrue(server.recorder.wait { $0.closed == 1 })
    }
}

extension ExternalClientTests {
    func testClientInitiatedRenegotiationIsRefused() throws {
        try ExternalCommand.require("openssl")
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        // s_client reads "R" on stdin as "renegotiate now". (OpenSSL 3 servers refuse client
        // renegotiation by default too; SSL_OP_NO_RENEGOTIATION also rules out server-side ones.)
        let outcome = try OpenSSLClient.run(port: server.port, caFile: certs.caCertificate, ["-tls1_2"], stdin: "R\n")
        XCTAssertTrue(outcome.output.contains("RENEGOTIATING"), outcome.output)
        XCTAssertTrue(outcome.output.contains("no renegotiation"), "the server answered no_renegotiation: \(outcome.output)")
        XCTAssertTrue(server.recorder.wait { $0.closed == 1 })
        XCTAssertEqual(server.recorder.state.handshakes.count, 1, "only the first handshake completed")
        XCTAssertEqual(server.recorder.state.tlsErrors.map(\.kind), [.connection])
    }
}
