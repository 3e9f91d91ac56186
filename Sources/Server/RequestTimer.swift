import Logging
import NIOCore
import NIOHTTP1

/// Bounds the time a client may hold a connection without making progress, so a slow or stalled
/// client costs one idle socket and nothing else:
/// - a new connection must deliver its first request head within `readTimeout` (counted from the
///   end of the TLS handshake, which has its own timeout);
/// - once a head arrived, the rest of that request must follow within `readTimeout`; if it doesn't,
///   the client gets 408 and the connection is closed;
/// - between requests, a kept-alive connection may stay idle for `idleTimeout`, then it is closed.
///
/// Driven by `AdmissionHTTPHandler`, which sees every request part and writes every answer and
/// tells this about each (a handler of its own in the pipeline would cost every request part
/// another hop and another cast out of `NIOAny`). Lives on the connection's event loop.
///
/// Scheduling and cancelling a task for every request costs more than answering a health check, so
/// this keeps a deadline and one timer per connection that only ever fires early: each state
/// change that needs one moves `deadline` (one clock read), and the timer, when it fires before the deadline,
/// re-arms itself for it. A new timer is scheduled only when the deadline moves before the armed
/// one, which is rare: a request still incomplete at the end of a read (its head came, its body
/// did not), or an idle timeout shorter than the read timeout, once.
final class RequestTimer {
    private enum State {
        /// Waiting for a request head; `first` on a fresh connection.
        case waiting(first: Bool)
        /// A head arrived, its `.end` has not; `answered` once a response was sent early (an error).
        case receiving(version: HTTPVersion, answered: Bool)
        /// The request is complete and being answered: no deadline.
        case answering
        /// Timed out (the connection is closing), or the connection is gone.
        case expired
    }

    private let readTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let logger: Logger
    private var state = State.waiting(first: true)
    /// When the current state's time is up; meaningless while `.answering` or `.expired`, and
    /// while `.receiving` until the end of the read that brought the head (`headInThisRead`).
    private var deadline = NIODeadline.distantFuture
    /// A head arrived in the current read: `readCompleted` sets the read deadline if it is still needed.
    private var headInThisRead = false
    /// The one armed timer and when it fires (never after `deadline` while a deadline applies).
    private var timer: Scheduled<Void>?
    private var timerFires = NIODeadline.distantFuture

    init(readTimeout: TimeAmount, idleTimeout: TimeAmount, logger: Logger) {
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    /// Timed out or stopped: nothing more on this connection is to be read or answered.
    var hasExpired: Bool {
        if case .expired = state { return true }
        return false
    }

    // MARK: Told by the handler

    /// The connection is up (or the handler joined an active one): the first request's clock runs.
    func connectionStarted(context: ChannelHandlerContext) {
        startClock(context: context, readTimeout)
    }

    /// The first request's clock restarts when the TLS handshake is done, not when TCP connected.
    func handshakeCompleted(context: ChannelHandlerContext) {
        if case .waiting(first: true) = state { startClock(context: context, readTimeout) }
    }

    func headReceived(version: HTTPVersion, context: ChannelHandlerContext) {
        guard !hasExpired else { return }
        state = .receiving(version: version, answered: false)
        // The deadline and the timer are set at the end of this read, and only if the request is
        // still incomplete then: most requests arrive whole in one read, and so need no clock read
        // for it. Within one read no timer can fire, so the deadline counts from this head all the same.
        headInThisRead = true
    }

    func requestCompleted() {
        if case .receiving = state { state = .answering }
    }

    func readCompleted(context: ChannelHandlerContext) {
        let headCame = headInThisRead
        headInThisRead = false
        guard case .receiving = state else { return }
        // A request's time counts from its head, not from each read of its body.
        if headCame { deadline = context.eventLoop.now + readTimeout }
        armTimer(context: context)
    }

    /// A final answer to the current request was written: the idle clock starts once the request is
    /// complete; an answer sent before that (an error) only means no 408 is owed.
    func responseWritten(context: ChannelHandlerContext) {
        switch state {
        case .answering:
            state = .waiting(first: false)
            startClock(context: context, idleTimeout)
        case .receiving(let version, _):
            state = .receiving(version: version, answered: true)
        case .waiting, .expired:
            break
        }
    }

    /// The connection is gone or the handler left it.
    func stop() {
        state = .expired
        timer?.cancel()
        timer = nil
    }

    // MARK: The timer

    /// Sets the deadline `timeout` from now and makes sure a timer fires by then.
    private func startClock(context: ChannelHandlerContext, _ timeout: TimeAmount) {
        guard !hasExpired else { return }
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
        case .answering, .expired:
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

    private func timedOut(context: ChannelHandlerContext) {
        let previous = state
        state = .expired
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
            context.writeAndFlush(NIOAny(buffer)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        case .waiting, .receiving, .answering, .expired:
            // No request owed an answer (or it was answered): just close.
            context.close(promise: nil)
        }
    }
}
