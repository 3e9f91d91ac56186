import Dispatch
import NIOConcurrencyHelpers
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The server's lifecycle as the endpoints see it: ready until a shutdown starts, and how many
/// requests are being answered right now. Also turns SIGTERM and SIGINT into a shutdown.
public final class ShutdownController: Sendable {
    private struct State: Sendable {
        var shuttingDown = false
    }

    private let state = NIOLockedValueBox(State())
    /// Counted on every request, so an atomic rather than `state`'s lock.
    private let inFlight = Atomic<Int>(0)
    /// Kept alive for as long as the controller: a signal source that is released stops delivering.
    private let signalSources = NIOLockedValueBox<[SignalSource]>([])

    public init() {}

    /// What `/readyz` reports: false from the moment a shutdown starts, so the Service stops sending
    /// new requests here while the ones already sent finish.
    public var isReady: Bool { state.withLockedValue { !$0.shuttingDown } }

    public var isShuttingDown: Bool { state.withLockedValue { $0.shuttingDown } }

    /// Requests whose head arrived and whose response is not yet written.
    public var inFlightRequests: Int { inFlight.load(ordering: .sequentiallyConsistent) }

    /// Marks the server as shutting down. True the first time only.
    public func beginShutdown() -> Bool {
        state.withLockedValue { state in
            defer { state.shuttingDown = true }
            return !state.shuttingDown
        }
    }

    func requestStarted() { inFlight.wrappingAdd(1, ordering: .sequentiallyConsistent) }
    func requestFinished() { inFlight.wrappingSubtract(1, ordering: .sequentiallyConsistent) }

    /// Calls `handler` with the signal's number each time one of `signals` arrives. The signals'
    /// default action (terminating the process) is switched off, so the handler decides.
    public func onSignals(_ signals: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "tenantry.signals")
        for number in signals {
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            signalSources.withLockedValue { $0.append(SignalSource(source)) }
        }
    }

    /// `SIGTERM`, `SIGINT` and the like, for logs.
    public static func name(of signal: Int32) -> String {
        switch signal {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        case SIGHUP: return "SIGHUP"
        case SIGQUIT: return "SIGQUIT"
        default: return "signal \(signal)"
        }
    }
}

/// A Dispatch signal source, held only to keep it alive and cancelled on release.
///
/// `@unchecked Sendable`: the wrapped source is only touched in `init` and `deinit`; Dispatch sources
/// themselves are thread-safe objects (their handlers run on their queue).
private final class SignalSource: @unchecked Sendable {
    private let source: any DispatchSourceSignal

    init(_ source: any DispatchSourceSignal) {
        self.source = source
    }

    deinit {
        source.cancel()
    }
}
