import Logging
import NIOCore
import NIOHTTP1
import TLS

/// Bounds the time a client may hold a connection without making progress, so a slow or stalled
/// client costs one idle socket and nothing else:
/// - a new connection must deliver its first request head within `readTimeout` (counted from the
///   end of the TLS handshake, which has its own timeout);
/// - once a head arrived, the rest of that request must follow within `readTimeout`; if it doesn't,
///   the client gets 408 and the connection is closed;
/// - between requests, a kept-alive connection may stay idle for `idleTimeout`, then it is closed.
///
/// Sits between NIO's HTTP request decoder and `AdmissionHTTPHandler`, watching request parts come
/// in; `AdmissionHTTPHandler` tells it when it wrote an answer (`responseWritten()`), since answers
/// leave as plain bytes.
///
/// Scheduling and cancelling a task for every request costs more than answering a health check, so
/// the handler keeps a deadline and one timer per connection that only ever fires early: each state
/// change moves `deadline` (one clock read), and the timer, when it fires before the deadline,
/// re-arms itself for it. A new timer is scheduled only when the deadline moves before the armed
/// one, which is rare: a request still incomplete at the end of a read (its head came, its body
/// did not), or an idle timeout shorter than the read timeout, once.
final class RequestTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// Waiting for a request head; `first` on a fresh connection.
        case waiting(first: Bool)
        /// A head arrived, its `.end` has not; `answered` once a response was sent early (an error).
        case receiving(version: HTTPVersion, answered: Bool)
        /// The request is complete and being answered: no deadline.
        case answering
        /// Timed out: the connection is closing, nothing more is passed on.
        case closed
    }

    private let readTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let logger: Logger
    private var state = State.waiting(first: true)
    /// When the current state's time is up; meaningless while `.answering` or `.closed`.
    private var deadline = NIODeadline.distantFuture
    /// The one armed timer and when it fires (never after `deadline` while a deadline applies).
    private var timer: Scheduled<Void>?
    private var timerFires = NIODeadline.distantFuture
    /// This handler's place in the pipeline, for `responseWritten()`; set while it is in one.
    private var context: ChannelHandlerContext?

    init(readTimeout: TimeAmount, idleTimeout: TimeAmount, logger: Logger) {
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { startClock(context: context, readTimeout) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        startClock(context: context, readTimeout)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        state = .closed
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The first request's clock starts when the handshake is done, not when the TCP connection was.
        if event is TLSHandshakeCompleted, case .waiting(first: true) = state {
            startClock(context: context, readTimeout)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (state, unwrapInboundIn(data)) {
        case (.closed, _):
            return
        case (_, .head(let head)):
            state = .receiving(version: head.version, answered: false)
            // The timer is made sure of at the end of the read, and only if the request is still
            // incomplete then: most requests arrive whole in one read.
            deadline = context.eventLoop.now + readTimeout
        case (.receiving, .end):
            state = .answering
        default:
            break
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if case .receiving = state { armTimer(context: context) }
        context.fireChannelReadComplete()
    }

    /// A final answer to the current request was written: the idle clock starts once the request is
    /// complete; an answer sent before that (an error) only means no 408 is owed.
    func responseWritten() {
        guard let context else { return }
        switch state {
        case .answering:
            state = .waiting(first: false)
            startClock(context: context, idleTimeout)
        case .receiving(let version, _):
            state = .receiving(version: version, answered: true)
        case .waiting, .closed:
            break
        }
    }

    /// Sets the deadline `timeout` from now and makes sure a timer fires by then.
    private func startClock(context: ChannelHandlerContext, _ timeout: TimeAmount) {
        deadline = context.eventLoop.now + timeout
        armTimer(context: context)
    }

    /// Schedules the timer for `deadline` unless one already fires no later than that.
    private func armTimer(context: ChannelHandlerContext) {
        if timer != nil, timerFires <= deadline { return }
        timer?.cancel()
        timerFires = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        switch state {
        case .answering, .closed:
            // No deadline now; the next state change arms the timer again.
            return
        case .waiting, .receiving:
            if context.eventLoop.now < deadline {
                armTimer(context: context)
            } else {
                timedOut(context: context)
            }
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    private func timedOut(context: ChannelHandlerContext) {
        let previous = state
        state = .closed
        switch previous {
        case .receiving(let version, answered: false):
            logger.info("request timed out", metadata: [
                "peer": .string(context.channel.remoteAddress?.description ?? "?"),
                "timeout": .string(ValueParsing.durationText(readTimeout)),
            ])
            let reply = HTTPReply.error(
                .requestTimeout, reason: "RequestTimeout",
                "request not received within \(ValueParsing.durationText(readTimeout))")
            var buffer = context.channel.allocator.buffer(capacity: HTTPResponseBytes.capacity(for: reply))
            HTTPResponseBytes.write(reply, version: version, connection: "close", includeBody: true, into: &buffer)
            context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        case .waiting, .receiving, .answering, .closed:
            // No request owed an answer (or it was answered): just close.
            context.close(promise: nil)
        }
    }
}
