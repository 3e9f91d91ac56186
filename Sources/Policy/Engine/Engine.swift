import Admission
import JSON

/// The admission engine: a pure function of a policy set and a request. The server's endpoints and
/// `tenantry replay` call exactly these two functions, so a replayed review gets the server's verdict.
public enum Engine {
    /// Subresources whose object is the full parent object and whose change matters to object rules:
    /// ephemeral containers can add a privileged container, a resize can break limits and quota.
    /// Others (`status`, `scale`, `binding`, `eviction`, …) carry status or another kind.
    static func isChecked(subResource: String) -> Bool {
        subResource.isEmpty || subResource == "ephemeralcontainers" || subResource == "resize"
    }

    // MARK: Validate

    public static func validate(_ request: AdmissionRequest, with policies: PolicySet) -> Decision {
        let target = policies.tenantOwning(namespace: effectiveNamespace(of: request))
        let actor = Actor.resolve(request.userInfo, namespaceOwner: target, in: policies)
        return validate(request, target: target, actor: actor, with: policies)
    }

    /// What the validating webhook answers once the API server has applied `mutation`'s patch (as replay
    /// runs a review through both): `request` with the patched object, judged as `validate(_:with:)`
    /// would. The user and the namespace are the request's, so the namespace's owner and the actor that
    /// `mutate` resolved with the same `policies` are used again rather than looked up twice; and the
    /// patched object is read as the request's with what the mutations wrote laid over its facts (see
    /// `PatchEffects`), and built only when a mutation wrote something else.
    public static func validate(_ request: AdmissionRequest, patchedBy mutation: MutationOutcome, with policies: PolicySet) -> Decision {
        guard !mutation.patch.isEmpty, let object = mutation.object else {
            guard let resolved = mutation.resolved else { return validate(request, with: policies) }
            return validate(request, target: resolved.target, actor: resolved.actor, with: policies)
        }
        let resource = GroupResource(group: request.resource.group, resource: request.resource.resource)
        // The effects describe what the patch does to the mutation's object, which `mutate` read them
        // from: that object is the one read with them laid over it, as the patch is applied to it below.
        if let resolved = mutation.resolved, ReviewedObject.canLay(mutation.effects, resource: resource) {
            return validate(
                request, object: object, patchedWith: mutation.effects, target: resolved.target, actor: resolved.actor, with: policies)
        }
        var patched = request
        patched.object = mutation.patchedObject
        guard let resolved = mutation.resolved else { return validate(patched, with: policies) }
        return validate(patched, target: resolved.target, actor: resolved.actor, with: policies)
    }

    /// `validate(_:with:)` with the namespace's owner (`target`) and the actor resolved.
    static func validate(_ request: AdmissionRequest, target: Tenant?, actor: Actor, with policies: PolicySet) -> Decision {
        validate(request, object: request.object, patchedWith: .none, target: target, actor: actor, with: policies)
    }

    /// The same, with the object rules reading `object` as `effects` leave it (see
    /// `ReviewedObject.canLay(_:resource:)`): the request's own with none. Out of line: inlined into
    /// `validate(_:patchedBy:with:)`, its closure made that copy the resolved actor and tenant.
    @inline(never)
    private static func validate(
        _ request: AdmissionRequest, object: JSON?, patchedWith effects: borrowing PatchEffects, target: Tenant?, actor: Actor,
        with policies: PolicySet
    ) -> Decision {
        let tenantName = target?.name ?? actor.tenant?.name
        guard actor.kind != .admin else {
            return Decision(allowed: true, actor: .admin, tenant: tenantName, fired: [], message: nil, warnings: [])
        }
        let context = ValidationContext(policies: policies, request: request, actor: actor, target: target)
        // The details are written into one buffer on the stack (see `ViolationList`).
        return ViolationList.withStackBuffer { violations in
            check(context, object: object, patchedWith: effects, into: &violations)
            guard !violations.isEmpty else {
                return Decision(allowed: true, actor: actor.kind, tenant: tenantName, fired: [], message: nil, warnings: [])
            }
            return decide(violations, request: request, actor: actor.kind, tenant: tenantName, platform: policies.platform)
        }
    }

