import NIOConcurrencyHelpers
import Policy

/// The policy set the server answers with, and its replacement when the directory changes.
///
/// A `PolicySet` is immutable, so swapping the reference under a lock is the whole of an atomic
/// reload: a request takes the set current when it starts and finishes with it. A directory that
/// no longer compiles never replaces a working set.
public final class PolicyStore: Sendable {
    public enum ReloadOutcome: Sendable {
        /// No policy file changed since the last attempt.
        case unchanged
        /// Files changed but compile to the set already serving (same content hash): nothing swapped.
        case sameContent(PolicySet)
        /// A new set is now current.
        case reloaded(previous: PolicySet, current: PolicySet)
        /// The changed files do not compile; the previous set keeps serving. Reported once per change.
        case rejected(PolicyCompileErrors)
    }

    public let directory: String
    private let state: NIOLockedValueBox<State>
    /// Serialises reloads (the timer and a test may both call); `current` never waits for it.
    private let reloadLock = NIOLock()

    private struct State: Sendable {
        var current: PolicySet
        /// The files as they were when the last compile was attempted, successful or not.
        var attempted: PolicyFingerprint
    }

    /// Compiles the directory; throws every error when it does not compile (nothing to serve).
    public init(directory: String) throws(PolicyCompileErrors) {
        self.directory = directory
        // Taken before compiling: a change made while compiling shows up at the next check.
        let fingerprint = PolicyFingerprint(directory: directory)
        let set = try PolicyCompiler.compile(directory: directory)
        state = NIOLockedValueBox(State(current: set, attempted: fingerprint))
    }

    /// The set requests are evaluated with.
    public var current: PolicySet {
        state.withLockedValue { $0.current }
    }

    /// Stats every policy file (cheap: no file is read) and, when any changed since the last
    /// attempt, compiles the directory and swaps the new set in.
    @discardableResult
    public func reloadIfChanged() -> ReloadOutcome {
        reloadLock.withLock {
            let fingerprint = PolicyFingerprint(directory: directory)
            let (previous, attempted) = state.withLockedValue { ($0.current, $0.attempted) }
            guard fingerprint != attempted else { return .unchanged }
            state.withLockedValue { $0.attempted = fingerprint }
            let set: PolicySet
            do throws(PolicyCompileErrors) {
                set = try PolicyCompiler.compile(directory: directory)
            } catch {
                return .rejected(error)
            }
            guard set.contentHash != previous.contentHash else { return .sameContent(previous) }
            state.withLockedValue { $0.current = set }
            return .reloaded(previous: previous, current: set)
        }
    }
}
