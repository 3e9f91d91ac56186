import NIOCore

/// The flushes of one event loop's connections, held until the loop has read every socket that was
/// ready in this pass and then made together, by one task the loop runs before it waits again.
///
/// Why: under load one pass of the loop serves dozens of connections. Flushing each answer as it is
/// made wakes the client once per answer, and on a busy machine that wake-up (a cross-core interrupt
/// in the kernel's socket code) costs more than the answer's TLS record. Flushed at the end of the
/// pass, a client with many connections wakes once per pass. An answer waits at most for the rest of
/// its pass (the connections that were ready with it); with one connection ready, nothing waits.
/// Netty's `FlushConsolidationHandler` makes the same trade within one connection; this one spans
/// the loop's connections.
///
/// Only touched on `eventLoop`.
final class LoopFlushQueue: @unchecked Sendable {
    let eventLoop: any EventLoop
    private var waiting: [(handler: FlushConsolidationHandler, context: ChannelHandlerContext)] = []

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Queues a connection's flush; the first one of a pass schedules the task that makes them all.
    fileprivate func enqueue(_ handler: FlushConsolidationHandler, context: ChannelHandlerContext) {
        eventLoop.assertInEventLoop()
        if waiting.isEmpty {
            // A task submitted on the loop itself runs after the pass's I/O, without waking the selector.
            eventLoop.assumeIsolatedUnsafeUnchecked().execute { self.flushAll() }
        }
        waiting.append((handler, context))
    }

    private func flushAll() {
        // Taken out first: a flush can run handlers that queue again, for the next task.
        let queued = waiting
        waiting.removeAll(keepingCapacity: true)
        for (handler, context) in queued {
            handler.flushNow(context: context)
        }
    }
}

/// A connection's first handler, nearest the socket: writes go on at once, a flush waits in the
/// loop's `LoopFlushQueue`. A close makes the waiting flush first, so nothing written before it is
/// dropped (a 408 or 503 and the TLS close_notify are written, flushed, then closed).
final class FlushConsolidationHandler: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    private let queue: LoopFlushQueue
    /// A flush is queued and not yet made.
    private var flushQueued = false

    init(queue: LoopFlushQueue) {
        self.queue = queue
    }

    func flush(context: ChannelHandlerContext) {
        guard !flushQueued else { return }
        flushQueued = true
        queue.enqueue(self, context: context)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        flushNow(context: context)
        context.close(mode: mode, promise: promise)
    }

    /// Makes the queued flush, if there still is one.
    fileprivate func flushNow(context: ChannelHandlerContext) {
        guard flushQueued else { return }
        flushQueued = false
        context.flush()
    }
}
