import Admission
import JSON

/// One validation rule that fired, with the action the platform gave it.
public struct FiredRule: Sendable, Equatable {
    public var rule: RuleID
    public var action: RuleAction
    /// `[rule] Kind ns/name: detail; detail`
    public var message: String
}

/// The validating verdict for one request.
public struct Decision: Sendable, Equatable {
    public var allowed: Bool
    public var actor: ActorKind
    /// The tenant the request concerns: the owner of its namespace, else the acting tenant; nil for none.
    public var tenant: String?
    /// In catalogue order.
    public var fired: [FiredRule]
    /// The denial message naming every denying rule; nil when allowed.
    public var message: String?
    /// One line (≤ 120 characters) per `warn` rule that fired.
    public var warnings: [String]

    /// The ids of every rule that fired, warn and audit ones included, sorted.
    public var rules: [RuleID] { fired.map(\.rule).sorted() }

    /// `tenant`, `actor`, `decision` and, when any fired, `rules` (policy.md §5).
    public var auditAnnotations: [(key: String, value: String)] {
        var out: [(key: String, value: String)] = [
            ("tenant", tenant ?? "none"), ("actor", actor.rawValue), ("decision", allowed ? "allow" : "deny"),
        ]
        if !fired.isEmpty { out.append(("rules", rules.map(\.rawValue).joined(separator: ","))) }
        return out
    }

    /// The response the validating endpoint sends.
    public func response(uid: String) -> AdmissionResponse {
        .validating(
            uid: uid, allowed: allowed, status: message.map { AdmissionResponse.Status.forbidden($0) },
            warnings: warnings, auditAnnotations: auditAnnotations)
    }
}

/// The mutating verdict for one request: the patch and the object it produces.
public struct MutationOutcome: Sendable, Equatable {
    public var patch: JSONPatch
    /// The request's object, which `patch` applies to; nil when the request carries none.
    public var object: JSON?
    public var applied: [MutationID]
    public var actor: ActorKind
    public var tenant: String?

    /// The object with the patch applied (the request's object when nothing changed); nil when the
    /// request carries none. Built on each call: the mutating endpoint returns only the patch, so only
    /// replay, which validates the patched object as the API server would, pays for it.
    public var patchedObject: JSON? {
        guard let object, !patch.isEmpty else { return object }
        // The engine's patches apply to the object they were made for: each operation was checked
        // against it, as patched before, when it was recorded.
        return patch.applyingWrites(to: object) ?? (try? patch.apply(to: object)) ?? object
    }

    /// The response the mutating endpoint sends: always allowed, with the patch when there is one.
    public func response(uid: String) -> AdmissionResponse {
        let patchBytes = patch.isEmpty ? nil : PatchWriter.bytes(patch)
        return .mutating(
            uid: uid, allowed: true, patch: patchBytes,
            auditAnnotations: [("tenant", tenant ?? "none"), ("actor", actor.rawValue), ("decision", "allow")])
    }
}
