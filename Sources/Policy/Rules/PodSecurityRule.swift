import JSON

/// `pod-security`: what `Platform.spec.podSecurity` forbids tenant pods. Each of these reaches past the
/// container onto the node: privileged containers (and Windows host-process containers, their
/// equivalent), the node's network/PID/IPC namespaces, its filesystem through hostPath, its ports, and
/// kernel capabilities beyond the allowed ones. Ephemeral containers count: `kubectl debug
/// --profile=sysadmin` asks for privileged.
enum PodSecurityRule: ObjectRule {
    static let id = RuleID.podSecurity
    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout [Violation]) {
        guard let pod = object.pod else { return }
        let policy = context.platform.podSecurity

        if !policy.hostNamespaces {
            func refuse(_ field: String, _ value: JSON?) {
                guard value?.boolValue == true else { return }
                violations.append(Violation(id, field + " is not allowed (podSecurity.hostNamespaces is false)"))
            }
            refuse("hostNetwork", pod.hostNetwork)
            refuse("hostPID", pod.hostPID)
            refuse("hostIPC", pod.hostIPC)
        }
        if !policy.privileged, pod.securityContext?["windowsOptions"]?["hostProcess"]?.boolValue == true {
            violations.append(Violation(id, "securityContext.windowsOptions.hostProcess is not allowed (podSecurity.privileged is false)"))
        }
        if !policy.hostPath, let volumes = pod.volumes?.arrayValue {
            for (index, volume) in volumes.enumerated() {
                guard let hostPath = volume["hostPath"], !hostPath.isNull else { continue }
                let name = volume["name"]?.stringValue.map { "volume " + RuleText.quoted($0) } ?? "volumes[" + String(index) + "]"
                let path = hostPath["path"].map { " " + RuleText.describe($0) } ?? ""
                violations.append(Violation(id, name + " mounts hostPath" + path + " (podSecurity.hostPath is false)"))
            }
        }
        // A host-network pod binds node ports directly (and the API server defaults its hostPorts to its
        // container ports): once host namespaces are allowed, hostPort adds nothing to refuse.
        let checkHostPorts = !policy.hostPorts && !(policy.hostNamespaces && pod.hostNetwork?.boolValue == true)
        for container in pod.containers {
            checkContainer(container, policy, checkHostPorts: checkHostPorts, &violations)
        }
    }

    private static func checkContainer(
        _ podContainer: PodContainer, _ policy: PodSecurityPolicy, checkHostPorts: Bool, _ violations: inout [Violation]
    ) {
        let (list, index, container) = (podContainer.list, podContainer.index, podContainer.json)
        let securityContext = podContainer.securityContext
        if !policy.privileged {
            if securityContext?["privileged"]?.boolValue == true {
                violations.append(Violation(id,
                    RuleText.container(list, index, container) + " is privileged (podSecurity.privileged is false)"))
            }
            if securityContext?["windowsOptions"]?["hostProcess"]?.boolValue == true {
                violations.append(Violation(id,
                    RuleText.container(list, index, container)
                    + " is a Windows host-process container (podSecurity.privileged is false)"))
            }
        }
        if checkHostPorts, let ports = podContainer.ports?.arrayValue {
            for port in ports {
                guard let hostPort = port["hostPort"], !hostPort.isNull, hostPort.intValue != 0 else { continue }
                violations.append(Violation(id,
                    RuleText.container(list, index, container) + " uses hostPort " + RuleText.describe(hostPort)
                    + " (podSecurity.hostPorts is false)"))
            }
        }
        if let added = securityContext?["capabilities"]?["add"]?.arrayValue {
            for entry in added {
                guard let raw = entry.stringValue else {
                    violations.append(Violation(id,
                        RuleText.container(list, index, container) + " adds capability " + RuleText.describe(entry)
                        + ", which is not a capability name " + RuleText.allowed(policy.allowedCapabilities.sorted())))
                    continue
                }
                if policy.allowedCapabilities.contains(raw) { continue }  // Already in canonical form.
                let name = canonicalCapability(raw)
                if policy.allowedCapabilities.contains(name) { continue }
                violations.append(Violation(id,
                    RuleText.container(list, index, container) + " adds capability " + RuleText.quoted(name) + " "
                    + RuleText.allowed(policy.allowedCapabilities.sorted())))
            }
        }
    }

    /// `cap_net_admin` → `NET_ADMIN`: the runtime accepts either case and the `CAP_` prefix.
    private static func canonicalCapability(_ raw: String) -> String {
        let upper = raw.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }
}
