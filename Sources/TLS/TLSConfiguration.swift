import NIOCore

/// The lowest protocol version a context accepts. Anything below TLS 1.2 is never offered.
public enum TLSVersion: Sendable, Hashable {
    case tls12
    case tls13
}

/// Where PEM text comes from: a file read when the context is built, or the text itself (the
/// in-process self-signed default). `description` names the source in error messages.
public enum PEMSource: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case pem(String)

    public var description: String {
        switch self {
        case .file(let path): return path
        case .pem: return "(in-memory PEM)"
        }
    }

    /// The file path, when the source is a file (what certificate reload watches).
    public var path: String? {
        if case .file(let path) = self { return path }
        return nil
    }
}

/// Everything a `TLSContext` is built from. Server and client share one type because they share
/// most settings; `server(...)` and `client(...)` fill in the ones that matter for each role.
public struct TLSConfiguration: Sendable, Hashable {
    public enum Role: Sendable, Hashable {
        case server
        case client
    }

    public var role: Role
    /// The certificate chain, leaf first. Required for a server; a client sends it when the server
    /// asks for one (mTLS).
    public var certificateChain: PEMSource?
    public var privateKey: PEMSource?
    public var minimumVersion: TLSVersion
    /// Server only: when set, every client must present a certificate signed by one of these CAs.
    public var clientCA: PEMSource?
    /// Client only: the CAs the server's certificate must chain to. Without it the client refuses
    /// every server: this module has no "don't verify" switch.
    public var trustRoots: PEMSource?
    /// Client only: sent as SNI (unless it is an IP address) and checked against the server
    /// certificate's subjectAltNames. nil verifies the chain only, not the name.
    public var serverName: String?
    /// ALPN protocols, most preferred first. HTTP/1.1 only by default: the webhook never speaks h2
    /// (and so cannot be hit by HTTP/2 Rapid Reset).
    public var applicationProtocols: [String]
    /// How long a peer may take from connection start to a finished handshake.
    public var handshakeTimeout: TimeAmount
    /// How long `close` waits for its close_notify to reach the socket before closing anyway (a
    /// peer that stopped reading must not hold a connection open).
    public var shutdownTimeout: TimeAmount = defaultShutdownTimeout

    public static let defaultApplicationProtocols = ["http/1.1"]
    public static let defaultHandshakeTimeout = TimeAmount.seconds(10)
    public static let defaultShutdownTimeout = TimeAmount.seconds(3)

    public static func server(
        certificateChain: PEMSource,
        privateKey: PEMSource,
        minimumVersion: TLSVersion = .tls12,
        clientCA: PEMSource? = nil,
        applicationProtocols: [String] = defaultApplicationProtocols,
        handshakeTimeout: TimeAmount = defaultHandshakeTimeout
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .server, certificateChain: certificateChain, privateKey: privateKey,
            minimumVersion: minimumVersion, clientCA: clientCA, trustRoots: nil, serverName: nil,
            applicationProtocols: applicationProtocols, handshakeTimeout: handshakeTimeout)
    }

    public static func client(
        trustRoots: PEMSource,
        serverName: String?,
        minimumVersion: TLSVersion = .tls12,
        applicationProtocols: [String] = defaultApplicationProtocols,
        certificateChain: PEMSource? = nil,
        privateKey: PEMSource? = nil,
        handshakeTimeout: TimeAmount = defaultHandshakeTimeout
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .client, certificateChain: certificateChain, privateKey: privateKey,
            minimumVersion: minimumVersion, clientCA: nil, trustRoots: trustRoots, serverName: serverName,
            applicationProtocols: applicationProtocols, handshakeTimeout: handshakeTimeout)
    }
}
