import NIOCore
import NIOEmbedded
@testable import Server
import XCTest

/// `FlushConsolidationHandler` and `LoopFlushQueue` on embedded channels sharing one loop: a flush is
/// made when the loop runs its tasks, not when it is asked for, and a close never drops what was
/// written before it. (The real server's many-connection path is in `EndToEndTests`.)
final class FlushConsolidationTests: XCTestCase {
    private var loop: EmbeddedEventLoop!
    private var queue: LoopFlushQueue!

    override func setUp() {
        loop = EmbeddedEventLoop()
        queue = LoopFlushQueue(eventLoop: loop)
    }

    private func makeChannel(socketSide: SocketSide? = nil) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(loop: loop)
        if let socketSide { try channel.pipeline.syncOperations.addHandler(socketSide) }
        try channel.pipeline.syncOperations.addHandler(FlushConsolidationHandler(queue: queue))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 443)).wait()
        return channel
    }

    /// What reached the socket, as text; nil when nothing was flushed.
    private func sent(_ channel: EmbeddedChannel) throws -> String? {
        var text: String?
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text = (text ?? "") + String(buffer: buffer)
        }
        return text
    }

    func testFlushIsMadeWhenTheLoopRunsItsTasks() throws {
        let channel = try makeChannel()
        let written = channel.writeAndFlush(ByteBuffer(string: "answer"))
        XCTAssertNil(try sent(channel), "held until the loop's pass ends")
        loop.run()
        XCTAssertEqual(try sent(channel), "answer")
        XCTAssertNoThrow(try written.wait())
    }

    func testConnectionsOfOneLoopAreFlushedTogetherInOrder() throws {
        let channels = try (0..<3).map { _ in try makeChannel() }
        for (index, channel) in channels.enumerated() {
            channel.write(ByteBuffer(string: "head\(index) "), promise: nil)
            channel.writeAndFlush(ByteBuffer(string: "body\(index)"), promise: nil)
            // A second flush of the same connection in the same pass is not queued twice.
            channel.flush()
        }
        XCTAssertEqual(try channels.map { try sent($0) }, [nil, nil, nil])
        loop.run()
        XCTAssertEqual(try channels.map { try sent($0) }, ["head0 body0", "head1 body1", "head2 body2"])
        loop.run()
        XCTAssertEqual(try channels.map { try sent($0) }, [nil, nil, nil], "flushed once")
    }

    func testAWriteWithoutFlushStaysUnsent() throws {
        let channel = try makeChannel()
        channel.write(ByteBuffer(string: "not flushed"), promise: nil)
        loop.run()
        XCTAssertNil(try sent(channel))
        channel.flush()
        loop.run()
        XCTAssertEqual(try sent(channel), "not flushed")
    }

    func testCloseMakesTheQueuedFlushFirst() throws {
        let channel = try makeChannel()
        let written = channel.writeAndFlush(ByteBuffer(string: "HTTP/1.1 408 Request Timeout"))
        let closed = channel.close()
        // Already out, before the loop ran: the close did not drop the answer it followed.
        XCTAssertEqual(try sent(channel), "HTTP/1.1 408 Request Timeout")
        XCTAssertNoThrow(try written.wait())
        XCTAssertNoThrow(try closed.wait())
        loop.run()  // The queued task finds nothing left to flush on the closed channel.
        XCTAssertNil(try sent(channel))
    }

    func testFlushQueuedForAChannelClosedUnderneathStillCompletesTheWrite() throws {
        let socketSide = SocketSide()
        let channel = try makeChannel(socketSide: socketSide)
        var completed = false
        channel.writeAndFlush(ByteBuffer(string: "late")).assumeIsolated().whenComplete { _ in completed = true }
        // Closed from the socket's side of the handler (as when the peer resets the connection), so
        // the close does not pass through it and its flush is still queued when the pass ends.
        socketSide.closeFromBelow()
        XCTAssertFalse(channel.isActive)
        XCTAssertFalse(completed)
        loop.run()
        // A socket channel fails the write; EmbeddedChannel hands it out anyway. Either way the
        // promise is completed and nothing is left waiting on the closed channel.
        XCTAssertTrue(completed)
    }
}

/// A handler between the socket and `FlushConsolidationHandler` that can close the channel without
/// the close passing through the handlers above it.
private final class SocketSide: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func closeFromBelow() {
        context?.close(promise: nil)
    }
}
