#!/usr/bin/env python3
"""Checks rendered deploy manifests: deadlock guards, rule coverage, and that webhook paths and ports
match what `tenantry serve` serves.

Usage: deploy/check.py REPO_ROOT RENDERED.yaml...   (exit 1 and one line per problem on failure)

The server's admission paths are read from Sources/Server (AdmissionEndpoint cases become "/<case>"),
so renaming a route without updating the webhook configurations fails here.
"""
import re
import sys

import yaml

# Namespaces whose objects must never wait on the webhook: the control plane's and tenantry's own.
GUARDED_NAMESPACES = {"kube-system", "kube-public", "kube-node-lease", "tenantry-system"}
NAME_LABEL = "kubernetes.io/metadata.name"

# (group, resource incl. subresource, operation, scope) the rule catalogue (policy.md §3) reviews.
VALIDATE_REQUIRED = [
    ("", "pods", "CREATE", "Namespaced"),
    ("", "pods", "UPDATE", "Namespaced"),
    ("", "pods", "DELETE", "Namespaced"),
    ("", "pods/ephemeralcontainers", "UPDATE", "Namespaced"),
    ("", "pods/resize", "UPDATE", "Namespaced"),
    ("", "pods/exec", "CONNECT", "Namespaced"),
    ("", "pods/attach", "CONNECT", "Namespaced"),
    ("", "pods/portforward", "CONNECT", "Namespaced"),
    ("", "services", "CREATE", "Namespaced"),
    ("", "persistentvolumeclaims", "CREATE", "Namespaced"),
    ("", "replicationcontrollers", "UPDATE", "Namespaced"),
    ("", "secrets", "DELETE", "Namespaced"),
    ("apps", "deployments", "CREATE", "Namespaced"),
    ("apps", "replicasets", "UPDATE", "Namespaced"),
    ("apps", "statefulsets", "CREATE", "Namespaced"),
    ("apps", "daemonsets", "CREATE", "Namespaced"),
    ("batch", "jobs", "CREATE", "Namespaced"),
    ("batch", "cronjobs", "UPDATE", "Namespaced"),
    ("policy", "poddisruptionbudgets", "CREATE", "Namespaced"),
    ("rbac.authorization.k8s.io", "rolebindings", "CREATE", "Namespaced"),
    ("external-secrets.io", "secretstores", "CREATE", "Namespaced"),
    ("", "namespaces", "CREATE", "Cluster"),
    ("", "namespaces", "UPDATE", "Cluster"),
    ("", "namespaces", "DELETE", "Cluster"),
    ("rbac.authorization.k8s.io", "clusterroles", "CREATE", "Cluster"),
    ("rbac.authorization.k8s.io", "clusterrolebindings", "UPDATE", "Cluster"),
    ("scheduling.k8s.io", "priorityclasses", "CREATE", "Cluster"),
    ("storage.k8s.io", "storageclasses", "DELETE", "Cluster"),
    ("apiextensions.k8s.io", "customresourcedefinitions", "CREATE", "Cluster"),
]
MUTATE_REQUIRED = [
    ("", "pods", "CREATE", "Namespaced"),
    ("", "pods", "UPDATE", "Namespaced"),
    ("", "namespaces", "CREATE", "Cluster"),
    ("", "namespaces", "UPDATE", "Cluster"),
    ("", "configmaps", "CREATE", "Namespaced"),
    ("apps", "deployments", "CREATE", "Namespaced"),
]
MUTATE_NEVER = [("", "pods", "DELETE", "Namespaced"), ("", "pods/exec", "CONNECT", "Namespaced")]


def server_admission_paths(repo):
    text = open(f"{repo}/Sources/Server/AdmissionObserver.swift").read()
    enum = re.search(r"enum AdmissionEndpoint[^{]*\{(.*?)\n\}", text, re.S)
    if not enum or 'var path: String { "/" + rawValue }' not in enum.group(1):
        raise SystemExit("check: cannot read AdmissionEndpoint paths from Sources/Server/AdmissionObserver.swift")
    return {"/" + name for name in re.findall(r"^\s*case (\w+)\s*$", enum.group(1), re.M)}


