import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import TLS
import XCTest

/// The handler on EmbeddedChannels: virtual time and byte-exact control over what crosses the wire.
final class EmbeddedHandlerTests: TLSTestCase {
    private struct Pair {
        let client: EmbeddedChannel
        let server: EmbeddedChannel
        let clientRecorder: Recorder
        let serverRecorder: Recorder

        /// Moves bytes both ways until neither side has anything more to say.
        func shuttle() throws {
            var moved = true
            while moved {
                moved = false
                while let bytes = try client.readOutbound(as: ByteBuffer.self) {
                    moved = true
                    if server.isActive { try server.writeInbound(bytes) }
                }
                while let bytes = try server.readOutbound(as: ByteBuffer.self) {
                    moved = true
                    if client.isActive { try client.writeInbound(bytes) }
                }
            }
        }
    }

    private func makeChannel(_ configuration: TLSConfiguration, _ recorder: Recorder) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        // finish() tears the pipeline down; without it channel and handlers keep each other alive.
        cleanups.append { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try channel.pipeline.syncOperations.addHandler(OpenSSLHandler(context: TLSContext(configuration: configuration)))
        try channel.pipeline.syncOperations.addHandler(TestApplicationHandler(recorder: recorder, respond: false))
        return channel
    }

    private func makePair() throws -> Pair {
        let certs = try certificates()
        let serverRecorder = Recorder()
        let clientRecorder = Recorder()
        let pair = Pair(
            client: try makeChannel(certs.clientConfiguration(), clientRecorder),
            server: try makeChannel(certs.serverConfiguration, serverRecorder),
            clientRecorder: clientRecorder, serverRecorder: serverRecorder)
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 8443)
        try pair.server.connect(to: address).wait()
        try pair.client.connect(to: address).wait()
        return pair
    }

    func testHandshakeTimeoutFiresAtTheDeadlineAndNotBefore() throws {
        let certs = try certificates()
        var configuration = certs.serverConfiguration
        configuration.handshakeTimeout = .milliseconds(300)
        let recorder = Recorder()
        let server = try makeChannel(configuration, recorder)
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8443)).wait()
        server.embeddedEventLoop.advanceTime(by: .milliseconds(299))
        XCTAssertTrue(server.isActive)
        XCTAssertTrue(recorder.state.tlsErrors.isEmpty)
        server.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        XCTAssertFalse(server.isActive)
        XCTAssertEqual(recorder.state.tlsErrors.map(\.kind), [.handshakeTimeout])
    }

    func testPairHandshakesQueuedWritesWaitAndCloseNotifyClosesThePeerCleanly() throws {
        let pair = try makePair()

        // Written and flushed before any handshake byte moved: held, its promise still open.
        let early = pair.client.writeAndFlush(ByteBuffer(string: "queued"))
        let earlyDone = NIOLockedValueBox(false)
        early.whenComplete { _ in earlyDone.withLockedValue { $0 = true } }
        XCTAssertFalse(earlyDone.withLockedValue { $0 })
        XCTAssertTrue(pair.serverRecorder.state.handshakes.isEmpty)
        try pair.shuttle()
        XCTAssertTrue(earlyDone.withLockedValue { $0 })
        XCTAssertEqual(pair.serverRecorder.receivedText, "queued")
        XCTAssertEqual(pair.serverRecorder.state.handshakes.count, 1)
        XCTAssertEqual(pair.clientRecorder.state.handshakes.first?.applicationProtocol, "http/1.1")

        // The server closes: its close_notify reaches the client, which answers and closes too.
        try pair.server.close().wait()
        XCTAssertFalse(pair.server.isActive)
        let alert = try XCTUnwrap(try pair.server.readOutbound(as: ByteBuffer.self))
        XCTAssertEqual(alert.getInteger(at: alert.readerIndex, as: UInt8.self), 0x17, "TLS 1.3 alerts travel as encrypted records")
        try pair.client.writeInbound(alert)
        XCTAssertFalse(pair.client.isActive, "the client closes on close_notify")
        XCTAssertTrue(pair.clientRecorder.state.tlsErrors.isEmpty, "\(pair.clientRecorder.state.tlsErrors)")
        XCTAssertEqual(pair.clientRecorder.state.closed, 1)
        let answer = try XCTUnwrap(try pair.client.readOutbound(as: ByteBuffer.self), "the client answers with its own close_notify")
        XCTAssertGreaterThan(answer.readableBytes, 5)
    }

    func testUnflushedWriteFailsOnCloseAndWritesAfterCloseFail() throws {
        let pair = try makePair()
        try pair.shuttle()
        let unflushed = pair.client.write(ByteBuffer(string: "never flushed"))
        let close = pair.client.close()
        XCTAssertThrowsError(try unflushed.wait()) { error in
            XCTAssertEqual(error as? ChannelError, .ioOnClosedChannel)
        }
        try close.wait()
        XCTAssertThrowsError(try pair.client.writeAndFlush(ByteBuffer(string: "late")).wait())
    }

    /// A write issued from the failure callback of a write the close fails comes back into the
    /// handler while it is failing its queue: it is failed too, not lost (the queue is taken out and
    /// put back around each change, with no promise completed in between).
    func testWriteIssuedWhileWritesAreFailedIsFailedToo() throws {
        let pair = try makePair()
        try pair.shuttle()
        var lateResult: Result<Void, any Error>?
        let unflushed = pair.client.write(ByteBuffer(string: "never flushed"))
        unflushed.assumeIsolated().whenFailure { _ in
            pair.client.write(ByteBuffer(string: "written while failing")).assumeIsolated().whenComplete { lateResult = $0 }
        }
        let close = pair.client.close()
        try close.wait()
        XCTAssertThrowsError(try unflushed.wait())
        let late = try XCTUnwrap(lateResult, "the write made while failing was lost")
        XCTAssertThrowsError(try late.get()) { error in
            XCTAssertEqual(error as? ChannelError, .ioOnClosedChannel)
        }
    }

    private func serverReceiving(_ bytes: [UInt8]) throws -> (EmbeddedChannel, Recorder) {
        let certs = try certificates()
        let recorder = Recorder()
        let server = try makeChannel(certs.serverConfiguration, recorder)
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8443)).wait()
        try server.writeInbound(ByteBuffer(bytes: bytes))
        return (server, recorder)
    }

    func testMalformedClientHelloGetsAnAlertBeforeTheClose() throws {
        // A handshake record header with a body that is no ClientHello.
        let (server, recorder) = try serverReceiving([0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0x00, 0x00, 0x04, 0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertFalse(server.isActive)
        let alert = try XCTUnwrap(try server.readOutbound(as: ByteBuffer.self))
        XCTAssertEqual(Array(alert.readableBytesView.prefix(1)), [0x15], "alert record")
        XCTAssertEqual(recorder.state.tlsErrors.map(\.kind), [.handshakeFailed])
    }

    func testBytesThatAreNotTLSAtAllCloseWithoutReply() throws {
        let (server, recorder) = try serverReceiving(Array("SSH-2.0-OpenSSH_9.2\r\n".utf8))
        XCTAssertFalse(server.isActive)
        XCTAssertNil(try server.readOutbound(as: ByteBuffer.self), "OpenSSL answers no TLS alert to a non-TLS peer")
        XCTAssertEqual(recorder.state.tlsErrors.map(\.description), ["tls: handshake with 127.0.0.1:8443 failed: error:0A00010B:SSL routines::wrong version number"])
    }
}

extension EmbeddedHandlerTests {
    func testTamperedRecordAfterTheHandshakeIsAConnectionError() throws {
        let pair = try makePair()
        try pair.shuttle()
        pair.client.writeAndFlush(ByteBuffer(string: "authentic"), promise: nil)
        var record = try XCTUnwrap(try pair.client.readOutbound(as: ByteBuffer.self))
        let last = record.writerIndex - 1
        record.setInteger(record.getInteger(at: last, as: UInt8.self).map { $0 ^ 0x01 } ?? 0, at: last)
        try pair.server.writeInbound(record)
        XCTAssertFalse(pair.server.isActive)
        XCTAssertEqual(pair.serverRecorder.receivedText, "", "nothing of a forged record is delivered")
        let error = try XCTUnwrap(pair.serverRecorder.state.tlsErrors.first)
        XCTAssertEqual(error.kind, .connection)
        XCTAssertTrue(error.description.contains("decryption failed or bad record mac"), error.description)
    }
}

extension EmbeddedHandlerTests {
    /// The TLS records in `bytes`: each one's content type and length.
    private func records(_ bytes: ByteBuffer) -> [(type: UInt8, length: Int)] {
        var bytes = bytes
        var out: [(type: UInt8, length: Int)] = []
        while let type = bytes.readInteger(as: UInt8.self), bytes.readSlice(length: 2) != nil,
            let length = bytes.readInteger(as: UInt16.self), bytes.readSlice(length: Int(length)) != nil
        {
            out.append((type, Int(length)))
        }
        return out
    }

    func testWritesFlushedTogetherBecomeOneRecord() throws {
        let pair = try makePair()
        try pair.shuttle()
        let head = pair.server.write(ByteBuffer(string: "HTTP/1.1 200 OK\r\n\r\n"))
        let empty = pair.server.write(ByteBuffer())
        let body = pair.server.write(ByteBuffer(string: "{\"allowed\":true}"))
        pair.server.flush()
        let wire = try XCTUnwrap(try pair.server.readOutbound(as: ByteBuffer.self))
        XCTAssertNil(try pair.server.readOutbound(as: ByteBuffer.self), "one socket write")
        let sent = records(wire)
        XCTAssertEqual(sent.count, 1, "head and body in one record: \(sent)")
        XCTAssertEqual(sent.first?.type, 0x17)
        for promise in [head, empty, body] { XCTAssertNoThrow(try promise.wait()) }
        try pair.client.writeInbound(wire)
        XCTAssertEqual(pair.clientRecorder.receivedText, "HTTP/1.1 200 OK\r\n\r\n{\"allowed\":true}")
    }

    /// One write flushed alone (an HTTP answer) is one record, its promise completed by the socket
    /// write; an empty one sends nothing and still completes.
    func testALoneWriteIsOneRecordAndAnEmptyOneSendsNothing() throws {
        let pair = try makePair()
        try pair.shuttle()
        let answer = pair.server.writeAndFlush(ByteBuffer(string: "HTTP/1.1 200 OK\r\n\r\nok"))
        XCTAssertNoThrow(try answer.wait())
        let wire = try XCTUnwrap(try pair.server.readOutbound(as: ByteBuffer.self))
        XCTAssertNil(try pair.server.readOutbound(as: ByteBuffer.self), "one socket write")
        XCTAssertEqual(records(wire).count, 1, "\(records(wire))")
        try pair.client.writeInbound(wire)
        XCTAssertEqual(pair.clientRecorder.receivedText, "HTTP/1.1 200 OK\r\n\r\nok")

        let empty = pair.server.writeAndFlush(ByteBuffer())
        XCTAssertNoThrow(try empty.wait())
        XCTAssertNil(try pair.server.readOutbound(as: ByteBuffer.self))
    }

    /// A lone write larger than a record becomes several records in one socket write.
    func testALoneWriteLargerThanARecordArrivesWhole() throws {
        let pair = try makePair()
        try pair.shuttle()
        let large = String(repeating: "x", count: 40_000)
        let done = pair.server.writeAndFlush(ByteBuffer(string: large))
        XCTAssertNoThrow(try done.wait())
        let wire = try XCTUnwrap(try pair.server.readOutbound(as: ByteBuffer.self))
        XCTAssertNil(try pair.server.readOutbound(as: ByteBuffer.self))
        XCTAssertEqual(records(wire).count, 3, "\(records(wire))")
        try pair.client.writeInbound(wire)
        XCTAssertEqual(pair.clientRecorder.receivedText, large)
    }

    /// After a lone write was sent, the next unflushed write is the one a close fails; writes made
    /// one after another before a flush go out in order.
    func testWritesAroundALoneWriteKeepTheirOrderAndFate() throws {
        let pair = try makePair()
        try pair.shuttle()
        XCTAssertNoThrow(try pair.client.writeAndFlush(ByteBuffer(string: "sent")).wait())
        let first = pair.client.write(ByteBuffer(string: "|held"))
        let second = pair.client.write(ByteBuffer(string: "|joined"))
        pair.client.flush()
        XCTAssertNoThrow(try first.wait())
        XCTAssertNoThrow(try second.wait())
        let unflushed = pair.client.write(ByteBuffer(string: "never flushed"))
        let close = pair.client.close()
        XCTAssertThrowsError(try unflushed.wait()) { error in
            XCTAssertEqual(error as? ChannelError, .ioOnClosedChannel)
        }
        try close.wait()
        try pair.shuttle()
        XCTAssertEqual(pair.serverRecorder.receivedText, "sent|held|joined")
    }

    func testWritesLargerThanARecordAreSplitAndArriveWhole() throws {
        let pair = try makePair()
        try pair.shuttle()
        let small = String(repeating: "a", count: 100)
        let large = String(repeating: "b", count: 20_000)
        let tail = String(repeating: "c", count: 16_000)
        for text in [small, large, tail, small] { pair.server.write(ByteBuffer(string: text), promise: nil) }
        pair.server.flush()
        let wire = try XCTUnwrap(try pair.server.readOutbound(as: ByteBuffer.self))
        // 100 alone (the 20,000 don't fit beside it), 20,000 as OpenSSL splits it (two records), then
        // 16,000 + 100 together.
        XCTAssertEqual(records(wire).count, 4, "\(records(wire))")
        try pair.client.writeInbound(wire)
        XCTAssertEqual(pair.clientRecorder.receivedText, small + large + tail + small)
    }
}

extension EmbeddedHandlerTests {
    func testRecordsArrivingAByteAtATimeAreDecryptedWhole() throws {
        let pair = try makePair()
        try pair.shuttle()
        let message = String(repeating: "split record ", count: 50)
        pair.client.writeAndFlush(ByteBuffer(string: message), promise: nil)
        pair.client.writeAndFlush(ByteBuffer(string: "|second"), promise: nil)
        var wire = ByteBuffer()
        while var bytes = try pair.client.readOutbound(as: ByteBuffer.self) { wire.writeBuffer(&bytes) }
        while let byte = wire.readSlice(length: 1) {
            try pair.server.writeInbound(byte)
        }
        XCTAssertEqual(pair.serverRecorder.receivedText, message + "|second")
        XCTAssertTrue(pair.server.isActive)
    }

    /// The client's Finished and its first records reach the server in one read: OpenSSL reads ahead
    /// past the handshake, and the records it holds are decrypted once the handshake completes.
    func testFinishedAndTheFirstRecordsInOneReadAreAllDecrypted() throws {
        let pair = try makePair()
        while let bytes = try pair.client.readOutbound(as: ByteBuffer.self) { try pair.server.writeInbound(bytes) }
        while let bytes = try pair.server.readOutbound(as: ByteBuffer.self) { try pair.client.writeInbound(bytes) }
        // The client is done with its handshake and writes before its Finished was delivered.
        pair.client.writeAndFlush(ByteBuffer(string: "first"), promise: nil)
        pair.client.writeAndFlush(ByteBuffer(string: "|second"), promise: nil)
        var wire = ByteBuffer()
        while var bytes = try pair.client.readOutbound(as: ByteBuffer.self) { wire.writeBuffer(&bytes) }
        XCTAssertEqual(pair.serverRecorder.receivedText, "")
        try pair.server.writeInbound(wire)
        XCTAssertEqual(pair.serverRecorder.receivedText, "first|second")
        XCTAssertTrue(pair.server.isActive)
    }

    /// Several records and the start of the next in one read, the rest in the next read.
    func testRecordsAndAPartialRecordInOneReadAreDecryptedInOrder() throws {
        let pair = try makePair()
        try pair.shuttle()
        for text in ["one", "|two", "|three"] { pair.client.writeAndFlush(ByteBuffer(string: text), promise: nil) }
        var wire = ByteBuffer()
        while var bytes = try pair.client.readOutbound(as: ByteBuffer.self) { wire.writeBuffer(&bytes) }
        let first = try XCTUnwrap(wire.readSlice(length: wire.readableBytes - 10))
        try pair.server.writeInbound(first)
        XCTAssertEqual(pair.serverRecorder.receivedText, "one|two")
        try pair.server.writeInbound(wire)
        XCTAssertEqual(pair.serverRecorder.receivedText, "one|two|three")
    }
}
