#!/usr/bin/env python3
"""Proves deploy/check.py can fail: each case breaks one guarantee in a good render and expects check.py
to exit 1 naming it. Usage: deploy/check_selftest.py REPO_ROOT GOOD_RENDER.yaml"""
import copy
import subprocess
import sys
import tempfile

import yaml

repo, good = sys.argv[1], sys.argv[2]
docs = [d for d in yaml.safe_load_all(open(good)) if d]


def hooks(kind):
    return next(d for d in docs_copy if d["kind"] == kind)["webhooks"]


CASES = {
    "tenantry-system not excluded": ("namespaceSelector must exclude",
        lambda: hooks("ValidatingWebhookConfiguration")[0]["namespaceSelector"]["matchExpressions"][0]["values"].remove("tenantry-system")),
    "own PriorityClass not skipped": ("would wait on the webhook",
        lambda: hooks("ValidatingWebhookConfiguration")[1].__setitem__("matchConditions", [
            c for c in hooks("ValidatingWebhookConfiguration")[1]["matchConditions"] if "tenantry-webhook" not in c["expression"]])),
    "nodes not skipped": ("system:nodes",
        lambda: hooks("ValidatingWebhookConfiguration")[1].__setitem__("matchConditions", [
            c for c in hooks("ValidatingWebhookConfiguration")[1]["matchConditions"] if "system:nodes" not in c["expression"]])),
    "no CONNECT": ("CONNECT core/pods/exec",
        lambda: hooks("ValidatingWebhookConfiguration")[0]["rules"][0]["operations"].remove("CONNECT")),
    "wrong path": ("path /validate/",
        lambda: hooks("ValidatingWebhookConfiguration")[0]["clientConfig"]["service"].__setitem__("path", "/validate/")),
    "timeout too long": ("timeoutSeconds",
        lambda: hooks("MutatingWebhookConfiguration")[0].__setitem__("timeoutSeconds", 10)),
    "Ignore": ("failurePolicy",
        lambda: hooks("ValidatingWebhookConfiguration")[0].__setitem__("failurePolicy", "Ignore")),
    "no reinvocation": ("reinvocationPolicy",
        lambda: hooks("MutatingWebhookConfiguration")[0].pop("reinvocationPolicy")),
    "no cluster-scoped rules": ("clusterroles",
        lambda: hooks("ValidatingWebhookConfiguration")[1]["rules"][0].__setitem__("scope", "Namespaced")),
    "service to metrics port": ("does not reach --addr",
        lambda: next(d for d in docs_copy if d["kind"] == "Service")["spec"]["ports"][0].__setitem__("targetPort", "metrics")),
}

failures = 0
for name, (expected, breakage) in CASES.items():
    docs_copy = copy.deepcopy(docs)
    breakage()
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
        yaml.safe_dump_all(docs_copy, f)
        f.flush()
        result = subprocess.run([sys.executable, f"{repo}/deploy/check.py", repo, f.name], capture_output=True, text=True)
    if result.returncode != 1 or expected not in result.stdout:
        failures += 1
        print(f"check_selftest: {name}: expected exit 1 mentioning {expected!r}, got {result.returncode}: {result.stdout.strip()}")
if failures:
    sys.exit(1)
print(f"check_selftest: {len(CASES)} broken renders rejected")
