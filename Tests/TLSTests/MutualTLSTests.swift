import ExternalTools
import TLS
import XCTest

/// `--client-ca`: only a client with a certificate from that CA (the API server) gets through.
final class MutualTLSTests: TLSTestCase {
    private func startMTLSServer(_ certs: DevCertificates) throws -> TestServer {
        var configuration = certs.serverConfiguration
        configuration.clientCA = .file(certs.caCertificate)
        return try startServer(configuration)
    }

    func testClientWithCASignedCertificateIsAcceptedAndItsSubjectIsVisible() throws {
        let certs = try certificates()
        let server = try startMTLSServer(certs)
        let client = try connect(server.port, certs.clientConfiguration(withClientCertificate: true))
        XCTAssertTrue(try client.roundTrip("from the API server"))
        XCTAssertTrue(server.recorder.wait { $0.handshakes.count == 1 })
        let handshake = server.recorder.state.handshakes[0]
        XCTAssertEqual(handshake.peerSubject, "CN=kube-apiserver")
        XCTAssertEqual(handshake.peerCertificate?.issuer, "CN=tenantry dev CA")
        XCTAssertTrue(server.recorder.state.tlsErrors.isEmpty, "\(server.recorder.state.tlsErrors)")
    }

    func testClientWithoutCertificateIsRefused() throws {
        let certs = try certificates()
        let server = try startMTLSServer(certs)
        let client = try connect(server.port, certs.clientConfiguration(withClientCertificate: false))
        // TLS 1.3 clients finish their side before the server judges the (missing) certificate,
        // so the data may leave; it must never reach the application.
        try? client.send("let me in")
        XCTAssertTrue(client.recorder.wait { $0.closed == 1 })
        XCTAssertTrue(server.recorder.wait { !$0.tlsErrors.isEmpty })
        let error = server.recorder.state.tlsErrors[0]
        XCTAssertEqual(error.kind, .handshakeFailed)
        XCTAssertTrue(error.description.contains("peer did not return a certificate"), error.description)
        XCTAssertTrue(server.recorder.state.handshakes.isEmpty)
        XCTAssertEqual(server.recorder.receivedText, "")
        XCTAssertTrue(client.recorder.state.tlsErrors.contains { $0.description.contains("certificate required") },
                      "\(client.recorder.state.tlsErrors)")
    }

    func testClientCertificateFromAnotherCAIsRefused() throws {
        let certs = try certificates()
        let other = try freshCertificates("other-ca")
        let server = try startMTLSServer(certs)
        var configuration = certs.clientConfiguration(withClientCertificate: true)
        configuration.certificateChain = .file(other.clientCertificate)
        configuration.privateKey = .file(other.clientKey)
        let client = try connect(server.port, configuration)
        try? client.send("let me in")
        XCTAssertTrue(client.recorder.wait { $0.closed == 1 })
        XCTAssertTrue(server.recorder.wait { !$0.tlsErrors.isEmpty })
        let error = server.recorder.state.tlsErrors[0]
        XCTAssertTrue(error.description.contains("certificate verify failed"), error.description)
        XCTAssertTrue(error.description.contains("unable to get local issuer certificate"), error.description)
        XCTAssertEqual(server.recorder.receivedText, "")
    }

    func testPythonClientWithClientCertificateOnBothVersions() throws {
        try ExternalCommand.require("python3")
        let certs = try certificates()
        let server = try startMTLSServer(certs)
        for version in ["1.2", "1.3"] {
            let accepted = try PythonTLSClient.run(.init(
                port: server.port, caFile: certs.caCertificate, version: version,
                clientCertificate: certs.clientCertificate, clientKey: certs.clientKey, send: "mtls", expectBytes: 4))
            XCTAssertTrue(accepted.ok, accepted.raw)
            XCTAssertEqual(accepted.received, "mtls")
        }
        let refused = try PythonTLSClient.run(.init(port: server.port, caFile: certs.caCertificate, version: "1.2", send: "x", expectBytes: 1))
        XCTAssertFalse(refused.ok, refused.raw)
        XCTAssertTrue(server.recorder.wait { $0.handshakes.count == 2 && $0.tlsErrors.count == 1 })
        XCTAssertEqual(server.recorder.state.handshakes.map(\.peerSubject), ["CN=kube-apiserver", "CN=kube-apiserver"])
    }

    func testServerNamesTheAcceptableCAInItsCertificateRequest() throws {
        try ExternalCommand.require("openssl")
        let certs = try certificates()
        let server = try startMTLSServer(certs)
        let outcome = try OpenSSLClient.run(
            port: server.port, caFile: certs.caCertificate,
            ["-tls1_2", "-cert", certs.clientCertificate, "-key", certs.clientKey])
        XCTAssertEqual(outcome.verifyReturnCode, "0 (ok)", outcome.output)
        XCTAssertTrue(outcome.output.contains("Acceptable client certificate CA names\nCN = tenantry dev CA"), outcome.output)
        XCTAssertTrue(server.recorder.wait { $0.handshakes.first?.peerSubject == "CN=kube-apiserver" })
    }
}
