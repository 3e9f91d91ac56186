import Foundation
import NIOCore
import TLS
import XCTest

/// Peers that misbehave: silent, speaking plain HTTP, speaking nothing TLS at all.
final class FailureModeTests: TLSTestCase {
    func testSilentClientIsClosedAfterTheHandshakeTimeout() throws {
        let certs = try certificates()
        var configuration = certs.serverConfiguration
        configuration.handshakeTimeout = .milliseconds(300)
        let server = try startServer(configuration)
        let started = Date()
        let raw = try connect(server.port, nil)
        XCTAssertTrue(raw.recorder.wait(timeout: 3) { $0.closed == 1 })
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(elapsed, 0.29)
        XCTAssertLessThan(elapsed, 2)
        XCTAssertTrue(server.recorder.wait { !$0.tlsErrors.isEmpty })
        let error = server.recorder.state.tlsErrors[0]
        XCTAssertEqual(error.kind, .handshakeTimeout)
        XCTAssertTrue(error.description.contains("not finished within 300 ms"), error.description)
    }

    func testFinishedHandshakeIsNotCutByTheTimeout() throws {
        let certs = try certificates()
        var configuration = certs.serverConfiguration
        configuration.handshakeTimeout = .milliseconds(150)
        let server = try startServer(configuration)
        let client = try connect(server.port, certs.clientConfiguration())
        XCTAssertTrue(try client.roundTrip("before"))
        usleep(300_000)
        XCTAssertTrue(try client.roundTrip("after"))
        XCTAssertTrue(server.recorder.state.tlsErrors.isEmpty, "\(server.recorder.state.tlsErrors)")
    }

    func testPlainHTTPInsteadOfClientHelloIsRefusedAndTheServerKeepsServing() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let raw = try connect(server.port, nil)
        try raw.send("GET /validate HTTP/1.1\r\nHost: tenantry\r\n\r\n")
        XCTAssertTrue(raw.recorder.wait { $0.closed == 1 })
        XCTAssertTrue(server.recorder.wait { !$0.tlsErrors.isEmpty })
        let error = server.recorder.state.tlsErrors[0]
        XCTAssertEqual(error.kind, .handshakeFailed)
        XCTAssertTrue(error.description.contains("http request"), error.description)
        XCTAssertTrue(error.description.contains("handshake with 127.0.0.1:"), "names the peer: \(error.description)")

        let client = try connect(server.port, certs.clientConfiguration())
        XCTAssertTrue(try client.roundTrip("still serving"))
    }

    func testRandomBytesAreRefusedWithAnAlert() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let raw = try connect(server.port, nil)
        // A TLS record header announcing a handshake, followed by junk.
        var junk: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0x40]
        junk += (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        try raw.channel.writeAndFlush(ByteBuffer(bytes: junk)).wait()
        XCTAssertTrue(raw.recorder.wait { $0.closed == 1 })
        // The server said why before closing: a plaintext alert record (content type 21).
        XCTAssertEqual(raw.recorder.state.received.first, 0x15)
        XCTAssertTrue(server.recorder.wait { !$0.tlsErrors.isEmpty })
        XCTAssertEqual(server.recorder.state.tlsErrors[0].kind, .handshakeFailed)
        XCTAssertFalse(server.recorder.state.tlsErrors[0].openSSLErrors.isEmpty)
    }

    func testClientThatHangsUpMidHandshakeIsNotReportedAsServed() throws {
        let certs = try certificates()
        let server = try startServer(certs.serverConfiguration)
        let raw = try connect(server.port, nil)
        try raw.channel.close().wait()
        XCTAssertTrue(server.recorder.wait { $0.closed == 1 })
        XCTAssertTrue(server.recorder.state.handshakes.isEmpty)
        XCTAssertTrue(server.recorder.state.tlsErrors.isEmpty, "a TCP probe is not an error")
    }

    func testCloseDoesNotWaitForeverOnAPeerThatStoppedReading() throws {
        let certs = try certificates()
        var configuration = certs.serverConfiguration
        configuration.shutdownTimeout = .milliseconds(300)
        let server = try startServer(configuration)
        let client = try connect(server.port, certs.clientConfiguration())
        XCTAssertTrue(try client.roundTrip("hello"))
        try client.channel.setOption(ChannelOptions.autoRead, value: false).wait()
        let started = Date()
        try client.send("flood")
        XCTAssertTrue(server.recorder.wait(timeout: 5) { $0.closed == 1 }, "the server connection closed")
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        XCTAssertLessThan(client.recorder.state.received.count, 32 * 1024 * 1024, "the client really stopped reading")
    }
}
