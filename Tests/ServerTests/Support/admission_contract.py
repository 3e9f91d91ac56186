#!/usr/bin/env python3
"""Checks tenantry's answers against the API server's webhook contract (what VerifyAdmissionResponse
and the dispatchers enforce), as an independent client: Python's http.client over the ssl module.

  admission_contract.py post --port P --cafile CA [--host H] [--cert C --key K] [--server-name N] REVIEW...
      POSTs each review to /validate and /mutate, checks every answer, and re-sends each patched
      object to /mutate, which must answer with no patch (the API server may call a webhook twice).
  admission_contract.py check ENDPOINT REVIEW_FILE RESPONSE_FILE STATUS [ENDPOINT REVIEW_FILE ...]
      Checks answers already received (e.g. with curl), given in groups of four: the endpoint
      (validate or mutate), the review sent, the body received and the HTTP status.

Prints one line per check and a last line "N passed, N failed"; exits 1 when any check failed.
"""
import base64
import copy
import http.client
import json
import re
import ssl
import sys

import jsonpatch

ANNOTATION_KEY = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")


def envelope(review):
    """(apiVersion expected back, the request): a bare request (kwctl-style fixture) is answered as v1."""
    if "request" not in review and "uid" in review and "operation" in review:
        return "admission.k8s.io/v1", review
    return review.get("apiVersion"), review.get("request") or {}


def problems(endpoint, review, status, content_type, body):
    """Every way `body` breaks the contract for `review` sent to `endpoint`; empty when it holds."""
    out = []
    api_version, request = envelope(review)
    if status != 200:
        return [f"HTTP status {status}, expected 200"]
    if content_type is not None and not content_type.lower().startswith("application/json"):
        out.append(f"Content-Type {content_type!r}, expected application/json")
    try:
        answer = json.loads(body)
    except ValueError as error:
        return out + [f"body is not JSON: {error}"]
    if answer.get("apiVersion") != api_version:
        out.append(f"apiVersion {answer.get('apiVersion')!r}, expected {api_version!r}")
    if answer.get("kind") != "AdmissionReview":
        out.append(f"kind {answer.get('kind')!r}, expected 'AdmissionReview'")
    response = answer.get("response")
    if not isinstance(response, dict):
        return out + ["no response object"]
    if response.get("uid") != request.get("uid"):
        out.append(f"response.uid {response.get('uid')!r} != request.uid {request.get('uid')!r}")
    if not isinstance(response.get("allowed"), bool):
        out.append("response.allowed missing or not a boolean")
    elif not response["allowed"]:
        status_object = response.get("status") or {}
        if not isinstance(status_object.get("code"), int) or status_object["code"] < 400:
            out.append(f"denial without status.code >= 400: {status_object!r}")
        if not status_object.get("message"):
            out.append("denial without status.message")
    for warning in response.get("warnings") or []:
        if not isinstance(warning, str) or not warning or any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in warning):
            out.append(f"warning {warning!r} would be dropped (empty or control characters)")
    for key in (response.get("auditAnnotations") or {}):
        if len(key) > 63 or not ANNOTATION_KEY.match(key):
            out.append(f"audit annotation key {key!r} is not a qualified name")
    has_patch, has_type = "patch" in response, "patchType" in response
    if endpoint == "validate":
        if has_patch or has_type:
            out.append("a validating webhook may not return patch or patchType")
    else:
        if has_patch != has_type:
            out.append("patch and patchType must come together")
        if has_patch and request.get("operation") in ("DELETE", "CONNECT"):
            out.append(f"patch sent for {request.get('operation')}")
        if has_patch:
            if response.get("patchType") != "JSONPatch":
                out.append(f"patchType {response.get('patchType')!r}, expected 'JSONPatch'")
            try:
                operations = json.loads(base64.b64decode(response["patch"], validate=True))
                assert isinstance(operations, list), "patch is not a JSON array"
                jsonpatch.JsonPatch(operations).apply(copy.deepcopy(request.get("object")))
            except Exception as error:  # noqa: BLE001 - any failure to decode or apply is the finding
                out.append(f"patch does not apply to request.object: {error}")
    return out


def patched_review(review, body):
    """The review with the mutating answer's patch applied to its object, or None without a patch."""
    response = json.loads(body).get("response") or {}
    if "patch" not in response:
        return None
    operations = json.loads(base64.b64decode(response["patch"]))
    again = copy.deepcopy(review)
    _, request = envelope(again)
    request["object"] = jsonpatch.JsonPatch(operations).apply(request["object"])
    return again


def post_all(arguments):
    options = {"--host": "127.0.0.1", "--server-name": "localhost"}
    files = []
    i = 0
    while i < len(arguments):
        if arguments[i].startswith("--"):
            options[arguments[i]] = arguments[i + 1]
            i += 2
        else:
            files.append(arguments[i])
            i += 1
    context = ssl.create_default_context(cafile=options["--cafile"])
    if "--cert" in options:
        context.load_cert_chain(options["--cert"], options["--key"])
    # One kept-alive connection for everything, as the API server's transport would use.
    connection = http.client.HTTPSConnection(
        options["--host"], int(options["--port"]), context=context, timeout=20)
    if options["--server-name"] != options["--host"]:
        connection.server_hostname = options["--server-name"]

    def send(endpoint, payload):
        connection.request("POST", f"/{endpoint}?timeout=10s", body=payload,
                           headers={"Content-Type": "application/json", "Accept": "application/json, */*"})
        answer = connection.getresponse()
        return answer.status, answer.getheader("Content-Type"), answer.read()

    passed = failed = 0
    for path in files:
        raw = open(path, "rb").read()
        review = json.loads(raw)
        found = []
        for endpoint in ("validate", "mutate"):
            status, content_type, body = send(endpoint, raw)
            found += [f"{endpoint}: {p}" for p in problems(endpoint, review, status, content_type, body)]
            if endpoint == "mutate" and status == 200 and not found:
                again = patched_review(review, body)
                if again is not None:
                    status, content_type, body = send("mutate", json.dumps(again).encode())
                    found += [f"mutate again: {p}" for p in problems("mutate", again, status, content_type, body)]
                    if "patch" in (json.loads(body).get("response") or {}):
                        found.append("mutate again: the patched object was patched again (not idempotent)")
        verdict = "ok" if not found else "FAIL " + "; ".join(found)
        print(f"{path}: {verdict}")
        passed, failed = (passed + 1, failed) if not found else (passed, failed + 1)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def check_all(arguments):
    if not arguments or len(arguments) % 4:
        print("check takes groups of ENDPOINT REVIEW_FILE RESPONSE_FILE STATUS", file=sys.stderr)
        return 2
    passed = failed = 0
    for i in range(0, len(arguments), 4):
        endpoint, review_file, response_file, status = arguments[i:i + 4]
        review = json.load(open(review_file, "rb"))
        found = problems(endpoint, review, int(status), None, open(response_file, "rb").read())
        print(f"{review_file} {endpoint}: " + ("ok" if not found else "FAIL " + "; ".join(found)))
        passed, failed = (passed + 1, failed) if not found else (passed, failed + 1)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("post", "check"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(post_all(sys.argv[2:]) if sys.argv[1] == "post" else check_all(sys.argv[2:]))