def resource_matches(pattern, resource):
    if pattern == "*/*":
        return True
    if pattern == "*":
        return "/" not in resource
    if pattern.endswith("/*"):
        return resource.split("/")[0] == pattern[:-2] and "/" in resource
    if pattern.startswith("*/"):
        return "/" in resource and resource.split("/", 1)[1] == pattern[2:]
    return pattern == resource


def rule_covers(rule, group, resource, operation, scope):
    return (
        any(g in ("*", group) for g in rule.get("apiGroups", []))
        and any(op in ("*", operation) for op in rule.get("operations", []))
        and any(resource_matches(r, resource) for r in rule.get("resources", []))
        and rule.get("scope", "*") in ("*", scope)
    )


def excludes_guarded(selector):
    """True when the selector's NotIn on the name label excludes every guarded namespace."""
    for expression in (selector or {}).get("matchExpressions", []):
        if expression.get("key") == NAME_LABEL and expression.get("operator") == "NotIn":
            if GUARDED_NAMESPACES <= set(expression.get("values", [])):
                return True
    return False


def main():
    repo, files = sys.argv[1], sys.argv[2:]
    problems = []
    paths = server_admission_paths(repo)
    for file in files:
        docs = [d for d in yaml.safe_load_all(open(file)) if d]
        where = file
        by_kind = {}
        for doc in docs:
            by_kind.setdefault(doc["kind"], []).append(doc)

        def problem(text):
            problems.append(f"{where}: {text}")

        # The Service the webhooks call, and the container port behind it.
        deployments = by_kind.get("Deployment", [])
        container = deployments[0]["spec"]["template"]["spec"]["containers"][0] if deployments else {}
        args = container.get("args", [])
        addr = next((a.split("=", 1)[1] for a in args if a.startswith("--addr=")), None)
        metrics_addr = next((a.split("=", 1)[1] for a in args if a.startswith("--metrics-addr=")), None)
        named_ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
        if addr is None or metrics_addr is None:
            problem("the Deployment must pass --addr and --metrics-addr (the defaults bind 127.0.0.1 only)")
        for probe in ("livenessProbe", "readinessProbe"):
            port = container.get(probe, {}).get("httpGet", {}).get("port")
            port = named_ports.get(port, port)
            if metrics_addr is None or str(port) != metrics_addr.rsplit(":", 1)[-1]:
                problem(f"{probe} must use the metrics port ({metrics_addr}), got {port}")
        expected_probe = {"livenessProbe": "/healthz", "readinessProbe": "/readyz"}
        for probe, path in expected_probe.items():
            if container.get(probe, {}).get("httpGet", {}).get("path") != path:
                problem(f"{probe} must GET {path}")
        services = {(s["metadata"]["name"], s["metadata"].get("namespace")): s for s in by_kind.get("Service", [])}
        own_namespaces = {d["metadata"].get("namespace") for d in docs} - {None}

        configurations = [("ValidatingWebhookConfiguration", VALIDATE_REQUIRED, "/validate"),
                          ("MutatingWebhookConfiguration", MUTATE_REQUIRED, "/mutate")]
        for kind, required, path in configurations:
            configuration = by_kind.get(kind, [])
            if len(configuration) != 1:
                problem(f"expected one {kind}, found {len(configuration)}")
                continue
            webhooks = configuration[0].get("webhooks", [])
            for hook in webhooks:
                name = hook.get("name")
                client = hook.get("clientConfig", {})
                service = client.get("service", {})
                if client.get("url"):
                    problem(f"{name}: clientConfig.url bypasses the Service")
                if service.get("path") != path or path not in paths:
                    problem(f"{name}: path {service.get('path')} (server serves {sorted(paths)}, expected {path})")
                target = services.get((service.get("name"), service.get("namespace")))
                if target is None:
                    problem(f"{name}: calls Service {service.get('namespace')}/{service.get('name')}, not in the render")
                else:
                    port = next((p for p in target["spec"]["ports"] if p["port"] == service.get("port", 443)), None)
                    target_port = port and named_ports.get(port.get("targetPort"), port.get("targetPort"))
                    if addr is None or str(target_port) != addr.rsplit(":", 1)[-1]:
                        problem(f"{name}: Service port {service.get('port', 443)} does not reach --addr {addr}")
                if hook.get("failurePolicy") != "Fail":
                    problem(f"{name}: failurePolicy must be Fail")
                if hook.get("sideEffects") != "None":
                    problem(f"{name}: sideEffects must be None")
                if hook.get("admissionReviewVersions") != ["v1"]:
                    problem(f"{name}: admissionReviewVersions must be [v1]")
                if not isinstance(hook.get("timeoutSeconds"), int) or hook["timeoutSeconds"] > 5:
                    problem(f"{name}: timeoutSeconds must be set and at most 5")
                if hook.get("matchPolicy") != "Equivalent":
                    problem(f"{name}: matchPolicy must be Equivalent")
                if kind.startswith("Mutating") and hook.get("reinvocationPolicy") != "IfNeeded":
                    problem(f"{name}: reinvocationPolicy must be IfNeeded")
                rules = hook.get("rules", [])
                # Deadlock guard. Anything namespaced (and Namespaces) must pass the namespaceSelector;
                # a webhook for other cluster-scoped resources must skip nodes and tenantry's own objects.
                reaches_namespaces = any(
                    rule_covers(r, g, res, op, "Namespaced")
                    for r in rules for g, res, op in [("", "pods", "CREATE"), ("", "endpoints", "UPDATE"),
                                                      ("coordination.k8s.io", "leases", "UPDATE")]
                ) or any(rule_covers(r, "", "namespaces", "UPDATE", "Cluster") for r in rules)
                if reaches_namespaces and not excludes_guarded(hook.get("namespaceSelector")):
                    problem(f"{name}: namespaceSelector must exclude {sorted(GUARDED_NAMESPACES)} by {NAME_LABEL}")
                reaches_cluster = any(rule_covers(r, "", "nodes", "UPDATE", "Cluster") for r in rules)
                conditions = " ".join(c.get("expression", "") for c in hook.get("matchConditions", []))
                if reaches_cluster:
                    if "system:nodes" not in conditions:
                        problem(f"{name}: reviews Node writes but does not skip the system:nodes group")
                    if reaches_namespaces and "'namespaces'" not in conditions:
                        problem(f"{name}: reviews Namespaces without excluding them from cluster matchConditions")
                for doc in docs:
                    meta = doc["metadata"]
                    if meta.get("namespace") or doc["kind"] in ("Namespace",) or "WebhookConfiguration" in doc["kind"]:
                        continue
                    group = doc["apiVersion"].rsplit("/", 1)[0] if "/" in doc["apiVersion"] else ""
                    plural = doc["kind"].lower() + ("es" if doc["kind"].endswith("s") else "s")
                    if any(rule_covers(r, group, plural, "UPDATE", "Cluster") for r in rules):
                        if f"request.name == '{meta['name']}'" not in conditions or f"'{plural}'" not in conditions:
                            problem(f"{name}: tenantry's own {doc['kind']} {meta['name']} would wait on the webhook")
                for namespace in own_namespaces:
                    if reaches_namespaces and namespace not in GUARDED_NAMESPACES:
                        problem(f"{name}: tenantry's namespace {namespace} is not excluded")
            for group, resource, operation, scope in required:
                if not any(rule_covers(r, group, resource, operation, scope) for h in webhooks for r in h.get("rules", [])):
                    problem(f"{kind}: no webhook reviews {operation} {group or 'core'}/{resource} ({scope})")
            if kind.startswith("Mutating"):
                for group, resource, operation, scope in MUTATE_NEVER:
                    if any(rule_covers(r, group, resource, operation, scope) for h in webhooks for r in h.get("rules", [])):
                        problem(f"{kind}: sends {operation} {resource}, which is never patched")
    for line in problems:
        print(line)
    if problems:
        sys.exit(1)
    print(f"check: {len(files)} render(s) ok")


if __name__ == "__main__":
    main()
