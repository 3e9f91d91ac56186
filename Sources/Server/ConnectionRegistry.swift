import NIOConcurrencyHelpers
import NIOCore

/// The open connections of one listener, so a shutdown can ask each to finish its current request
/// and close (NIO's `ChannelShouldQuiesceEvent`, which `AdmissionHTTPHandler` acts on), then
/// wait for them, and close whatever is left when the grace period runs out.
final class ConnectionRegistry: Sendable {
    private struct State: Sendable {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var quiescing = false
    }

    private let state = NIOLockedValueBox(State())
    /// The number of open connections, waited on by `waitUntilEmpty`. Taken around every change of
    /// `state.channels` (outside the box's lock), so the count it is left with is always the latest.
    private let count = ConditionLock(value: 0)

    /// Tracks `channel` until it closes. Call from the channel initializer, after the pipeline is set
    /// up: a connection accepted just as a shutdown began is asked to quiesce at once.
    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        count.lock()
        let (quiescing, open) = state.withLockedValue { state in
            state.channels[id] = channel
            return (state.quiescing, state.channels.count)
        }
        count.unlock(withValue: open)
        channel.closeFuture.whenComplete { [self] _ in
            count.lock()
            let open = state.withLockedValue { state in
                state.channels.removeValue(forKey: id)
                return state.channels.count
            }
            count.unlock(withValue: open)
        }
        if quiescing {
            channel.eventLoop.execute { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
        }
    }

    var openConnections: Int {
        state.withLockedValue { $0.channels.count }
    }

    /// Asks every open connection to close once its current request is answered (idle ones close now).
    func quiesceAll() {
        let channels = state.withLockedValue { state in
            state.quiescing = true
            return Array(state.channels.values)
        }
        for channel in channels {
            channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    /// Blocks until every connection closed or `timeout` passed; true when all closed.
    func waitUntilEmpty(timeout: TimeAmount) -> Bool {
        let seconds = Double(max(0, timeout.nanoseconds)) / 1_000_000_000
        guard count.lock(whenValue: 0, timeoutSeconds: seconds) else { return false }
        count.unlock()
        return true
    }

    /// Closes every open connection now; returns how many there were.
    @discardableResult
    func closeAll() -> Int {
        let channels = state.withLockedValue { Array($0.channels.values) }
        for channel in channels { channel.close(promise: nil) }
        return channels.count
    }
}
