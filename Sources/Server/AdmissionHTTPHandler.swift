import Logging
import NIOCore
import NIOHTTP1
import TLS

/// What every connection's handler shares: the service, the routes of its listener, the lifecycle.
struct HandlerEnvironment: Sendable {
    var routes: RouteTable
    var service: AdmissionService
    var lifecycle: ShutdownController
    var maxBodyBytes: Int
    var logger: Logger
    /// Renders `/metrics`; nil when the server has no metrics (404).
    var metrics: MetricsObserver?
}

/// One HTTP/1.1 connection's requests: routes each, collects an admission body into one buffer
/// (bounded by the Content-Length check up front and by counting while it streams), hands the bytes
/// to `AdmissionService`, and writes the answer with Content-Type, Content-Length and keep-alive as
/// the client asked.
///
/// A request refused from its head alone (404, 405, 411, 413, 415) is answered at once; when the
/// client declared a body it has not sent yet, the connection is closed after the answer rather than
/// reading a body nobody wants.
///
/// Answers leave as bytes (`HTTPResponseBytes`), one write per response, and the handler does what
/// NIO's HTTP server handlers did around that: a request the parser refuses gets 400 and the
/// connection closes; `ChannelShouldQuiesceEvent` closes an idle connection at once and a busy one
/// after its answer (`connection: close`). Requests are answered as soon as they are complete, so
/// a pipelined request is only read after the previous answer was written, in order.
final class AdmissionHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private struct RequestInfo {
        var version: HTTPVersion
        var keepAlive: Bool
        var isHEAD: Bool
    }

    private enum State {
        case idle
        /// An admission request's body is arriving (into `body`); `declared` is its Content-Length
        /// (nil when chunked).
        case collecting(RequestInfo, AdmissionEndpoint, declared: Int?)
        /// A health check: answered at `.end`.
        case health(RequestInfo, Route)
        /// Refused from its head, no body expected: answered at `.end` with `refusal`, connection kept.
        case refused(RequestInfo)
        /// Already answered (or closing): the rest of the request is dropped.
        case discarding
    }

    private let environment: HandlerEnvironment
    /// The read and idle timeouts, told of every request part, read and answer.
    private let timer: RequestTimer
    /// Plain values only (the refusal is kept beside it): a state is then copied and dropped as bits,
    /// where a payload that needs releasing made every copy of it a call through its value witnesses.
    private var state = State.idle
    /// The answer to a request in `.refused`, until its `.end`.
    private var refusal: HTTPReply?
    /// The body collected so far while `.collecting` (nil before its first part). Kept out of
    /// `state` so that appending to it, and reading the state, copies neither the buffer nor the state.
    private var body: ByteBuffer?
    /// The last admission body's bytes, the array used again for the next body.
    private var bodyBytes: [UInt8] = []
    /// A larger body's array is not kept for the connection's lifetime.
    private static let retainedBodyLimit = 64 * 1024
    /// The last answer's buffer, used again for the next one (see `respond`).
    private var responseBuffer: ByteBuffer?
    /// A larger answer's buffer (a big `/metrics`) is not kept for the connection's lifetime.
    private static let retainedResponseLimit = 16 * 1024
    /// Whether this connection counts a request in the lifecycle's in-flight number right now.
    private var inFlight = false
    /// A shutdown asked this connection to close after the request it is on.
    private var quiescing = false
    /// An answer that closes the connection was written: nothing more is read or answered.
    private var closing = false

    init(environment: HandlerEnvironment, readTimeout: TimeAmount, idleTimeout: TimeAmount) {
        self.environment = environment
        self.timer = RequestTimer(readTimeout: readTimeout, idleTimeout: idleTimeout, logger: environment.logger)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { timer.connectionStarted(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer.stop()
    }

    func channelActive(context: ChannelHandlerContext) {
        timer.connectionStarted(context: context)
        context.fireChannelActive()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        timer.readCompleted(context: context)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer.stop()
        finishInFlight()
        state = .idle
        refusal = nil
        body = nil
        bodyBytes = []
        responseBuffer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, !timer.hasExpired else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            timer.headReceived(version: head.version, context: context)
            received(head, context: context)
        case .body(var part):
            guard case .collecting(let info, _, let declared) = state else { return }
            let collected = body?.readableBytes ?? 0
            guard part.readableBytes <= environment.maxBodyBytes - collected else {
                state = .discarding
                body = nil
                let reply = HTTPReply.error(
                    .payloadTooLarge, reason: "RequestEntityTooLarge",
                    "request body exceeds the limit of \(environment.maxBodyBytes) bytes")
                respond(reply, info, context: context, close: true)
                return
            }
            if var collected = body {
                // Taken out while it grows: `body` left holding it would make the append copy it,
                // and an access to `body` spanning the append would need a run-time exclusivity check.
                body = nil
                collected.writeBuffer(&part)
                body = collected
            } else if part.readableBytes == declared ?? -1 {
                // The whole body in one part (the usual case): kept as it is, no copy.
                body = part
            } else {
                // Room for the whole declared body, so the parts are appended without regrowing.
                var fresh = context.channel.allocator.buffer(capacity: declared ?? part.readableBytes)
                fresh.writeBuffer(&part)
                body = fresh
            }
        case .end:
            timer.requestCompleted()
            let current = state
            state = .idle
            switch current {
            case .collecting(let info, let endpoint, _):
                // The one copy: from NIO's buffer into the array the JSON reader parses. The array
                // of the last request is used again when nothing holds it any more (after `handle`
                // only capture's writer might); otherwise emptying it gives fresh storage.
                // Worked on as a local, so no access to the stored property spans a call (which
                // would cost a run-time exclusivity check on every access to it).
                var bytes = bodyBytes
                bodyBytes = []
                bytes.removeAll(keepingCapacity: true)
                if let body { Self.append(body, to: &bytes) }
                body = nil
                let reply = environment.service.handle(endpoint, body: bytes)
                if bytes.capacity <= Self.retainedBodyLimit { bodyBytes = bytes }
                respond(reply, info, context: context, close: false)
            case .health(let info, let route):
                respond(healthReply(route), info, context: context, close: false)
            case .refused(let info):
                // Set together with the state, in `received`.
                guard let reply = refusal else { break }
                refusal = nil
                respond(reply, info, context: context, close: false)
            case .idle, .discarding:
                break
            }
        }
    }

    /// Appends the readable bytes, copied in one go.
    static func append(_ buffer: ByteBuffer, to array: inout [UInt8]) {
        buffer.withUnsafeReadableBytes { raw in
            array.append(contentsOf: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
        }
    }

    private func received(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        environment.lifecycle.requestStarted()
        inFlight = true
        let info = RequestInfo(version: head.version, keepAlive: head.isKeepAlive, isHEAD: RequestCheck.isMethod(head.method, .HEAD))
        let route = environment.routes.route(uri: head.uri)
        let headers = RequestHeaders(head.headers)
        let refusal: HTTPReply?
        switch route {
        case .admission(let endpoint):
            refusal = RequestCheck.admissionHead(head, headers, maxBodyBytes: environment.maxBodyBytes)
            if refusal == nil {
                state = .collecting(info, endpoint, declared: headers.contentLength)
                body = nil
                if headers.expectsContinue(head.headers) {
                    var buffer = context.channel.allocator.buffer(capacity: 32)
                    HTTPResponseBytes.writeContinue(version: head.version, into: &buffer)
                    context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
                }
                return
            }
        case .metrics where environment.metrics == nil:
            refusal = RequestCheck.notFound(head)
        case .healthz, .readyz, .metrics:
            refusal = RequestCheck.healthHead(head)
            if refusal == nil, let route {
                state = .health(info, route)
                return
            }
        case nil:
            refusal = RequestCheck.notFound(head)
        }
        guard let refusal else { return }
        if headers.hasBody(head.headers) {
            state = .discarding
            respond(refusal, info, context: context, close: true)
        } else {
            state = .refused(info)
            self.refusal = refusal
        }
    }

    private func healthReply(_ route: Route) -> HTTPReply {
        switch route {
        case .readyz:
            guard environment.lifecycle.isReady else {
                return HTTPReply(status: .serviceUnavailable, body: Array(#"{"status":"shutting down"}"#.utf8) + [0x0A])
            }
            var body = Array(#"{"status":"ready","policies":""#.utf8)
            body.append(contentsOf: environment.service.policies.current.contentHash.utf8)
            body.append(contentsOf: "\"}\n".utf8)
            return HTTPReply(status: .ok, body: body)
        case .metrics:
            // The scrape itself is in flight too; it is not what the gauge is about.
            let body = environment.metrics?.exposition(inFlight: environment.lifecycle.inFlightRequests - 1) ?? []
            return HTTPReply(status: .ok, body: body, contentType: "text/plain; version=0.0.4; charset=utf-8")
        case .healthz, .admission:
            return HTTPReply(status: .ok, body: Array(#"{"status":"ok"}"#.utf8) + [0x0A])
        }
    }

    /// Writes a complete response. `close` (or a client that did not ask for keep-alive, or a
    /// shutdown) closes the connection once the response is written.
    private func respond(_ reply: HTTPReply, _ info: RequestInfo, context: ChannelHandlerContext, close: Bool) {
        let closing = close || quiescing || !info.keepAlive
        let connection: StaticString?
        if closing {
            connection = "close"
        } else if info.version.major == 1, info.version.minor == 0 {
            connection = "keep-alive"
        } else {
            connection = nil
        }
        let capacity = HTTPResponseBytes.capacity(for: reply)
        var buffer: ByteBuffer
        if var previous = responseBuffer {
            // The last answer's memory, if nothing holds it any more (TLS has encrypted it, the
            // socket has written it); otherwise `clear` gives fresh storage and the old stays theirs.
            responseBuffer = nil
            previous.clear(minimumCapacity: capacity)
            buffer = previous
        } else {
            buffer = context.channel.allocator.buffer(capacity: capacity)
        }
        HTTPResponseBytes.write(reply, version: info.version, connection: connection, includeBody: !info.isHEAD, into: &buffer)
        finishInFlight()
        timer.responseWritten(context: context)
        if closing {
            self.closing = true
            context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            if buffer.capacity <= Self.retainedResponseLimit { responseBuffer = buffer }
        }
    }

    private func finishInFlight() {
        if inFlight {
            inFlight = false
            environment.lifecycle.requestFinished()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            quiescing = true
            // Between requests nothing is owed: close now. Otherwise the answer closes.
            if case .idle = state { context.close(promise: nil) }
            return
        }
        if let handshake = event as? TLSHandshakeCompleted {
            timer.handshakeCompleted(context: context)
            // Debug only: with mTLS it names the client certificate, which is how one checks that
            // the API server presents the expected identity.
            environment.logger.debug("tls handshake", metadata: [
                "peer": .string(context.channel.remoteAddress?.description ?? "?"),
                "version": .string(handshake.protocolVersion),
                "cipher": .string(handshake.cipher),
                "alpn": .string(handshake.applicationProtocol ?? "none"),
                "client": .string(handshake.peerSubject ?? "none"),
            ])
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A request the parser refuses gets 400, unless this request was already answered (then
        // there is nothing more to say); TLS failures name the peer and OpenSSL's reason. Either
        // way this connection is done.
        if error is HTTPParserError, !closing {
            closing = true
            var buffer = context.channel.allocator.buffer(capacity: 80)
            HTTPResponseBytes.writeBadRequest(into: &buffer)
            finishInFlight()
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
        if let tls = error as? TLSError {
            environment.logger.info("tls error", metadata: ["error": .string(tls.description)])
        } else {
            environment.logger.debug("connection error", metadata: [
                "peer": .string(context.channel.remoteAddress?.description ?? "?"),
                "error": .string(String(describing: error)),
            ])
        }
        context.close(promise: nil)
    }
}
