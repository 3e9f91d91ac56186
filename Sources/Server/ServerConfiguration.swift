import NIOCore

/// Everything the HTTP side of the server needs to know; built by `tenantry serve` from its flags and
/// by tests directly. TLS and policies are not here: they arrive as their stores, already loaded.
public struct ServerConfiguration: Sendable {
    /// Where the admission endpoints (and the health endpoints) are served over TLS.
    public var address: BindAddress
    /// Plain-HTTP port for kubelet probes (`/healthz`, `/readyz`); nil serves none.
    public var metricsAddress: BindAddress?
    /// Event loop threads for connections.
    public var threads: Int
    /// The largest request body accepted; larger ones get 413 and a closed connection.
    public var maxBodyBytes: Int
    /// How long a client may take to send a whole request once it started one, and to send the first
    /// request after connecting. Past it: 408 and a closed connection.
    public var readTimeout: TimeAmount
    /// How long a kept-alive connection may sit between requests before it is closed. Longer than the
    /// API server's own idle timeout (Go's 90 s), so the server never closes a connection the client
    /// is about to reuse: the API server does not retry a POST that hit a closing connection.
    public var idleTimeout: TimeAmount
    /// The most a graceful shutdown waits for in-flight requests before closing what is left.
    public var shutdownGrace: TimeAmount
    /// How often the policy directory and certificate files are checked for changes; nil never.
    public var reloadInterval: TimeAmount?

    public static let defaultAddress = BindAddress(host: "127.0.0.1", port: 8443)
    public static let defaultMetricsAddress = BindAddress(host: "127.0.0.1", port: 8080)
    public static let defaultMaxBodyBytes = 16 << 20
    public static let defaultReadTimeout = TimeAmount.seconds(10)
    public static let defaultIdleTimeout = TimeAmount.seconds(120)
    public static let defaultShutdownGrace = TimeAmount.seconds(20)
    public static let defaultReloadInterval = TimeAmount.seconds(2)

    public init(
        address: BindAddress = defaultAddress,
        metricsAddress: BindAddress? = defaultMetricsAddress,
        threads: Int = System.coreCount,
        maxBodyBytes: Int = defaultMaxBodyBytes,
        readTimeout: TimeAmount = defaultReadTimeout,
        idleTimeout: TimeAmount = defaultIdleTimeout,
        shutdownGrace: TimeAmount = defaultShutdownGrace,
        reloadInterval: TimeAmount? = defaultReloadInterval
    ) {
        self.address = address
        self.metricsAddress = metricsAddress
        self.threads = max(1, threads)
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.shutdownGrace = shutdownGrace
        self.reloadInterval = reloadInterval
    }
}

/// A host and port to listen on, as written on the command line: `127.0.0.1:8443`, `[::1]:8443`,
/// `localhost:8443`, or `:8443` for every interface. Port 0 asks the kernel for a free port.
public struct BindAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws(ServerValueError) {
        guard let colon = text.utf8.lastIndex(of: UInt8(ascii: ":")) else {
            throw ServerValueError("address \"\(text)\" has no port: expected HOST:PORT, [IPv6]:PORT or :PORT")
        }
        var host = String(text[text.startIndex..<colon])
        let portText = String(text[text.index(after: colon)...])
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else {
                throw ServerValueError("address \"\(text)\": an IPv6 host must be written [ADDRESS]:PORT")
            }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw ServerValueError("address \"\(text)\": write an IPv6 host in brackets, e.g. [::1]:8443")
        }
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw ServerValueError("address \"\(text)\": port \"\(portText)\" is not a number from 0 to 65535")
        }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// A flag value that could not be read, with what was expected.
public struct ServerValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
