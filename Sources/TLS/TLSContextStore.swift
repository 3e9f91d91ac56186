import NIOConcurrencyHelpers

/// The server's current `TLSContext`, replaced when its certificate files change.
///
/// Each connection takes the context that is current when it starts (`makeServerHandler()` →
/// `SSL_new`) and keeps it, so a reload affects new handshakes only and open connections go on.
/// A new pair that fails to load never replaces a working one.
public final class TLSContextStore: Sendable {
    public enum ReloadOutcome: Sendable {
        /// The files are as they were when last loaded (or last tried).
        case unchanged
        /// A new context was built from the changed files and is now current.
        case reloaded(TLSContext)
    }

    public let configuration: TLSConfiguration
    private let state: NIOLockedValueBox<State>
    /// Serialises reloads so two callers don't build the same context twice; `current` never waits
    /// for it (building a context takes milliseconds, handing one out must not).
    private let reloadLock = NIOLock()

    private struct State: Sendable {
        var context: TLSContext
        /// The files as they were when the last load was attempted, successful or not: a broken
        /// pair is reported once, not on every poll, and retried when the files change again.
        var attempted: ConfigurationFilesIdentity
    }

    /// Builds the first context; throws when it can't (there is nothing to fall back to).
    public init(configuration: TLSConfiguration) throws(TLSError) {
        self.configuration = configuration
        let identity = ConfigurationFilesIdentity(configuration)
        let context = try TLSContext(configuration: configuration)
        state = NIOLockedValueBox(State(context: context, attempted: identity))
    }

    /// The context new connections should use.
    public var current: TLSContext {
        state.withLockedValue { $0.context }
    }

    /// What the current certificate says (subject, SANs, notAfter for the expiry metric).
    public var certificate: CertificateInfo? {
        current.certificate
    }

    /// When the current certificate expires, in seconds since the Unix epoch (for the expiry metric).
    public var certificateNotAfter: Int64? {
        current.certificate?.notAfter
    }

    /// A handler for a new server connection, bound to the current context.
    public func makeServerHandler() throws(TLSError) -> OpenSSLHandler {
        try OpenSSLHandler(context: current)
    }

    /// Checks the certificate, key and client CA files (following symlinks) and, when any changed
    /// since the last attempt, builds a new context from them. On failure the old context stays
    /// current and the error is thrown for the caller to log and count; the same broken files are
    /// not tried again until they change.
    @discardableResult
    public func reloadIfChanged() throws(TLSError) -> ReloadOutcome {
        reloadLock.lock()
        defer { reloadLock.unlock() }
        let identity = ConfigurationFilesIdentity(configuration)
        let previous = state.withLockedValue { $0.attempted }
        guard identity != previous else { return .unchanged }
        state.withLockedValue { $0.attempted = identity }
        let context = try TLSContext(configuration: configuration)
        state.withLockedValue { $0.context = context }
        return .reloaded(context)
    }
}
