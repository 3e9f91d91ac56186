import JSON

/// `pod-security`: what `Platform.spec.podSecurity` forbids tenant pods. Each of these reaches past the
/// container onto the node: privileged containers (and Windows host-process containers, their
/// equivalent), the node's network/PID/IPC namespaces, its filesystem through hostPath, its ports, and
/// kernel capabilities beyond the allowed ones. Ephemeral containers count: `kubectl debug
/// --profile=sysadmin` asks for privileged.
enum PodSecurityRule: ObjectRule {
    static let id = RuleID.podSecurity
    static func check(_ context: ValidationContext, tenant: Tenant, object: ReviewedObject, into violations: inout ViolationList) {
        // The facts read by optional chaining (see `PodFacts.read`).
        object.pod?.read { pod in check(pod, context.platform.podSecurity, into: &violations) }
    }

    private static func check(_ pod: PodFacts, _ policy: PodSecurityPolicy, into violations: inout ViolationList) {

        if !policy.hostNamespaces {
            @inline(__always)
            func refuse(_ field: String, _ value: Bool?) {
                guard value == true else { return }
                violations.append(Violation(id, field + " is not allowed (podSecurity.hostNamespaces is false)"))
            }
            refuse("hostNetwork", pod.hostNetwork)
            refuse("hostPID", pod.hostPID)
            refuse("hostIPC", pod.hostIPC)
        }
        if !policy.privileged, pod.hostProcess == true {
            violations.append(Violation(id, "securityContext.windowsOptions.hostProcess is not allowed (podSecurity.privileged is false)"))
        }
        if !policy.hostPath {
            // Read through the optional rather than bound from it (see `PodFacts.read`).
            pod.volumes?.forEachElement(withMember: "hostPath") { index, volume, hostPath in
                violations.append(id) { text in
                    if let name = volume["name"]?.stringValue {
                        text.append("volume ")
                        text.appendQuoted(name)
                    } else {
                        text.append("volumes[")
                        text.append(index)
                        text.append("]")
                    }
                    text.append(" mounts hostPath")
                    if let path = hostPath["path"] {
                        text.append(" ")
                        text.append(RuleText.describe(path.value))
                    }
                    text.append(" (podSecurity.hostPath is false)")
                }
            }
        }
        // A host-network pod binds node ports directly (and the API server defaults its hostPorts to its
        // container ports): once host namespaces are allowed, hostPort adds nothing to refuse.
        let checkHostPorts = !policy.hostPorts && !(policy.hostNamespaces && pod.hostNetwork == true)
        pod.forEachContainer { container in
            checkContainer(container, policy, checkHostPorts: checkHostPorts, &violations)
        }
    }

    private static func checkContainer(
        _ container: PodContainer, _ policy: PodSecurityPolicy, checkHostPorts: Bool, _ violations: inout ViolationList
    ) {
        if !policy.privileged {
            if container.privileged == true {
                violations.append(Violation(id, detail(container, " is privileged (podSecurity.privileged is false)")))
            }
            if container.hostProcess == true {
                violations.append(Violation(id, detail(container, " is a Windows host-process container (podSecurity.privileged is false)")))
            }
        }
        if checkHostPorts {
            container.forEachHostPort { hostPort in
                let value = hostPort.value
                guard value.intValue != 0 else { return }
                violations.append(id) { text in
                    container.describe(into: &text)
                    text.append(" uses hostPort ")
                    text.append(RuleText.describe(value))
                    text.append(" (podSecurity.hostPorts is false)")
                }
            }
        }
        if let added = container.addedCapabilities {
            added.forEachElement { _, entry in
                guard let raw = entry.stringValue?.string else {
                    violations.append(Violation(id,
                        container.described + " adds capability " + RuleText.describe(entry.value)
                        + ", which is not a capability name " + RuleText.allowed(policy.allowedCapabilities.sorted())))
                    return
                }
                if policy.allowedCapabilities.contains(raw) { return }  // Already in canonical form.
                let name = canonicalCapability(raw)
                if policy.allowedCapabilities.contains(name) { return }
                violations.append(Violation(id,
                    container.described + " adds capability " + RuleText.quoted(name) + " "
                    + RuleText.allowed(policy.allowedCapabilities.sorted())))
            }
        }
    }

    /// `container "app"` and `rest`, written into one buffer (see `TextBuilder`) rather than joined.
    private static func detail(_ container: PodContainer, _ rest: StaticString) -> String {
        TextBuilder.withStackBuffer { text in
            container.describe(into: &text)
            text.append(rest)
            return text.text
        }
    }

    /// `cap_net_admin` → `NET_ADMIN`: the runtime accepts either case and the `CAP_` prefix.
    private static func canonicalCapability(_ raw: String) -> String {
        let upper = raw.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }
}
