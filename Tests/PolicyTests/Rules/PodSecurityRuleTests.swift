import Admission
import JSON
import XCTest

@testable import Policy

final class PodSecurityRuleTests: XCTestCase {
    private func check(_ spec: JSON, platform: Platform = RuleFixtures.platform) -> [String] {
        RuleFixtures.objectViolations(PodSecurityRule.self, tenant: RuleFixtures.acme, platform: platform, resource: "pods", object: RuleFixtures.pod(spec)).details
    }

    private func container(_ name: String, _ fields: [(String, JSON)]) -> JSON { RuleFixtures.container(name, fields) }

    func testPlainPodIsAllowed() {
        XCTAssertEqual(
            check([
                "containers": [
                    container("app", [
                        ("ports", [["containerPort": 8080], ["containerPort": 9090, "hostPort": 0]]),
                        ("securityContext", ["privileged": false, "capabilities": ["add": ["NET_BIND_SERVICE", "cap_net_bind_service"], "drop": ["ALL"]]]),
                    ])
                ],
                "volumes": [["name": "data", "emptyDir": [:]]],
                "hostNetwork": false,
            ]), [])
    }

    func testPrivilegedContainersAreDeniedInEveryList() {
        XCTAssertEqual(
            check([
                "containers": [container("app", [("securityContext", ["privileged": true])])],
                "ephemeralContainers": [container("debugger", [("securityContext", ["privileged": true])])],
            ]),
            [
                "container \"app\" is privileged (podSecurity.privileged is false)",
                "container \"debugger\" is privileged (podSecurity.privileged is false)",
            ])
    }

    func testWindowsHostProcessCountsAsPrivileged() {
        XCTAssertEqual(
            check(["securityContext": ["windowsOptions": ["hostProcess": true]], "containers": []]),
            ["securityContext.windowsOptions.hostProcess is not allowed (podSecurity.privileged is false)"])
    }

    func testHostNamespacesHostPathAndHostPortsAreDenied() {
        XCTAssertEqual(
            check([
                "hostNetwork": true, "hostPID": true, "hostIPC": false,
                "volumes": [["name": "docker", "hostPath": ["path": "/var/run/docker.sock"]]],
                "containers": [container("app", [("ports", [["containerPort": 80, "hostPort": 80]])])],
            ]),
            [
                "hostNetwork is not allowed (podSecurity.hostNamespaces is false)",
                "hostPID is not allowed (podSecurity.hostNamespaces is false)",
                "volume \"docker\" mounts hostPath \"/var/run/docker.sock\" (podSecurity.hostPath is false)",
                "container \"app\" uses hostPort 80 (podSecurity.hostPorts is false)",
            ])
    }

    /// The details written into one buffer read as the joined pieces did: unnamed volumes and containers
    /// by their place, hostile names escaped, a hostPath without a path, a path that is not a string.
    func testDetailsNameUnnamedAndHostileThingsAsBefore() {
        XCTAssertEqual(
            check([
                "volumes": [
                    ["hostPath": ["path": "/etc"]], ["name": "n\u{e9}\"w\n", "hostPath": [:]], ["name": 4, "hostPath": ["path": 7]],
                ],
                "containers": [
                    ["securityContext": ["privileged": true, "windowsOptions": ["hostProcess": true]], "ports": [["hostPort": "x"]]],
                    container("q\"\t", [("securityContext", ["windowsOptions": ["hostProcess": true]])]),
                ],
            ]),
            [
                "volumes[0] mounts hostPath \"/etc\" (podSecurity.hostPath is false)",
                "volume \"n\u{e9}\\\"w\\n\" mounts hostPath (podSecurity.hostPath is false)",
                "volumes[2] mounts hostPath 7 (podSecurity.hostPath is false)",
                "containers[0] is privileged (podSecurity.privileged is false)",
                "containers[0] is a Windows host-process container (podSecurity.privileged is false)",
                "containers[0] uses hostPort \"x\" (podSecurity.hostPorts is false)",
                "container \"q\\\"\\t\" is a Windows host-process container (podSecurity.privileged is false)",
            ])
    }

    func testCapabilitiesBeyondTheAllowedOnesAreDenied() {
        XCTAssertEqual(
            check(["initContainers": [container("init", [("securityContext", ["capabilities": ["add": ["CAP_SYS_ADMIN", "all", "NET_BIND_SERVICE"]]])])]]),
            [
                "container \"init\" adds capability \"SYS_ADMIN\" (allowed: NET_BIND_SERVICE)",
                "container \"init\" adds capability \"ALL\" (allowed: NET_BIND_SERVICE)",
            ])
    }

    func testWhatThePlatformAllowsIsAllowed() {
        var platform = RuleFixtures.platform
        platform.podSecurity = PodSecurityPolicy(privileged: true, hostNamespaces: true, hostPath: true, hostPorts: false, allowedCapabilities: ["ALL"])
        XCTAssertEqual(
            check([
                "hostNetwork": true,
                "volumes": [["name": "logs", "hostPath": ["path": "/var/log"]]],
                // With host networking allowed, the API server's defaulted hostPorts add nothing.
                "containers": [container("agent", [("ports", [["containerPort": 9100, "hostPort": 9100]]), ("securityContext", ["privileged": true, "capabilities": ["add": ["ALL"]]])])],
            ], platform: platform), [])
    }

    func testWorkloadTemplatesAreChecked() {
        let daemonSet: JSON = ["spec": ["template": ["spec": ["hostPID": true, "containers": []]]]]
        XCTAssertEqual(
            RuleFixtures.objectViolations(PodSecurityRule.self, tenant: RuleFixtures.acme, group: "apps", resource: "daemonsets", object: daemonSet).details,
            ["hostPID is not allowed (podSecurity.hostNamespaces is false)"])
    }
}
