/// Every TLS failure: what went wrong, where (file or step), and OpenSSL's own words for it.
///
/// `description` is one line meant for logs, e.g.
/// `tls: key /x/tls.key does not match certificate /x/tls.crt: error:05800074:x509 certificate routines::key values mismatch`.
public struct TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A certificate, key, CA file or context setting could not be loaded or applied.
        case configuration
        /// The peer did not finish the handshake within the configured time.
        case handshakeTimeout
        /// The handshake failed: protocol version, cipher, ALPN, certificate verification, garbage bytes…
        case handshakeFailed
        /// A TLS error after the handshake (bad record MAC, unexpected message…).
        case connection
        /// Generating a key or certificate in-process failed.
        case certificateGeneration
    }

    public let kind: Kind
    /// Our part of the message: the step and the file it concerns.
    public let context: String
    /// OpenSSL's error queue at the time of failure, oldest first, as `ERR_error_string_n` renders it.
    public let openSSLErrors: [String]

    public init(_ kind: Kind, _ context: String, openSSLErrors: [String] = []) {
        self.kind = kind
        self.context = context
        self.openSSLErrors = openSSLErrors
    }

    public var description: String {
        var text = "tls: " + context
        if !openSSLErrors.isEmpty {
            text += ": " + openSSLErrors.joined(separator: "; ")
        }
        return text
    }

    /// Builds an error from `context` and whatever OpenSSL queued on this thread (draining the queue).
    static func fromQueue(_ kind: Kind, _ context: String) -> TLSError {
        TLSError(kind, context, openSSLErrors: OpenSSLErrorQueue.drain())
    }
}
