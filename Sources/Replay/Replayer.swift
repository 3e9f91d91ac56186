import Admission
import JSON
import Policy

/// The verdict for one replayed review: what the server would have answered, mutating pass and
/// validating pass together.
public struct ReplayVerdict: Sendable {
    public var source: String
    public var request: AdmissionRequest
    public var mutation: MutationOutcome
    public var decision: Decision
}

/// Runs reviews through the engine as the API server would: the mutating webhook first, then the
/// validating webhook on the patched object.
public enum Replayer {
    public static func replay(_ review: AdmissionReview, source: String, policies: PolicySet) -> ReplayVerdict {
        let mutation = Engine.mutate(review.request, with: policies)
        let decision = Engine.validate(review.request, patchedBy: mutation, with: policies)
        return ReplayVerdict(source: source, request: review.request, mutation: mutation, decision: decision)
    }
}

/// Counts for the summary line and the exit status.
public struct ReplaySummary: Sendable, Equatable {
    public var reviews = 0
    public var allowed = 0
    public var denied = 0
    public var warned = 0
    public var patched = 0
    public var unreadable = 0

    public init() {}

    public mutating func count(_ verdict: ReplayVerdict) {
        reviews += 1
        if verdict.decision.allowed { allowed += 1 } else { denied += 1 }
        if !verdict.decision.warnings.isEmpty { warned += 1 }
        if !verdict.mutation.patch.isEmpty { patched += 1 }
    }

    public var description: String {
        "\(reviews) \(reviews == 1 ? "review" : "reviews"): \(allowed) allowed, \(denied) denied, \(warned) with warnings, \(patched) patched, \(unreadable) unreadable"
    }
}
