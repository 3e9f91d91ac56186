import Dispatch
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import TLS

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The webhook server: a TLS listener for the admission and health endpoints, a plain-HTTP listener
/// for kubelet probes, the reload timer, and an orderly shutdown.
///
/// Each connection's pipeline: `FlushConsolidationHandler` (flushes at the end of the event loop's
/// pass) → `OpenSSLHandler` (from the context store, so a reloaded certificate applies to new
/// connections) → NIO's HTTP/1.1 request decoder → `AdmissionHTTPHandler` (see
/// `addHTTPServerHandlers`).
public final class WebhookServer: Sendable {
    /// Where the listeners ended up (port 0 becomes the port the kernel chose).
    public struct Addresses: Sendable {
        public var admission: BindAddress
        public var metrics: BindAddress?
    }

    public let configuration: ServerConfiguration
    public let lifecycle = ShutdownController()
    public let service: AdmissionService
    public let reloader: Reloader
    private let tls: TLSContextStore
    private let logger: Logger
    /// Rendered on `/metrics` of both listeners; nil: no `/metrics`.
    public let metrics: MetricsObserver?
    /// Flushed and closed at shutdown, after the last request.
    private let capture: CaptureWriter?
    /// Connections' event loops.
    private let group: MultiThreadedEventLoopGroup
    /// One thread for the reload timer, so a compile never holds up a connection.
    private let background: MultiThreadedEventLoopGroup
    /// Each connection event loop's flush queue, by loop.
    private let flushQueues: [ObjectIdentifier: LoopFlushQueue]
    private let admissionConnections = ConnectionRegistry()
    private let healthConnections = ConnectionRegistry()
    private let running = NIOLockedValueBox(Running())
    private let stopped = ConditionLock(value: false)

    private struct Running: Sendable {
        var admissionListener: (any Channel)?
        var metricsListener: (any Channel)?
        var reloadTask: RepeatedTask?
        var started = false
    }