    /// Runs the actor rules and the object rules that apply to `context`'s request, on `object` as
    /// `effects` leave it. A function of its own: the reviewed object, made here, stays on the stack
    /// (inside the caller's closure the compiler allocated it).
    private static func check(
        _ context: ValidationContext, object: JSON?, patchedWith effects: borrowing PatchEffects, into violations: inout ViolationList
    ) {
        let request = context.request
        let op = request.operation
        if context.actor.tenant != nil, op == .create || op == .update || op == .delete || op == .connect {
            // Read through the optional, as the namespace's owner is below.
            context.actor.tenant?.read { actorTenant in
                for rule in RuleCatalogue.actorRules {
                    rule.check(context, actorTenant: actorTenant, into: &violations)
                }
            }
        }
        if context.target != nil, op == .create || op == .update, let object,
            isChecked(subResource: request.subResource)
        {
            let objectStart = violations.count
            let reviewed = ReviewedObject(object, resource: context.groupResource, patchedWith: effects)
            // The tenant read through the optional rather than bound from it (which retained its box on
            // every request).
            context.target?.read { target in
                for rule in RuleCatalogue.objectRules {
                    rule.check(context, tenant: target, object: reviewed, into: &violations)
                }
                if op == .update, violations.count > objectStart, let oldObject = request.oldObject {
                    keepIntroduced(in: &violations, from: objectStart, comparedWith: oldObject, context: context, tenant: target)
                }
            }
        }
    }

    /// On UPDATE, object rules judge what the update introduces: a violation the old object already had
    /// (a pod created before the policy, whose spec is now immutable) does not block an update that leaves
    /// it as it was, such as removing a finalizer. Any change to the offending value yields a new detail
    /// and is judged.
    ///
    /// For the object rules' violations in `violations`, those from `start` on: drops each that the old
    /// object has too (the same rule and detail).
    static func keepIntroduced(
        in violations: inout ViolationList, from start: Int, comparedWith oldObject: JSON, context: ValidationContext, tenant: Tenant
    ) {
        let reviewed = ReviewedObject(oldObject, resource: context.groupResource)
        ViolationList.withStackBuffer { existing in
            for rule in RuleCatalogue.objectRules {
                rule.check(context, tenant: tenant, object: reviewed, into: &existing)
            }
            violations.removeViolations(from: start, foundIn: existing)
        }
    }

    /// Turns violations into fired rules, a denial message and warnings.
    ///
    /// Each rule's message (`[rule] Kind ns/name: detail; detail`) is written as bytes and made a
    /// `String` once (see `TextBuilder`). A denying rule's message is written straight into the denial
    /// message (`tenantry: ` and the denying rules' messages), and its own `String` is made from that
    /// part of it, rather than the two being joined from `String`s.
    static func decide(_ violations: borrowing ViolationList, request: AdmissionRequest, actor: ActorKind, tenant: String?, platform: Platform) -> Decision {
        // The builders' buffers are on the stack (see `TextBuilder.withStackBuffer`): only the strings made
        // from them are allocated.
        TextBuilder.withStackBuffer(capacity: 128) { subject in
            ObjectIdentity.describe(request, into: &subject)
            return TextBuilder.withStackBuffer(capacity: 512) { denial in
                decide(violations, subject: subject, denial: &denial, actor: actor, tenant: tenant, platform: platform)
            }
        }
    }

    /// `decide` for violations held as values (tests).
    static func decide(_ violations: [Violation], request: AdmissionRequest, actor: ActorKind, tenant: String?, platform: Platform) -> Decision {
        decide(ViolationList(violations), request: request, actor: actor, tenant: tenant, platform: platform)
    }

