import Admission
import Policy

/// The admission endpoints.
public enum AdmissionEndpoint: String, Sendable, CaseIterable {
    case validate
    case mutate

    public var path: String { "/" + rawValue }
}

/// Told about every admission request once it is answered: the seam for metrics (counts by endpoint,
/// tenant, decision and rule; latency histograms) and for capture (the request and response bytes,
/// for `tenantry replay`). Called on the event loop that served the request, after the response
/// bytes were built and before they are written: implementations must be quick and must not block.
public protocol AdmissionObserver: Sendable {
    func admissionCompleted(_ event: AdmissionEvent)
    /// A policy or certificate reload was attempted and did something (never for `.unchanged`).
    func reloadCompleted(_ event: ReloadEvent)
}

extension AdmissionObserver {
    public func admissionCompleted(_ event: AdmissionEvent) {}
    public func reloadCompleted(_ event: ReloadEvent) {}
}

/// Observes nothing: the default until metrics and capture exist.
public struct NoAdmissionObserver: AdmissionObserver {
    public init() {}
}

/// One answered admission request.
public struct AdmissionEvent: Sendable {
    public enum Result: Sendable {
        case validated(Decision)
        case mutated(MutationOutcome)
        /// The body was not a usable AdmissionReview; answered with 400.
        case malformed(reason: String)
    }

    public var endpoint: AdmissionEndpoint
    public var result: Result
    /// The decoded review; nil when it could not be decoded.
    public var review: AdmissionReview?
    /// The request body as received and the response body as sent.
    public var requestBody: [UInt8]
    public var responseBody: [UInt8]
    /// The content hash of the policy set that answered.
    public var policyHash: String
    /// Decode, engine and encode, measured on a monotonic clock.
    public var latency: Duration

    /// The tenant the request concerned (`none` when no tenant did), as in the audit annotations.
    public var tenant: String {
        switch result {
        case .validated(let decision): return decision.tenant ?? "none"
        case .mutated(let outcome): return outcome.tenant ?? "none"
        case .malformed: return "none"
        }
    }
}

/// One reload attempt that changed something or failed.
public enum ReloadEvent: Sendable {
    case policiesReloaded(previousHash: String, currentHash: String)
    case policiesRejected(errorCount: Int)
    case certificateReloaded(notAfter: Int64?)
    case certificateRejected
}
