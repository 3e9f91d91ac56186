#!/usr/bin/env bash
# Cache misses per /validate request of `tenantry serve --threads 1` with many connections, from
# callgrind's cache simulation: how much of a request's work misses L1 and a 1 MiB L2, the part of
# its cost that instruction counts don't show and that grows with the number of connections.
#
# The release server runs under callgrind twice; a Python client opens CONNECTIONS keep-alive TLS
# connections and, ROUNDS times, sends one POST of bench/fixtures/pod-review.json on every connection
# before reading every answer (so one pass of the event loop serves them all, as under wrk). The
# difference between a SMALL and a LARGE number of rounds, over the requests it adds, is one request.
#
#   bash bench/server-cache.sh [CONNECTIONS] [SMALL] [LARGE]   # default 64 10 40
#   BINARY=/tmp/tenantry bash bench/server-cache.sh            # a binary built before (no build)
#
# Prints instructions (Ir), data reads and writes (Dr, Dw) and misses per request: I1mr (instruction
# fetches missing L1), D1mr/D1mw (data missing L1), DLmr/DLmw (data missing the simulated 1 MiB, 8-way
# L2, this machine's per-core L2); callgrind does not simulate the kernel, so what read() wrote counts
# as cold.
# Release builds link the Swift runtime statically (--static-swift-stdlib), as the Dockerfile's does:
# the benchmarks measure the binary that ships.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
connections=${1:-64}
small=${2:-10}
large=${3:-40}
out=$(pwd)/bench/out/server-cache
mkdir -p "$out"
[[ -f $out/certs/tls.crt ]] || bash certs/make-dev-certs.sh "$out/certs" >/dev/null
binary=${BINARY:-}
if [[ -z $binary ]]; then
  swift build -c release --static-swift-stdlib --product tenantry >/dev/null
  binary=$(swift build -c release --static-swift-stdlib --show-bin-path)/tenantry
fi
# valgrind can't read Swift's debug info.
cp "$binary" "$out/tenantry" && strip --strip-debug "$out/tenantry"

cat > "$out/client.py" <<'PY'
# CONNECTIONS keep-alive TLS connections; each round sends one POST on every connection, then reads
# every answer, each of which must be a 200.
import socket, ssl, sys, time
port, connections, rounds, ca, fixture = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
body = open(fixture, "rb").read()
request = (f"POST /validate HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Type: application/json\r\n"
           f"Content-Length: {len(body)}\r\n\r\n").encode() + body
deadline = time.time() + 300
while True:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=120).close()
        break
    except OSError:
        if time.time() > deadline:
            sys.exit("server did not start")
        time.sleep(0.5)
context = ssl.create_default_context(cafile=ca)
sockets = [context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=120), server_hostname="localhost")
           for _ in range(connections)]
pending = [b""] * connections

def receive(index):
    chunk = sockets[index].recv(65536)
    if not chunk:
        sys.exit("connection closed")
    pending[index] += chunk

def answer(index):
    while b"\r\n\r\n" not in pending[index]:
        receive(index)
    head, pending[index] = pending[index].split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    if lines[0].split(b" ")[1] != b"200":
        sys.exit(f"answer: {lines[0]!r}")
    length = next(int(line.split(b":")[1]) for line in lines[1:] if line.lower().startswith(b"content-length:"))
    while len(pending[index]) < length:
        receive(index)
    pending[index] = pending[index][length:]

for _ in range(rounds):
    for connection in sockets:
        connection.sendall(request)
    for index in range(connections):
        answer(index)
for connection in sockets:
    connection.close()
PY

measure() {
  local rounds=$1 port=$((19500 + RANDOM % 500))
  # Under valgrind 64 handshakes take a while: the timeouts must not close the first connections.
  valgrind --tool=callgrind --cache-sim=yes --LL=1048576,8,64 --callgrind-out-file="$out/callgrind.$rounds" \
    "$out/tenantry" serve --policies policies --tls-cert "$out/certs/tls.crt" --tls-key "$out/certs/tls.key" \
    --addr "127.0.0.1:$port" --metrics-addr "127.0.0.1:$((port + 600))" --threads 1 --log-level error \
    --reload-interval 0 --read-timeout 600s --handshake-timeout 600s 2>"$out/valgrind.$rounds.log" &
  local server=$!
  python3 "$out/client.py" "$port" "$connections" "$rounds" "$out/certs/ca.crt" bench/fixtures/pod-review.json
  kill -TERM "$server"
  wait "$server"
  callgrind_annotate "$out/callgrind.$rounds" | grep "PROGRAM TOTALS"
}
first=$(measure "$small")
second=$(measure "$large")
python3 - "$first" "$second" $((connections * (large - small))) "$connections" <<'PY'
import re, sys
values = lambda line: [int(v.replace(",", "")) for v in re.findall(r"([\d,]+) \(", line)]
first, second, requests, connections = values(sys.argv[1]), values(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
names = ["Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw"]
print(f"per request, {connections} connections: " +
      " ".join(f"{name}={(b - a) / requests:,.0f}" for name, a, b in zip(names, first, second) if name != "ILmr"))
PY