    /// `decide(_:request:actor:tenant:platform:)` with the subject (`Kind ns/name`) written and an empty
    /// builder for the denial message.
    private static func decide(
        _ violations: borrowing ViolationList, subject: borrowing TextBuilder, denial: inout TextBuilder, actor: ActorKind, tenant: String?,
        platform: Platform
    ) -> Decision {
        denial.append("tenantry: ")
        var denies = false
        var warnings: [String] = []
        // The rules that fired, in one pass over the violations (not one pass per rule of the catalogue).
        var present: UInt32 = 0
        for index in 0..<violations.count { present |= violations.rule(at: index).bit }
        // Room for every rule that fired, made once: grown from empty, the first append went through
        // the array's reallocation path (~220 instructions on every denied request).
        var fired: [FiredRule] = []
        fired.reserveCapacity(present.nonzeroBitCount)
        // Only those rules are visited, lowest bit first: a rule's bit is its place in the catalogue, so
        // this is catalogue order (testing every rule of the catalogue cost ~150 instructions a denial).
        let catalogue = RuleID.allCases
        var remaining = present
        while remaining != 0 {
            let rule = catalogue[remaining.trailingZeroBitCount]
            remaining &= remaining &- 1
            let action = platform.action(for: rule)
            if action == .deny {
                if denies { denial.append("; ") }
                let start = denial.count
                write(rule, violations, subject, into: &denial)
                fired.append(FiredRule(rule: rule, action: action, denialBytes: start..<denial.count))
                denies = true
            } else {
                let message = TextBuilder.withStackBuffer { text in
                    write(rule, violations, subject, into: &text)
                    return text.text
                }
                if action == .warn { warnings.append(ResponseText.cleanWarning(message)) }
                fired.append(FiredRule(rule: rule, action: action, message: message))
            }
        }
        guard denies else { return Decision(allowed: true, actor: actor, tenant: tenant, fired: fired, message: nil, warnings: warnings) }
        let message = denial.text
        // Each denying rule's message is its part of the denial. The text is valid UTF-8 (the request's
        // strings and bytes, which the reader checked, and literals), so the `String` holds exactly the
        // bytes the parts were measured in; were it ever repaired, each part is made on its own instead.
        let exact = message.utf8.count == denial.count
        for index in fired.indices {
            guard let range = fired[index].pendingRange else { continue }
            if exact {
                fired[index].settle(denial: message)
            } else {
                fired[index].message = denial.text(in: range)
            }
        }
        return Decision(allowed: false, actor: actor, tenant: tenant, fired: fired, message: message, warnings: warnings)
    }

    /// `[rule] Kind ns/name: detail; detail`: the message of `rule`, whose details are those of its
    /// violations in order.
    private static func write(_ rule: RuleID, _ violations: borrowing ViolationList, _ subject: borrowing TextBuilder, into text: inout TextBuilder) {
        text.append("[")
        text.append(rule.literal)
        text.append("] ")
        text.append(subject)
        text.append(": ")
        var first = true
        for index in 0..<violations.count where violations.rule(at: index) == rule {
            if !first { text.append("; ") }
            violations.withDetail(at: index) { text.append($0) }
            first = false
        }
    }

    // MARK: Mutate

    /// Defaults injection for objects created or updated in a tenant's namespaces. Never for DELETE or
    /// CONNECT (the API server refuses a patch there), never for subresources.
    public static func mutate(_ request: AdmissionRequest, with policies: PolicySet) -> MutationOutcome {
        let namespace = effectiveNamespace(of: request)
        let target = policies.tenantOwning(namespace: namespace)
        let actor = Actor.resolve(request.userInfo, namespaceOwner: target, in: policies)
        let tenant = target?.name ?? actor.tenant?.name
        let resolved = MutationOutcome.Resolved(target: target, actor: actor)
        guard let target, request.operation == .create || request.operation == .update,
            request.subResource.isEmpty, let object = request.object, case .object = object
        else {
            return MutationOutcome(patch: JSONPatch(), object: request.object, applied: [], actor: actor.kind, tenant: tenant, resolved: resolved)
        }
        let context = MutationContext(policies: policies, request: request)
        var builder = JSONPatchBuilder(document: object)
        // Gathered here and put in the outcome once: writing through the outcome's fields copied it.
        var effects = PatchEffects()
        var applied: [MutationID] = []
        for mutation in MutationCatalogue.all {
            let before = builder.operationCount
            mutation.apply(context, tenant: target, to: &builder, effects: &effects)
            if builder.operationCount > before { applied.append(mutation.id) }
        }
        return MutationOutcome(
            patch: builder.patch, object: object, applied: applied, actor: actor.kind, tenant: tenant, resolved: resolved, effects: effects)
    }

    /// The namespace a request is about: `request.namespace`, or for a Namespace the name itself (some
    /// captured fixtures leave `namespace` empty where the API server sets it to the name).
    static func effectiveNamespace(of request: AdmissionRequest) -> String {
        if request.namespace.isEmpty, request.resource.group.isEmpty, request.resource.resource == "namespaces" {
            return request.name.isEmpty ? (request.object?["metadata"]?["name"]?.stringValue ?? "") : request.name
        }
        return request.namespace
    }
}

extension Tenant {
    /// Calls `body` with this tenant, for a reader that reaches it by optional chaining
    /// (`context.target?.read { … }`), which borrows it where it lies.
    @inline(__always)
    fileprivate func read<Result>(_ body: (Tenant) -> Result) -> Result { body(self) }
}
