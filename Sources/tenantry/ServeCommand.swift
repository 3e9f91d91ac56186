import ArgumentParser
import Logging
import NIOCore
import Metrics
import Prometheus
import Policy
import Server
import TLS

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the validating and mutating webhook over HTTPS.",
        discussion: """
            Endpoints: POST /validate and POST /mutate (AdmissionReview v1 or v1beta1), GET /healthz and \
            GET /readyz and GET /metrics (Prometheus), over TLS on --addr; /healthz, /readyz and /metrics \
            also over plain HTTP on --metrics-addr for kubelet probes and Prometheus.

            --capture-dir writes every review and its response as JSON Lines (Secret values redacted, \
            files rotated at --capture-max-bytes) for `tenantry replay DIR`.

            Without --tls-cert and --tls-key a certificate for localhost, 127.0.0.1 and ::1 is generated \
            in-process, and its CA bundle is printed base64 on standard output (a webhook configuration's \
            caBundle, or `base64 -d` it into a file for curl --cacert). Logs are JSON lines on standard error.

            The policy directory and the certificate files are checked every --reload-interval: a changed \
            policy set is compiled and swapped in (one that does not compile is logged and the previous one \
            keeps serving); a changed certificate applies to new connections.

            SIGTERM or SIGINT: /readyz fails, new connections are refused, requests in flight finish (at \
            most --shutdown-grace), exit 0. A second signal closes what is left at once.

            Exit status: 0 after a shutdown; 1 when the server cannot start (certificate, address, flags, \
            capture directory); \
            2 when the policies do not compile.
            """)

    enum TLSMinimumVersion: String, ExpressibleByArgument, CaseIterable {
        case v12 = "1.2"
        case v13 = "1.3"

        var version: TLSVersion { self == .v13 ? .tls13 : .tls12 }
    }

    enum LogLevel: String, ExpressibleByArgument, CaseIterable {
        case trace, debug, info, notice, warning, error, critical

        var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
    }

    @Option(help: "The policy directory (*.yaml and *.yml files at any depth; a ConfigMap volume works).")
    var policies = "policies"

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain, leaf first. Without it (and --tls-key) a self-signed certificate is generated.")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("client-ca"), help: "PEM CA bundle: when set, every client must present a certificate it signed (mTLS).")
    var clientCA: String?

    @Option(name: .customLong("tls-min-version"), help: "The lowest TLS version accepted.")
    var tlsMinVersion: TLSMinimumVersion = .v12

    @Option(help: "HOST:PORT for the HTTPS endpoints ([IPv6]:PORT, or :PORT for every interface; port 0 picks a free one).")
    var addr = ServerConfiguration.defaultAddress.description

    @Option(name: .customLong("metrics-addr"), help: "HOST:PORT for plain-HTTP /healthz, /readyz (kubelet probes) and /metrics; \"off\" for none.")
    var metricsAddr = ServerConfiguration.defaultMetricsAddress.description

    @Option(help: "Event loop threads serving connections (default: one per CPU core, \(System.coreCount) here).")
    var threads: Int?

    @Option(name: .customLong("max-body"), help: "The largest request body accepted (bytes, or with Ki, Mi, Gi); larger ones get 413.")
    var maxBody = ValueParsing.byteSizeText(ServerConfiguration.defaultMaxBodyBytes)

    @Option(name: .customLong("read-timeout"), help: "How long a client may take to send a request once started (and its first one after connecting); then 408 and the connection is closed.")
    var readTimeout = ValueParsing.durationText(ServerConfiguration.defaultReadTimeout)

    @Option(name: .customLong("idle-timeout"), help: "How long a kept-alive connection may wait between requests (keep it above the API server's 90s).")
    var idleTimeout = ValueParsing.durationText(ServerConfiguration.defaultIdleTimeout)

    @Option(name: .customLong("handshake-timeout"), help: "How long a client may take to finish the TLS handshake.")
    var handshakeTimeout = ValueParsing.durationText(TLSConfiguration.defaultHandshakeTimeout)

    @Option(name: .customLong("shutdown-grace"), help: "On SIGTERM, the most time given to requests in flight before connections are closed.")
    var shutdownGrace = ValueParsing.durationText(ServerConfiguration.defaultShutdownGrace)

    @Option(name: .customLong("reload-interval"), help: "How often the policy directory and certificate files are checked for changes; 0 never.")
    var reloadInterval = ValueParsing.durationText(ServerConfiguration.defaultReloadInterval)

    @Option(name: .customLong("capture-dir"), help: "Write every review and its response as JSON Lines into this directory (Secret values redacted), for `tenantry replay DIR`.")
    var captureDir: String?

    @Option(name: .customLong("capture-max-bytes"), help: "Size at which a capture file is closed and the next one started (bytes, or with Ki, Mi, Gi).")
    var captureMaxBytes = ValueParsing.byteSizeText(CaptureWriter.Limits.defaultMaxBytes)

    @Option(name: .customLong("capture-keep"), help: "How many capture files are kept; older ones are deleted.")
    var captureKeep = 5

    @Option(name: .customLong("log-level"), help: "The least severe log level written.")
    var logLevel: LogLevel = .info

    /// The flags as the server takes them; `validate` has already run them once, so the messages of
    /// any bad value reached the user before `run`.
    private func serverConfiguration() throws -> ServerConfiguration {
        do {
            let metrics = metricsAddr == "off" || metricsAddr.isEmpty ? nil : try BindAddress(parsing: metricsAddr)
            let reload = try ValueParsing.duration(reloadInterval)
            return ServerConfiguration(
                address: try BindAddress(parsing: addr),
                metricsAddress: metrics,
                threads: threads ?? System.coreCount,
                maxBodyBytes: try ValueParsing.byteSize(maxBody),
                readTimeout: try positive(ValueParsing.duration(readTimeout), "--read-timeout"),
                idleTimeout: try positive(ValueParsing.duration(idleTimeout), "--idle-timeout"),
                shutdownGrace: try ValueParsing.duration(shutdownGrace),
                reloadInterval: reload > .zero ? reload : nil)
        } catch let error as ServerValueError {
            throw ValidationError(error.description)
        }
    }

    private func positive(_ amount: TimeAmount, _ flag: String) throws -> TimeAmount {
        guard amount > .zero else { throw ValidationError("\(flag) must be longer than 0") }
        return amount
    }

    func validate() throws {
        _ = try serverConfiguration()
        do {
            guard try ValueParsing.duration(handshakeTimeout) > .zero else {
                throw ValidationError("--handshake-timeout must be longer than 0")
            }
        } catch let error as ServerValueError {
            throw ValidationError(error.description)
        }
        if captureKeep < 1 { throw ValidationError("--capture-keep must be at least 1") }
        do {
            guard try ValueParsing.byteSize(captureMaxBytes) > 0 else { throw ValidationError("--capture-max-bytes must be more than 0") }
        } catch let error as ServerValueError {
            throw ValidationError(error.description)
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together: give both, or neither for a self-signed certificate")
        }
    }

    func run() throws {
        OutputStream.ignoreBrokenPipeSignal()
        let level = logLevel.level
        LoggingSystem.bootstrap { _ in JSONLogHandler(level: level) }
        let logger = Logger(label: "tenantry")
        let configuration = try serverConfiguration()
        logger.info("starting", metadata: ["version": .string(TenantryVersion.string), "openssl": .string(TenantryVersion.openSSL)])

        let store: PolicyStore
        do {
            store = try PolicyStore(directory: policies)
        } catch {
            logger.error("policies do not compile", metadata: [
                "directory": .string(policies), "errors": .array(error.errors.map { .string($0.description) }),
            ])
            throw ExitCode(2)
        }

        let certificate: ServingCertificate.Resolved
        let tls: TLSContextStore
        do {
            certificate = try ServingCertificate.resolve(
                certificate: tlsCert, key: tlsKey, clientCA: clientCA, minimumVersion: tlsMinVersion.version,
                handshakeTimeout: try ValueParsing.duration(handshakeTimeout), bindHost: configuration.address.host)
            tls = try TLSContextStore(configuration: certificate.configuration)
        } catch {
            logger.error("cannot set up TLS", metadata: ["error": .string(String(describing: error))])
            throw ExitCode(1)
        }

        // One registry for the process: swift-metrics handles made anywhere (NIO, libraries) land in
        // the same exposition as the server's own.
        let factory = PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())
        MetricsSystem.bootstrap(factory)
        let metrics = MetricsObserver(factory: factory)

        var capture: CaptureWriter?
        if let captureDir {
            do {
                capture = try CaptureWriter(
                    directory: captureDir,
                    limits: CaptureWriter.Limits(maxBytes: try ValueParsing.byteSize(captureMaxBytes), keepFiles: captureKeep),
                    logger: logger,
                    dropped: metrics.counter("tenantry_capture_dropped_total"),
                    errors: metrics.counter("tenantry_capture_write_errors_total"))
            } catch {
                logger.error("cannot capture", metadata: ["error": .string(String(describing: error))])
                throw ExitCode(1)
            }
        }

        let server = WebhookServer(
            configuration: configuration, policies: store, tls: tls, logger: logger, metrics: metrics, capture: capture)
        // Before listening, so a SIGTERM at any moment from here on is an orderly shutdown.
        server.shutdownOnSignals()
        do {
            try server.start()
        } catch {
            logger.error("cannot listen", metadata: ["error": .string(String(describing: error))])
            server.shutdown()
            throw ExitCode(1)
        }
        if let selfSigned = certificate.selfSigned {
            logger.notice("no --tls-cert given: serving a self-signed certificate made in-process; its CA bundle (base64) is on standard output", metadata: [
                "certificate": .string(selfSigned.certificate.summary),
            ])
            var out = OutputStream.standardOutput()
            out.writeLine(selfSigned.caBundle)
            out.flush()
        }
        server.waitUntilStopped()
    }
}
