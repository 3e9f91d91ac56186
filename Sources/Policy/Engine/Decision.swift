import Admission
import JSON

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
        annotations.list
    }

    /// The same as the response carries them (constant keys, no list to build or check).
    private var annotations: StandardAuditAnnotations {
        let rules: String? =
            fired.isEmpty ? nil : fired.count == 1 ? fired[0].rule.rawValue : rules.map(\.rawValue).joined(separator: ",")
        return StandardAuditAnnotations(tenant: tenant ?? "none", actor: actor.rawValue, decision: allowed ? "allow" : "deny", rules: rules)
    }

    /// The response the validating endpoint sends.
    public func response(uid: String) -> AdmissionResponse {
        .validating(
            uid: uid, allowed: allowed, status: message.map { AdmissionResponse.Status.forbidden($0) },
            warnings: warnings, auditAnnotations: annotations)
    }

    /// The bytes of that response in a `version` envelope, written without building the response
    /// first (the server's path, once per request): the actor and the rules' ids are written as
    /// literals, and the rules are sorted only when more than one fired.
    public func responseBytes(uid: String, version: AdmissionVersion) -> [UInt8] {
        let fired = self.fired
        let sorted: [RuleID] = fired.count > 1 ? rules : []
        return AdmissionResponseEncoder.validatingBytes(
            uid: uid, allowed: allowed, forbidden: message, warnings: warnings, tenant: tenant ?? "none", actor: actor.literal,
            ruleCount: fired.count, rule: { index in fired.count == 1 ? fired[0].rule.literal : sorted[index].literal },
            version: version)
    }
}

/// The mutating verdict for one request: the patch and the object it produces.
public struct MutationOutcome: Sendable, Equatable {
    /// Set by the engine only, with `effects` beside it.
    public internal(set) var patch: JSONPatch
    /// The request's object, which `patch` applies to; nil when the request carries none.
    public internal(set) var object: JSON?
    public var applied: [MutationID]
    public var actor: ActorKind
    public var tenant: String?
    /// The namespace's owner and the actor `Engine.mutate` found, for validating the patched object
    /// without resolving them again (`Engine.validate(_:patchedBy:with:)`).
    var resolved: Resolved? = nil
    /// What the mutations wrote, in the terms the object rules read, for validating the patched object
    /// without building it.
    var effects = PatchEffects()

    struct Resolved: Sendable, Equatable {
        let target: Tenant?
        let actor: Actor
    }

    /// The object with the patch applied (the request's object when nothing changed); nil when the
    /// request carries none. Built on each call: the mutating endpoint returns only the patch, so only
    /// replay, which validates the patched object as the API server would, pays for it.
    public var patchedObject: JSON? {
        guard let object, !patch.isEmpty else { return object }
        // The engine's patches apply to the object they were made for: each operation was checked
        // against it, as patched before, when it was recorded.
        return patch.applyingRecorded(to: object)
    }

    /// The response the mutating endpoint sends: always allowed, with the patch when there is one.
    public func response(uid: String) -> AdmissionResponse {
        .mutating(
            uid: uid, allowed: true, patch: patch,
            auditAnnotations: StandardAuditAnnotations(tenant: tenant ?? "none", actor: actor.rawValue, decision: "allow"))
    }
}
