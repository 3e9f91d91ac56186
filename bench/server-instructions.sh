#!/usr/bin/env bash
# Instructions per /validate request of `tenantry serve --threads 1`, counted by callgrind, so a change
# on the request path can be judged on a busy machine where wrk's figures move by 30 %.
#
# The release server runs under callgrind twice; a Python client sends SMALL and then LARGE POSTs of
# bench/fixtures/pod-review.json over ONE keep-alive TLS connection, and the server is stopped with
# SIGTERM. Start-up, policy compile, the handshake and shutdown cost the same in both runs, so
#   (Ir(LARGE) - Ir(SMALL)) / (LARGE - SMALL)
# is what one request costs, all threads included (the reload timer is off: it would count time).
# The per-function difference (self cost, per request) is written next to the totals.
#
#   bash bench/server-instructions.sh [SMALL] [LARGE]       # default 300 1300
#   SCRATCH=.build-x bash bench/server-instructions.sh      # another build directory
#   BINARY=/tmp/tenantry bash bench/server-instructions.sh  # a binary built before (no build)
# Release builds link the Swift runtime statically (--static-swift-stdlib), as the Dockerfile's does:
# the benchmarks measure the binary that ships.
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-300}
large=${2:-1300}
scratch=${SCRATCH:-.build}
out=$(pwd)/bench/out/server-instructions
mkdir -p "$out"
[[ -f $out/certs/tls.crt ]] || bash certs/make-dev-certs.sh "$out/certs" >/dev/null
binary=${BINARY:-}
if [[ -z $binary ]]; then
  swift build -c release --static-swift-stdlib --product tenantry --scratch-path "$scratch" >/dev/null
  binary=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/tenantry
fi
# valgrind can't read Swift's debug info.
cp "$binary" "$out/tenantry" && strip --strip-debug "$out/tenantry"


measure() {
  local count=$1 port=$((18500 + RANDOM % 1000))
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.$count" "$out/tenantry" serve --policies policies \
    --tls-cert "$out/certs/tls.crt" --tls-key "$out/certs/tls.key" --addr "127.0.0.1:$port" \
    --metrics-addr "127.0.0.1:$((port + 1000))" --threads 1 --log-level error --reload-interval 0 \
    2>"$out/valgrind.$count.log" &
  local server=$!
  python3 bench/admission-client.py "$port" 1 "$count" "$out/certs/ca.crt" bench/fixtures/pod-review.json
  kill -TERM "$server"
  wait "$server"
  callgrind_annotate --threshold=100 "$out/callgrind.$count" | swift demangle --simplified >"$out/annotate.$count.txt"
  callgrind_annotate --threshold=100 --inclusive=yes "$out/callgrind.$count" | swift demangle --simplified >"$out/inclusive.$count.txt"
}
measure "$small"
measure "$large"

python3 - "$out" "$small" "$large" <<'PY'
import re, sys
out, small, large = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def parse(count, kind="annotate"):
    total, functions = 0, {}
    for line in open(f"{out}/{kind}.{count}.txt"):
        match = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(?:PROGRAM TOTALS|(\S.*?)\s*\[)", line)
        if not match:
            match = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)", line)
            if not match:
                continue
        value = int(match.group(1).replace(",", ""))
        name = match.group(2)
        if name is None or "PROGRAM TOTALS" in line:
            total = value
        else:
            functions[name] = functions.get(name, 0) + value
    return total, functions
(t1, f1), (t2, f2) = parse(small), parse(large)
n = large - small
lines = [f"{(t2 - t1) / n:,.0f} instructions per request ({small} and {large} requests: {t1:,} and {t2:,})"]
diff = sorted(((f2.get(k, 0) - f1.get(k, 0)) / n, k) for k in set(f1) | set(f2))
diff.reverse()
report = lines + [f"{v:10,.0f}  {k}" for v, k in diff[:80] if abs(v) >= 1]
open(f"{out}/per-request.txt", "w").write("\n".join(report) + "\n")
(_, i1), (_, i2) = parse(small, "inclusive"), parse(large, "inclusive")
inclusive = sorted(((i2.get(k, 0) - i1.get(k, 0)) / n, k) for k in set(i1) | set(i2))
inclusive.reverse()
open(f"{out}/per-request-inclusive.txt", "w").write(
    "\n".join(lines + [f"{v:10,.0f}  {k}" for v, k in inclusive[:250] if abs(v) >= 1]) + "\n")
print(lines[0])
print(f"per function: {out}/per-request.txt (self), {out}/per-request-inclusive.txt (inclusive)")
PY
