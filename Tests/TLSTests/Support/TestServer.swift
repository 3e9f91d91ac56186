import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TLS

/// What one side of the tests saw: handshakes, TLS errors, other errors, bytes, closes.
final class Recorder: Sendable {
    struct State {
        var handshakes: [TLSHandshakeCompleted] = []
        var tlsErrors: [TLSError] = []
        var otherErrors: [String] = []
        var received: [UInt8] = []
        var closed = 0
    }

    private let box = NIOLockedValueBox(State())

    var state: State { box.withLockedValue { $0 } }
    var receivedText: String { String(decoding: state.received, as: UTF8.self) }

    func update(_ body: (inout State) -> Void) { box.withLockedValue(body) }

    /// Polls until `condition` holds or `timeout` passes; returns whether it held.
    @discardableResult
    func wait(timeout: TimeInterval = 5, until condition: (State) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(state) { return true }
            usleep(2_000)
        }
        return condition(state)
    }
}

/// Records TLS events and errors, then plays a tiny application: "GET …" gets a minimal HTTP/1.1
/// response (the connection stays open), "close" gets "bye" and a close, "flood" gets 32 MB and a
/// close, anything else is echoed.
final class TestApplicationHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let httpBody = "hello from tenantry\n"
    let recorder: Recorder
    let respond: Bool

    init(recorder: Recorder, respond: Bool = true) {
        self.recorder = recorder
        self.respond = respond
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let handshake = event as? TLSHandshakeCompleted {
            recorder.update { $0.handshakes.append(handshake) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? TLSError {
            recorder.update { $0.tlsErrors.append(error) }
        } else {
            recorder.update { $0.otherErrors.append(String(describing: error)) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        recorder.update { $0.closed += 1 }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        recorder.update { $0.received.append(contentsOf: buffer.readableBytesView) }
        guard respond else { return }
        let text = String(buffer: buffer)
        if text.hasPrefix("GET ") {
            let response =
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(Self.httpBody.utf8.count)\r\n\r\n"
                + Self.httpBody
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response)), promise: nil)
        } else if text == "flood" {
            // More than loopback socket buffers hold, then close: a peer that stopped reading
            // leaves the close_notify write pending.
            let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024)
            for _ in 0..<512 { context.write(wrapOutboundOut(chunk), promise: nil) }
            context.flush()
            context.close(promise: nil)
        } else if text == "close" {
            context.write(wrapOutboundOut(ByteBuffer(string: "bye")), promise: nil)
            context.flush()
            context.close(promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }
}

/// A loopback server on an ephemeral port: OpenSSLHandler (made per connection) + the test application.
final class TestServer {
    let channel: Channel
    let recorder: Recorder
    var port: Int { channel.localAddress?.port ?? 0 }

    init(group: EventLoopGroup, makeHandler: @escaping @Sendable () throws -> OpenSSLHandler) throws {
        let recorder = Recorder()
        self.recorder = recorder
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(makeHandler())
                    try sync.addHandler(TestApplicationHandler(recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    convenience init(group: EventLoopGroup, context: TLSContext) throws {
        try self.init(group: group) { try OpenSSLHandler(context: context) }
    }

    convenience init(group: EventLoopGroup, store: TLSContextStore) throws {
        try self.init(group: group) { try store.makeServerHandler() }
    }

    func stop() {
        try? channel.close().wait()
    }
}

/// A loopback client: our own OpenSSLHandler in client mode (or none, for raw TCP) + a recorder.
final class TestClient {
    let channel: Channel
    let recorder: Recorder

    init(group: EventLoopGroup, port: Int, context: TLSContext?) throws {
        let recorder = Recorder()
        self.recorder = recorder
        channel = try ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let context {
                        try sync.addHandler(OpenSSLHandler(context: context))
                    }
                    try sync.addHandler(TestApplicationHandler(recorder: recorder, respond: false))
                }
            }
            .connect(host: "127.0.0.1", port: port).wait()
    }

    func send(_ text: String) throws {
        try channel.writeAndFlush(ByteBuffer(string: text)).wait()
    }

    /// Sends `text` and waits until the received bytes end with `expected`.
    func roundTrip(_ text: String, expecting expected: String? = nil, timeout: TimeInterval = 5) throws -> Bool {
        let expected = expected ?? text
        let before = recorder.state.received.count
        try send(text)
        return recorder.wait(timeout: timeout) {
            $0.received.count >= before + expected.utf8.count
                && String(decoding: $0.received[before...], as: UTF8.self).hasSuffix(expected)
        }
    }

    func close() {
        try? channel.close().wait()
    }
}
