import Admission
import JSON
import XCTest

@testable import Policy

/// Builders shared by the rule tests: two tenants on one platform, requests from JSON literals, and
/// direct calls of a rule's `check` with the context the engine would resolve.
enum RuleFixtures {
    static let acme = Tenant(
        name: "acme",
        ownerGroups: ["tenant-acme-admins"],
        ownerUsers: ["alice"],
        serviceAccounts: [ServiceAccountPattern(namespace: "vcluster-acme", name: nil), ServiceAccountPattern(namespace: "ci", name: "acme-deployer")],
        namespaceNames: ["tenant-acme"],
        namespacePrefixes: ["acme-"],
        namespaceLabels: [KeyValue("tier", "enterprise")]
    )

    static let globex = Tenant(
        name: "globex",
        ownerGroups: ["tenant-globex-admins"],
        ownerUsers: ["bob"],
        serviceAccounts: [ServiceAccountPattern(namespace: "ci", name: "globex-deployer")],
        namespaceNames: ["tenant-globex"],
        namespacePrefixes: ["globex-"]
    )

    static let platform = Platform(
        adminGroups: ["system:masters", "platform-admins"],
        adminUsers: ["root-admin"],
        platformOwned: [
            GroupResource(group: "networking.k8s.io", resource: "networkpolicies"),
            GroupResource(group: "", resource: "resourcequotas"),
        ],
        podSecurity: PodSecurityPolicy(allowedCapabilities: ["NET_BIND_SERVICE"])
    )

    static func policies(platform: Platform = platform, tenants: [Tenant] = [acme, globex]) -> PolicySet {
        PolicySet(platform: platform, tenants: tenants, contentHash: "test")
    }

    static func request(
        _ operation: Admission.Operation = .create,
        group: String = "",
        version: String = "v1",
        resource: String,
        kind: String = "",
        subResource: String = "",
        namespace: String = "tenant-acme",
        name: String = "",
        object: JSON? = nil,
        oldObject: JSON? = nil
    ) -> AdmissionRequest {
        AdmissionRequest(
            uid: "uid-1",
            kind: GroupVersionKind(group: group, version: version, kind: kind),
            resource: GroupVersionResource(group: group, version: version, resource: resource),
            subResource: subResource,
            name: name,
            namespace: namespace,
            operation: operation,
            userInfo: UserInfo(username: "alice", groups: ["tenant-acme-admins"]),
            object: object,
            oldObject: oldObject
        )
    }

    /// The context the engine builds: `target` owns `request.namespace`.
    static func context(_ request: AdmissionRequest, policies: PolicySet, actor: Tenant?) -> ValidationContext {
        ValidationContext(
            policies: policies,
            request: request,
            actor: actor.map { Actor(kind: .tenant, tenant: $0) } ?? Actor(kind: .other),
            target: policies.tenantOwning(namespace: request.namespace)
        )
    }

    /// Runs an actor rule as tenant `actor` (the first tenant named so in `policies`).
    static func actorViolations(
        _ rule: any ActorRule.Type, _ request: AdmissionRequest, actor: String = "acme", policies: PolicySet? = nil
    ) -> [Violation] {
        let policies = policies ?? self.policies()
        guard let tenant = policies.tenant(named: actor) else {
            XCTFail("no tenant \(actor) in the test policies")
            return []
        }
        var violations = ViolationList()
        rule.check(context(request, policies: policies, actor: tenant), actorTenant: tenant, into: &violations)
        return violations.violations
    }

    /// Runs an object rule on `request.object` for the tenant that owns the request's namespace.
    static func objectViolations(_ rule: any ObjectRule.Type, _ request: AdmissionRequest, policies: PolicySet? = nil) -> [Violation] {
        let policies = policies ?? self.policies()
        guard let tenant = policies.tenantOwning(namespace: request.namespace), let object = request.object else {
            XCTFail("the request's namespace must belong to a tenant and it must carry an object")
            return []
        }
        // Rules read objects where they lie, so each is checked in every form it reaches them in, which
        // must all give the same violations.
        let context = context(request, policies: policies, actor: nil)
        var results: [(String, [Violation])] = []
        for (form, shaped) in forms(object) {
            var violations = ViolationList()
            rule.check(context, tenant: tenant, object: shaped, into: &violations)
            results.append((form, violations.violations))
        }
        for (form, violations) in results.dropFirst() where violations != results[0].1 {
            XCTFail("\(rule.id.rawValue) found \(violations.map(\.detail)) in the \(form) object but \(results[0].1.map(\.detail)) in the built one")
        }
        return results[0].1
    }