    public init(
        configuration: ServerConfiguration, policies: PolicyStore, tls: TLSContextStore, logger: Logger,
        observer: any AdmissionObserver = NoAdmissionObserver(), metrics: MetricsObserver? = nil,
        capture: CaptureWriter? = nil
    ) {
        self.configuration = configuration
        self.tls = tls
        self.logger = logger
        self.metrics = metrics
        self.capture = capture
        var observers: [any AdmissionObserver] = []
        if let metrics {
            metrics.setPolicyHash(policies.current.contentHash)
            metrics.setCertificateNotAfter(tls.certificateNotAfter)
            observers.append(metrics)
        }
        if let capture { observers.append(CaptureObserver(writer: capture)) }
        let observer = CompositeObserver.combining([observer] + observers)
        self.service = AdmissionService(policies: policies, logger: logger, observer: observer, maxBodyBytes: configuration.maxBodyBytes)
        self.reloader = Reloader(policies: policies, certificates: tls, logger: logger, observer: observer)
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.threads)
        self.background = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var flushQueues: [ObjectIdentifier: LoopFlushQueue] = [:]
        for loop in group.makeIterator() {
            flushQueues[ObjectIdentifier(loop)] = LoopFlushQueue(eventLoop: loop)
        }
        self.flushQueues = flushQueues
    }

    /// Binds both listeners and starts the reload timer. On failure nothing is left listening; call
    /// `shutdown()` to release the threads.
    @discardableResult
    public func start() throws -> Addresses {
        let admission = try bootstrap(routes: .admission, tls: tls, registry: admissionConnections)
            .bind(host: configuration.address.host, port: configuration.address.port).wait()
        running.withLockedValue { $0.admissionListener = admission; $0.started = true }
        var addresses = Addresses(admission: Self.bound(admission, fallback: configuration.address), metrics: nil)
        if let metricsAddress = configuration.metricsAddress {
            let metrics = try bootstrap(routes: .health, tls: nil, registry: healthConnections)
                .bind(host: metricsAddress.host, port: metricsAddress.port).wait()
            running.withLockedValue { $0.metricsListener = metrics }
            addresses.metrics = Self.bound(metrics, fallback: metricsAddress)
        }
        if let interval = configuration.reloadInterval, interval > .zero {
            let task = reloader.start(every: interval, on: background.next())
            running.withLockedValue { $0.reloadTask = task }
        }
        let set = service.policies.current
        logger.info("serving", metadata: [
            "addr": .string(addresses.admission.description),
            "metricsAddr": .string(addresses.metrics?.description ?? "off"),
            "threads": .stringConvertible(configuration.threads),
            "policies": .string(service.policies.directory),
            "policyHash": .string(set.contentHash),
            "tenants": .stringConvertible(set.tenants.count),
            "certificate": .string(tls.certificate?.summary ?? "?"),
            "tlsMinVersion": .string(tls.configuration.minimumVersion == .tls13 ? "1.3" : "1.2"),
            "clientAuth": .stringConvertible(tls.configuration.clientCA != nil),
            "maxBody": .stringConvertible(configuration.maxBodyBytes),
            "readTimeout": .string(ValueParsing.durationText(configuration.readTimeout)),
            "idleTimeout": .string(ValueParsing.durationText(configuration.idleTimeout)),
        ])
        return addresses
    }

    private func bootstrap(routes: RouteTable, tls: TLSContextStore?, registry: ConnectionRegistry) -> ServerBootstrap {
        let environment = HandlerEnvironment(
            routes: routes, service: service, lifecycle: lifecycle, maxBodyBytes: configuration.maxBodyBytes, logger: logger,
            metrics: metrics)
        let readTimeout = configuration.readTimeout
        let idleTimeout = configuration.idleTimeout
        let flushQueues = self.flushQueues
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    // Every loop of `group` has a queue; were one missing, answers would be flushed one by one.
                    let flushQueue = flushQueues[ObjectIdentifier(channel.eventLoop)]
                    assert(flushQueue != nil, "no flush queue for \(channel.eventLoop)")
                    if let flushQueue {
                        try pipeline.addHandler(FlushConsolidationHandler(queue: flushQueue))
                    }
                    if let tls {
                        try pipeline.addHandler(tls.makeServerHandler())
                    }
                    try pipeline.addHTTPServerHandlers(environment: environment, readTimeout: readTimeout, idleTimeout: idleTimeout)
                    registry.add(channel)
                }
            }
    }

    private static func bound(_ channel: any Channel, fallback: BindAddress) -> BindAddress {
        guard let address = channel.localAddress, let ip = address.ipAddress, let port = address.port else { return fallback }
        return BindAddress(host: ip, port: port)
    }

    // MARK: Shutdown

    /// Shuts down in order: `/readyz` fails, the admission listener stops accepting, every connection
    /// finishes the request it is on and closes (idle ones close at once), for at most
    /// `shutdownGrace`; then whatever is left is closed, the health listener last (probes see
    /// 503 until then), and the threads stop. Blocks until done; a second call waits for the first.
    /// Never call it from an event loop thread.
    public func shutdown() {
        guard lifecycle.beginShutdown() else {
            waitUntilStopped()
            return
        }
        let (admission, metrics, reloadTask, started) = running.withLockedValue {
            ($0.admissionListener, $0.metricsListener, $0.reloadTask, $0.started)
        }
        if started {
            logger.info("shutting down", metadata: [
                "inFlight": .stringConvertible(lifecycle.inFlightRequests),
                "connections": .stringConvertible(admissionConnections.openConnections),
                "grace": .string(ValueParsing.durationText(configuration.shutdownGrace)),
            ])
        }
        reloadTask?.cancel()
        try? admission?.close().wait()
        admissionConnections.quiesceAll()
        if !admissionConnections.waitUntilEmpty(timeout: configuration.shutdownGrace) {
            // Counted before closing: the requests being cut off are the ones worth reporting.
            let inFlight = lifecycle.inFlightRequests
            let closed = admissionConnections.closeAll()
            logger.warning("shutdown grace period over; closing connections", metadata: [
                "connections": .stringConvertible(closed),
                "inFlight": .stringConvertible(inFlight),
            ])
            _ = admissionConnections.waitUntilEmpty(timeout: TLSConfiguration.defaultShutdownTimeout + .seconds(1))
        }
        try? metrics?.close().wait()
        healthConnections.quiesceAll()
        if !healthConnections.waitUntilEmpty(timeout: .seconds(1)) {
            healthConnections.closeAll()
        }
        try? group.syncShutdownGracefully()
        try? background.syncShutdownGracefully()
        capture?.close()
        if started { logger.info("stopped") }
        stopped.lock()
        stopped.unlock(withValue: true)
    }

    /// Closes every admission connection now, in-flight requests or not (a second SIGTERM).
    public func closeAllConnections() {
        let closed = admissionConnections.closeAll()
        logger.warning("closing connections without waiting", metadata: ["connections": .stringConvertible(closed)])
    }

    /// Blocks until `shutdown()` has finished.
    public func waitUntilStopped() {
        stopped.lock(whenValue: true)
        stopped.unlock()
    }

    /// SIGTERM and SIGINT start `shutdown()`; a second one closes what is still open at once.
    public func shutdownOnSignals(_ signals: [Int32] = [SIGTERM, SIGINT]) {
        lifecycle.onSignals(signals) { [self] number in
            let name = ShutdownController.name(of: number)
            if lifecycle.isShuttingDown {
                logger.warning("second signal during shutdown", metadata: ["signal": .string(name)])
                closeAllConnections()
                return
            }
            logger.info("signal received", metadata: ["signal": .string(name)])
            DispatchQueue.global().async { self.shutdown() }
        }
    }
}
