import ExternalTools
import NIOCore
import TLS
import XCTest

/// Our handler on both ends: handshake, negotiated parameters, data both ways, writes queued
/// before the handshake, large transfers, clean close_notify.
final class OwnClientTests: TLSTestCase {
    func testHandshakeNegotiatesTLS13WithALPNAndEchoes() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let client = try connect(server.port, certs.clientConfiguration())

        XCTAssertTrue(try client.roundTrip("ping"))
        let clientSide = try XCTUnwrap(client.recorder.state.handshakes.first)
        XCTAssertEqual(clientSide.protocolVersion, "TLSv1.3")
        XCTAssertEqual(clientSide.applicationProtocol, "http/1.1")
        XCTAssertEqual(clientSide.peerSubject, "CN=tenantry.tenantry-system.svc")
        XCTAssertEqual(clientSide.peerCertificate?.sha256Fingerprint, try DevCertificates.fingerprint(certs.certificate))

        XCTAssertTrue(server.recorder.wait { $0.handshakes.count == 1 })
        let serverSide = try XCTUnwrap(server.recorder.state.handshakes.first)
        XCTAssertEqual(serverSide.applicationProtocol, "http/1.1")
        XCTAssertEqual(serverSide.serverName, "tenantry.tenantry-system.svc")
        XCTAssertNil(serverSide.peerSubject, "no client certificate without mTLS")
        XCTAssertEqual(serverSide.cipher, clientSide.cipher)
        XCTAssertEqual(server.recorder.receivedText, "ping")
        XCTAssertTrue(server.recorder.state.tlsErrors.isEmpty, "\(server.recorder.state.tlsErrors)")
    }

    func testWritesBeforeTheHandshakeCompletesAreSentAfterIt() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let client = try connect(server.port, certs.clientConfiguration())
        // Issued at once, while the handshake is still in flight: two writes, one flush.
        let first = client.channel.write(ByteBuffer(string: "early-"))
        let second = client.channel.writeAndFlush(ByteBuffer(string: "bird"))
        try first.wait()
        try second.wait()
        XCTAssertTrue(client.recorder.wait { String(decoding: $0.received, as: UTF8.self) == "early-bird" })
        XCTAssertEqual(client.recorder.state.handshakes.count, 1)
    }

    func testUnflushedWriteIsNotSentUntilFlush() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let client = try connect(server.port, certs.clientConfiguration())
        XCTAssertTrue(try client.roundTrip("warm-up"))
        let pending = client.channel.write(ByteBuffer(string: "held"))
        XCTAssertFalse(server.recorder.wait(timeout: 0.2) { String(decoding: $0.received, as: UTF8.self).hasSuffix("held") })
        client.channel.flush()
        try pending.wait()
        XCTAssertTrue(server.recorder.wait { String(decoding: $0.received, as: UTF8.self) == "warm-upheld" })
    }

    func testLargeTransferSpanningManyRecordsArrivesIntact() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let client = try connect(server.port, certs.clientConfiguration())
        var payload = ""
        for index in 0..<40_000 { payload += "\(index % 10)\(index % 7)" }  // 80 KB, 5+ records
        XCTAssertTrue(try client.roundTrip(payload, timeout: 10))
        XCTAssertEqual(client.recorder.receivedText, payload)
    }

    func testClientCloseSendsCloseNotifyAndServerClosesWithoutError() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let client = try connect(server.port, certs.clientConfiguration())
        XCTAssertTrue(try client.roundTrip("hi"))
        try client.channel.close().wait()
        XCTAssertTrue(server.recorder.wait { $0.closed == 1 })
        XCTAssertTrue(server.recorder.state.tlsErrors.isEmpty, "\(server.recorder.state.tlsErrors)")
    }

    func testServerCloseReachesClientAsCloseNotify() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let client = try connect(server.port, certs.clientConfiguration())
        try client.send("close")
        XCTAssertTrue(client.recorder.wait { $0.closed == 1 })
        XCTAssertEqual(client.recorder.receivedText, "bye")
        XCTAssertTrue(client.recorder.state.tlsErrors.isEmpty, "\(client.recorder.state.tlsErrors)")
    }

    func testClientRefusesServerWhoseCertificateDoesNotCarryTheName() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let client = try connect(server.port, certs.clientConfiguration(serverName: "evil.example.com"))
        XCTAssertTrue(client.recorder.wait { $0.closed == 1 })
        let error = try XCTUnwrap(client.recorder.state.tlsErrors.first)
        XCTAssertEqual(error.kind, .handshakeFailed)
        XCTAssertTrue(error.description.contains("certificate verify failed"), error.description)
        XCTAssertTrue(error.description.contains("hostname mismatch"), error.description)
        XCTAssertTrue(client.recorder.state.handshakes.isEmpty)
    }

    func testClientChecksIPAddressAgainstIPSubjectAltName() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let good = try connect(server.port, certs.clientConfiguration(serverName: "127.0.0.1"))
        XCTAssertTrue(try good.roundTrip("ip"))
        XCTAssertNil(server.recorder.state.handshakes.first?.serverName, "no SNI for an IP address")
        let bad = try connect(server.port, certs.clientConfiguration(serverName: "127.0.0.2"))
        XCTAssertTrue(bad.recorder.wait { $0.closed == 1 })
        XCTAssertEqual(bad.recorder.state.tlsErrors.first?.kind, .handshakeFailed)
    }
}

extension OwnClientTests {
    /// Many connections at once on two threads, failing ones among them: OpenSSL's per-thread
    /// error queue must never leak one connection's error into another's.
    func testConcurrentConnectionsWithFailuresInterleavedStayIndependent() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        var good: [TestClient] = []
        var bad: [TestClient] = []
        for index in 0..<48 {
            if index % 4 == 3 {
                bad.append(try connect(server.port, certs.clientConfiguration(serverName: "wrong.example")))
            } else {
                good.append(try connect(server.port, certs.clientConfiguration()))
            }
        }
        for (index, client) in good.enumerated() {
            client.channel.writeAndFlush(ByteBuffer(string: "message \(index)"), promise: nil)
        }
        for (index, client) in good.enumerated() {
            XCTAssertTrue(client.recorder.wait { String(decoding: $0.received, as: UTF8.self) == "message \(index)" }, "client \(index)")
            XCTAssertTrue(client.recorder.state.tlsErrors.isEmpty, "\(client.recorder.state.tlsErrors)")
        }
        for client in bad {
            XCTAssertTrue(client.recorder.wait { $0.closed == 1 })
            XCTAssertEqual(client.recorder.state.tlsErrors.map(\.kind), [.handshakeFailed])
        }
        XCTAssertTrue(server.recorder.wait { $0.handshakes.count == good.count })
    }
}