    /// `object` in the forms it reaches the rules in: built (as tests and mutations make values), parsed
    /// (in the reader's tape), and parsed then changed by a patch along the root, `spec`, `template` and
    /// the first container, either materializing those levels ("changed": a member set and removed
    /// again; their untouched members stay in the tape) or changing members in place ("patched": a
    /// member assigned its own value, which keeps the level in the tape but for that member, as the
    /// mutations' patches do). The content stays the same in every form. A value the reader would refuse
    /// (duplicate names) has only its built form.
    static func forms(_ object: JSON) -> [(String, JSON)] {
        guard let parsed = try? JSONReader.parse(JSONWriter.bytes(object)) else { return [("built", object)] }
        return [
            ("built", object), ("parsed", parsed), ("changed", changingPatchPath(parsed, materializing: true)),
            ("patched", changingPatchPath(parsed, materializing: false)),
        ]
    }

    private static func changingPatchPath(_ value: JSON, materializing: Bool) -> JSON {
        switch value {
        case .object(var object):
            if materializing {
                object["addedByAPatch"] = true
                object["addedByAPatch"] = nil
            } else if let key = object.keys.last, let same = object[key] {
                object[key] = same
            }
            for key in ["spec", "template", "jobTemplate"] {
                if let member = object[key] { object[key] = changingPatchPath(member, materializing: materializing) }
            }
            if case .array(var containers)? = object["containers"], let first = containers.first {
                containers[0] = changingPatchPath(first, materializing: materializing)
                object["containers"] = .array(containers)
            }
            return .object(object)
        default:
            return value
        }
    }

    /// Object rule run on `object` as a request for `resource` in tenant `tenant`'s namespace `namespace`,
    /// with `tenant` swapped for the given one (so each test sets only the setting it is about).
    static func objectViolations(
        _ rule: any ObjectRule.Type, tenant: Tenant, platform: Platform = platform, group: String = "", resource: String,
        operation: Admission.Operation = .create, object: JSON, oldObject: JSON? = nil
    ) -> [Violation] {
        let policies = self.policies(platform: platform, tenants: [tenant, globex])
        let namespace = tenant.namespaceNames.first ?? "tenant-acme"
        return objectViolations(
            rule, request(operation, group: group, resource: resource, namespace: namespace, object: object, oldObject: oldObject),
            policies: policies)
    }

    /// A pod with the given spec.
    static func pod(_ spec: JSON, labels: JSON = [:]) -> JSON {
        ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "labels": labels], "spec": spec]
    }

    /// A Deployment whose template has the given pod spec.
    static func deployment(replicas: Int? = nil, _ podSpec: JSON) -> JSON {
        var spec: JSON = ["template": ["metadata": ["labels": ["app": "web"]], "spec": podSpec]]
        if let replicas, case .object(var members) = spec {
            members["replicas"] = .number(JSONNumber(replicas))
            spec = .object(members)
        }
        return ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"], "spec": spec]
    }

    /// A container with the given fields besides its name and image.
    static func container(_ name: String, image: String = "registry.acme.io/web:1", _ fields: [(String, JSON)] = []) -> JSON {
        var object = JSONObject([JSONObject.Member(key: "name", value: .string(name)), JSONObject.Member(key: "image", value: .string(image))])
        for (key, value) in fields { object[key] = value }
        return .object(object)
    }

    static func resources(requests: JSON? = nil, limits: JSON? = nil) -> (String, JSON) {
        var object = JSONObject()
        if let requests { object["requests"] = requests }
        if let limits { object["limits"] = limits }
        return ("resources", .object(object))
    }
}

extension Array where Element == Violation {
    var details: [String] { map(\.detail) }
}
