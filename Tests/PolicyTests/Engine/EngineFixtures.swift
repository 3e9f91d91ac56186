import Admission
import JSON
import Policy

/// A small platform with two tenants, built in Swift so engine tests don't depend on `policies/`.
enum EngineFixtures {
    static let platform = Platform(
        tenantLabel: "tenant",
        adminGroups: ["system:masters", "platform-admins"],
        priorityClasses: [
            PriorityClassSpec(name: "platform-critical", value: 1_000_000),
            PriorityClassSpec(name: "tenant-standard", value: 100, globalDefault: true),
            PriorityClassSpec(name: "tenant-batch", value: 10, preemptionPolicy: "Never"),
        ],
        platformOwned: [GroupResource(group: "networking.k8s.io", resource: "networkpolicies")],
        podSecurity: PodSecurityPolicy(allowedCapabilities: ["NET_BIND_SERVICE"]))

    static func tenant(_ name: String) -> Tenant {
        Tenant(
            name: name,
            ownerGroups: ["tenant-\(name)-admins"],
            namespaceNames: ["tenant-\(name)"],
            namespacePrefixes: ["\(name)-"],
            namespaceLabels: [KeyValue("tier", "enterprise")],
            priorityClasses: TenantPriorityClasses(allowed: ["tenant-standard", "tenant-batch"], defaultClass: "tenant-standard"),
            containers: ContainerPolicy(
                defaultRequest: ResourceList(cpu: CompiledQuantity(text: "100m", amount: 100), memory: CompiledQuantity(text: "128Mi", amount: 128 << 20)),
                defaultLimit: ResourceList(cpu: CompiledQuantity(text: "500m", amount: 500), memory: CompiledQuantity(text: "512Mi", amount: 512 << 20)),
                max: ResourceList(cpu: CompiledQuantity(text: "2", amount: 2000), memory: CompiledQuantity(text: "4Gi", amount: 4 << 30))),
            quota: QuotaPolicy(
                requestsCPU: CompiledQuantity(text: "8", amount: 8000), requestsMemory: CompiledQuantity(text: "16Gi", amount: 16 << 30),
                limitsCPU: CompiledQuantity(text: "16", amount: 16000), limitsMemory: CompiledQuantity(text: "32Gi", amount: 32 << 30), pods: 50),
            nodeSelector: [KeyValue("node-pool", "tenant-workloads")])
    }

    static func policies(enforcement: [RuleID: RuleAction] = [:]) -> PolicySet {
        var platform = platform
        platform.enforcement = enforcement
        return PolicySet(platform: platform, tenants: [tenant("acme"), tenant("globex")], contentHash: "test")
    }

    static let acmeAdmin = UserInfo(username: "alice", groups: ["tenant-acme-admins", "system:authenticated"])
    static let platformAdmin = UserInfo(username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"])
    static let replicaSetController = UserInfo(
        username: "system:serviceaccount:kube-system:replicaset-controller",
        groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"])

    /// A pod that passes every rule once defaults are injected (limits within max, allowed image, class).
    static func pod(name: String = "web", namespace: String = "tenant-acme", priorityClass: String? = nil, labels: JSON = [:]) -> JSON {
        var spec: JSON = [
            "containers": [[
                "name": "web", "image": "nginx:1.27",
                "resources": ["requests": ["cpu": "250m", "memory": "256Mi"], "limits": ["cpu": "1", "memory": "1Gi"]],
            ]],
        ]
        if let priorityClass, case .object(var o) = spec {
            o["priorityClassName"] = .string(priorityClass)
            spec = .object(o)
        }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels], "spec": spec]
    }

    static func request(
        _ operation: Operation, resource: String = "pods", group: String = "", kind: String = "Pod", subResource: String = "",
        namespace: String = "tenant-acme", name: String = "web", user: UserInfo = acmeAdmin, object: JSON? = nil, oldObject: JSON? = nil,
        dryRun: Bool = false
    ) -> AdmissionRequest {
        AdmissionRequest(
            uid: "uid-1", kind: GroupVersionKind(group: group, version: "v1", kind: kind),
            resource: GroupVersionResource(group: group, version: "v1", resource: resource), subResource: subResource,
            name: name, namespace: namespace, operation: operation, userInfo: user, object: object, oldObject: oldObject,
            dryRun: dryRun)
    }
}
