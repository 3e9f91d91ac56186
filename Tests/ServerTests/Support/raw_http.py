#!/usr/bin/env python3
"""A raw HTTP/1.1 client for the end-to-end tests: sends exactly the bytes it is told to, over TLS
(Python's ssl module) or plain TCP, with pauses in between, and reports every response it parsed
and whether the server closed the connection.

  raw_http.py --port P [--cafile CA] [--server-name N] [--settle SECONDS] < steps.json

steps.json is a list of {"send": TEXT} | {"send_file": PATH} | {"sleep": SECONDS} | {"read": COUNT}
("read" waits until COUNT responses have arrived in all); "sent step N" goes to stderr after each
send. After the last step the client waits up to
--settle seconds for more data or the server's close. Prints one JSON object:
  {"responses": [{"status": 200, "headers": {...}, "body": "..."}], "closed": true, "error": null}
"""
import json
import socket
import ssl
import sys
import time


def parse(data):
    """Complete responses at the start of `data` (Content-Length bodies), and the unparsed rest."""
    responses = []
    while True:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            return responses, data
        lines = data[:end].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        status = int(parts[1])
        if 100 <= status < 200:
            responses.append({"status": status, "headers": headers, "body": ""})
            data = data[end + 4:]
            continue
        if len(data) < end + 4 + length:
            return responses, data
        body = data[end + 4:end + 4 + length].decode("utf-8", "replace")
        responses.append({"status": status, "headers": headers, "body": body})
        data = data[end + 4 + length:]


def main():
    options = {"--server-name": "localhost", "--settle": "1.0"}
    arguments = sys.argv[1:]
    for i in range(0, len(arguments), 2):
        options[arguments[i]] = arguments[i + 1]
    steps = json.load(sys.stdin)
    sock = socket.create_connection(("127.0.0.1", int(options["--port"])), timeout=10)
    if "--cafile" in options:
        context = ssl.create_default_context(cafile=options["--cafile"])
        sock = context.wrap_socket(sock, server_hostname=options["--server-name"])
    buffer = b""
    responses = []
    closed = False
    error = None

    def receive(deadline):
        nonlocal buffer, closed, responses
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except (socket.timeout, TimeoutError):
            return False
        except (ConnectionResetError, ssl.SSLError, OSError):
            closed = True
            return False
        if not chunk:
            closed = True
            return False
        buffer += chunk
        parsed, buffer = parse(buffer)
        responses += parsed
        return True

    try:
        for index, step in enumerate(steps):
            if "send" in step or "send_file" in step:
                payload = step["send"].encode() if "send" in step else open(step["send_file"], "rb").read()
                try:
                    sock.sendall(payload)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError) as failure:
                    error = f"send failed: {failure}"
                    break
                # For tests that act once the server has the bytes (a shutdown mid-request).
                print(f"sent step {index}", file=sys.stderr, flush=True)
            elif "sleep" in step:
                time.sleep(step["sleep"])
            elif "read" in step:
                deadline = time.monotonic() + 10
                while len(responses) < step["read"] and not closed and time.monotonic() < deadline:
                    receive(deadline)
        deadline = time.monotonic() + float(options["--settle"])
        while not closed and time.monotonic() < deadline:
            receive(deadline)
    except Exception as failure:  # noqa: BLE001 - reported to the test, which fails with it
        error = repr(failure)
    print(json.dumps({"responses": responses, "closed": closed, "error": error}))


if __name__ == "__main__":
    main()
