#!/usr/bin/env bash
# /validate throughput of `tenantry serve` against nginx returning a static AdmissionReview of the same
# size, both over TLS on loopback, both with one worker thread pinned to core 0, wrk (one thread, 64
# keep-alive connections, a Lua script POSTing bench/fixtures/pod-review.json) pinned to core 1.
# Prints each server's requests per second, p99 latency and CPU time per request (its processes' user and
# system time over the run, from /proc), tenantry's resident memory after the run, and how often wrk went to
# sleep per request (each time, a server's answer had to wake it on the other core: a cost to the server),
# and how much of each core the hypervisor took during each run ("steal" in /proc/stat): in a VM whose
# host is busy, a core stolen for a few milliseconds stalls every answer in flight, which sets the p99
# for either server.
#
#   bash bench/server-vs-nginx.sh [SECONDS]        # default 15 s per server
#   SCRATCH=.build-x bash bench/server-vs-nginx.sh  # another build directory
#   NGINX_FILE_CACHE=1 bash bench/server-vs-nginx.sh  # nginx keeps the answer's file open (open_file_cache)
#
# By default nginx serves the answer as a plain static file: it opens, stats, reads and closes it for each
# request (ten system calls a request against tenantry's two); with NGINX_FILE_CACHE=1 it keeps it open.
# Release builds link the Swift runtime statically (--static-swift-stdlib), as the Dockerfile's does:
# the benchmarks measure the binary that ships.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx curl >/dev/null; break; }
done
out=$(pwd)/bench/out/server-vs-nginx
rm -rf "$out" && mkdir -p "$out"
bash certs/make-dev-certs.sh "$out/certs" >/dev/null
scratch=${SCRATCH:-.build}
swift build -c release --static-swift-stdlib --product tenantry --scratch-path "$scratch" >/dev/null
bin=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)
fixture=$(pwd)/bench/fixtures/pod-review.json

cat > "$out/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$fixture", "rb")
wrk.body = f:read("*a")
f:close()
LUA

# tenantry: one event loop thread on core 0.
taskset -c 0 "$bin/tenantry" serve --policies policies --tls-cert "$out/certs/tls.crt" --tls-key "$out/certs/tls.key" \
  --addr 127.0.0.1:18443 --metrics-addr 127.0.0.1:18080 --threads 1 --log-level error 2>"$out/tenantry.log" &
tenantry_pid=$!
trap 'kill $tenantry_pid 2>/dev/null || true; [[ -f $out/nginx.pid ]] && kill $(cat $out/nginx.pid) 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s --cacert "$out/certs/ca.crt" https://localhost:18443/healthz >/dev/null && break; sleep 0.2; done

# The static answer nginx returns: tenantry's own answer to the fixture, so both send the same bytes.
curl -s --cacert "$out/certs/ca.crt" -H 'Content-Type: application/json' --data-binary @"$fixture" \
  https://localhost:18443/validate > "$out/response.json"
echo "response: $(wc -c < "$out/response.json") bytes"

file_cache=""
if [[ -n ${NGINX_FILE_CACHE:-} ]]; then file_cache="open_file_cache max=16 inactive=600s; open_file_cache_valid 600s;"; fi
cat > "$out/nginx.conf" <<NGINX
worker_processes 1;
worker_cpu_affinity 01;
pid $out/nginx.pid;
error_log $out/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_buffer_size 64k;
  $file_cache
  server {
    listen 127.0.0.1:19443 ssl;
    ssl_certificate $out/certs/tls.crt;
    ssl_certificate_key $out/certs/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    keepalive_requests 1000000;
    location /validate {
      default_type application/json;
      alias $out/response.json;
      error_page 405 =200 \$uri;
    }
  }
}
NGINX
nginx -c "$out/nginx.conf"
for _ in $(seq 50); do curl -s --cacert "$out/certs/ca.crt" -o /dev/null https://localhost:19443/validate && break; sleep 0.2; done

# CPU time (user and system clock ticks, all threads) of the given processes, summed.
ticks() { local total=0 pid; for pid in "$@"; do total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done; echo "$total"; }
# Clock ticks the hypervisor took from cores 0 and 1 so far (/proc/stat's eighth column, "steal").
stolen() { awk '$1 == "cpu0" || $1 == "cpu1" { printf "%s ", $9 }' /proc/stat; }
# Loads one server; also records the CPU ticks its processes spent during the run ($2.ticks). On a
# shared machine the requests per second also measure how much of the cores others left, and wrk on
# core 1 can itself be slowed; the CPU time per request is what the server's own work costs.
run() {
  local url=$1 name=$2; shift 2
  local before; before=$(ticks "$@")
  local stolen_before; stolen_before=$(stolen)
  # wrk runs under a Python parent that records how often wrk went to sleep waiting for answers (its
  # voluntary context switches): each time, an answer had to wake it, at the server's expense.
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[2:])
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_nvcsw))' "$out/$name.sleeps" \
    taskset -c 1 wrk -t1 -c64 -d"${seconds}s" --latency -s "$out/post.lua" "$url" | tee "$out/$name.txt"
  echo $(( $(ticks "$@") - before )) > "$out/$name.ticks"
  echo "$stolen_before $(stolen) $seconds" > "$out/$name.steal"
}
echo "== tenantry serve --threads 1"
run https://localhost:18443/validate tenantry "$tenantry_pid"
echo "== nginx, one worker, static response"
run https://localhost:19443/validate nginx $(pgrep -P "$(cat "$out/nginx.pid")")
rss_kib=$(ps -o rss= -p "$tenantry_pid")
python3 - "$out" "$rss_kib" "$(getconf CLK_TCK)" <<'PY'
import re, sys
out, rss, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def rate(name):
    text = open(f"{out}/{name}.txt").read()
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    cpu = int(open(f"{out}/{name}.ticks").read()) / hz * 1e6 / requests
    sleeps = int(open(f"{out}/{name}.sleeps").read()) / requests
    # The latency distribution's 99% line (the thread stats' "+/- Stdev" column also ends in "%").
    return float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), re.search(r"^\s*99%\s+(\S+)", text, re.M).group(1), cpu, sleeps
def stolen(name):
    # Percent of cores 0 and 1 the hypervisor took during the run.
    b0, b1, a0, a1, seconds = (int(v) for v in open(f"{out}/{name}.steal").read().split())
    return f"{100 * (a0 - b0) / hz / seconds:.1f}/{100 * (a1 - b1) / hz / seconds:.1f}%"
t, tp99, tcpu, tsleeps = rate("tenantry"); n, np99, ncpu, nsleeps = rate("nginx")
print(f"tenantry {t:,.0f} req/s (p99 {tp99}, {tcpu:.1f} us CPU/request), nginx {n:,.0f} req/s (p99 {np99}, {ncpu:.1f} us CPU/request): "
      f"tenantry at {100*t/n:.0f}% of nginx's rate, {100*ncpu/tcpu:.0f}% by CPU per request; tenantry RSS after the run {rss/1024:.1f} MiB; "
      f"wrk slept {tsleeps:.2f} times a request against tenantry, {nsleeps:.2f} against nginx; "
      f"the host stole {stolen('tenantry')} of cores 0/1 during tenantry's run, {stolen('nginx')} during nginx's")
PY
