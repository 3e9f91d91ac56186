import Admission
import JSON

/// One rule's finding: the part of the denial message after `[rule] Kind ns/name: `.
public struct Violation: Sendable, Equatable {
    public var rule: RuleID
    public var detail: String
    public init(_ rule: RuleID, _ detail: String) {
        self.rule = rule
        self.detail = detail
    }
}

/// Everything a validation rule reads, resolved once per request by the engine.
public struct ValidationContext: Sendable {
    public let policies: PolicySet
    public let request: AdmissionRequest
    public let actor: Actor
    /// The tenant that owns `request.namespace`, if any.
    public let target: Tenant?
    /// `request.resource` without its version.
    public let groupResource: GroupResource
    /// `groupResource` when it is one that rules apply to alone; nil otherwise.
    let ruleResource: RuleResource?

    public init(policies: PolicySet, request: AdmissionRequest, actor: Actor, target: Tenant?) {
        self.policies = policies
        self.request = request
        self.actor = actor
        self.target = target
        let groupResource = GroupResource(group: request.resource.group, resource: request.resource.resource)
        self.groupResource = groupResource
        ruleResource = RuleResource(groupResource)
    }

    public var platform: Platform { policies.platform }

    /// A request about a Namespace itself (`namespace == name`), subresources included.
    public var isNamespaceRequest: Bool { ruleResource == .namespaces }
}

/// A rule that applies when the actor is tenant T (CREATE, UPDATE, DELETE and CONNECT).
protocol ActorRule: SendableMetatype {
    static var id: RuleID { get }
    static func check(_ context: ValidationContext, actorTenant: Tenant, into violations: inout ViolationList)
}

/// A rule that applies to the new object of a CREATE or UPDATE in a namespace of tenant T, whatever the
/// actor (admins aside). Subresources other than `ephemeralcontainers` and `resize` are not checked.
protocol ObjectRule: SendableMetatype {
    static var id: RuleID { get }
    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList)
}

extension ObjectRule {
    /// Checks `object` as the engine would, locating its pod spec first (for callers that hold only JSON).
    static func check(_ context: ValidationContext, tenant: Tenant, object: JSON, into violations: inout ViolationList) {
        check(context, tenant: tenant, object: ReviewedObject(object, resource: context.groupResource), into: &violations)
    }
}

/// What a mutation reads.
public struct MutationContext: Sendable {
    public let policies: PolicySet
    public let request: AdmissionRequest
    public let groupResource: GroupResource
    /// The pod spec's members the pod-spec mutations read, found once; nil unless this is the CREATE
    /// of a Pod with a spec (those mutations act on nothing else).
    let podSpec: PodSpecMembers?

    public init(policies: PolicySet, request: AdmissionRequest) {
        self.policies = policies
        self.request = request
        let groupResource = GroupResource(group: request.resource.group, resource: request.resource.resource)
        self.groupResource = groupResource
        if groupResource == .pods, request.operation == .create, let object = request.object {
            podSpec = PodSpecMembers(object: object)
        } else {
            podSpec = nil
        }
    }

    public var platform: Platform { policies.platform }
}

/// A defaults injection: records patch operations through the builder, whose reads answer for the object
/// as patched so far, so each mutation sees what the earlier ones added (see `MutationCatalogue`), and
/// what they write in `effects`, in the terms the object rules read.
protocol Mutation: SendableMetatype {
    static var id: MutationID { get }
    static func apply(_ context: MutationContext, tenant: Tenant, to builder: inout JSONPatchBuilder, effects: inout PatchEffects)
}

extension Mutation {
    /// For callers that want the operations alone.
    static func apply(_ context: MutationContext, tenant: Tenant, to builder: inout JSONPatchBuilder) {
        var effects = PatchEffects()
        apply(context, tenant: tenant, to: &builder, effects: &effects)
    }
}

extension GroupResource {
    public static let pods = GroupResource(group: "", resource: "pods")
    public static let namespaces = GroupResource(group: "", resource: "namespaces")
    public static let services = GroupResource(group: "", resource: "services")
    public static let persistentVolumeClaims = GroupResource(group: "", resource: "persistentvolumeclaims")
    public static let replicationControllers = GroupResource(group: "", resource: "replicationcontrollers")
    public static let deployments = GroupResource(group: "apps", resource: "deployments")
    public static let replicaSets = GroupResource(group: "apps", resource: "replicasets")
    public static let statefulSets = GroupResource(group: "apps", resource: "statefulsets")
    public static let daemonSets = GroupResource(group: "apps", resource: "daemonsets")
    public static let jobs = GroupResource(group: "batch", resource: "jobs")
    public static let cronJobs = GroupResource(group: "batch", resource: "cronjobs")
    public static let roleBindings = GroupResource(group: "rbac.authorization.k8s.io", resource: "rolebindings")
    public static let podDisruptionBudgets = GroupResource(group: "policy", resource: "poddisruptionbudgets")
    public static let secretStores = GroupResource(group: "external-secrets.io", resource: "secretstores")
}
