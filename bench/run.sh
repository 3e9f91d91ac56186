#!/usr/bin/env bash
# Builds release binaries and runs tenantry's benchmarks on one core (taskset -c 0).
# Figures go to stdout; docs/performance.md records them with this command.
#
#   bash bench/run.sh              # everything
#   bash bench/run.sh pipeline     # one of: pipeline replay compile cli
#   SCRATCH=.build-x bash bench/run.sh cli   # another build directory
# Release builds link the Swift runtime statically (--static-swift-stdlib), as the Dockerfile's does:
# the benchmarks measure the binary that ships.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
swift build -c release --static-swift-stdlib ${SCRATCH:+--scratch-path "$SCRATCH"} --product tenantry-bench >/dev/null
swift build -c release --static-swift-stdlib ${SCRATCH:+--scratch-path "$SCRATCH"} --product tenantry >/dev/null
bin=$(swift build -c release --static-swift-stdlib ${SCRATCH:+--scratch-path "$SCRATCH"} --show-bin-path)
pin="taskset -c 0"
command -v taskset >/dev/null || pin=""

if [[ $what == all || $what == pipeline ]]; then
  echo "== pipeline (bench/fixtures/pod-review.json)"
  $pin "$bin/tenantry-bench" pipeline bench/fixtures/pod-review.json 50000
  echo "== engine alone (mutate + validate + encode of the decoded bench/fixtures/pod-review.json)"
  $pin "$bin/tenantry-bench" engine bench/fixtures/pod-review.json 50000
fi
if [[ $what == all || $what == replay ]]; then
  echo "== replay in process (examples/reviews, 20000 reviews)"
  $pin "$bin/tenantry-bench" replay examples/reviews 20000
fi
if [[ $what == all || $what == compile ]]; then
  echo "== compile 200 generated tenants"
  $pin "$bin/tenantry-bench" compile 200
fi
if [[ $what == all || $what == cli ]]; then
  echo "== tenantry replay CLI over a 50000-review JSON Lines corpus (process start and policy compile included)"
  mkdir -p bench/out
  python3 bench/make-corpus.py examples/reviews 50000 > bench/out/corpus.jsonl
  # Best of 5 wall times, and beside it the CPU time (user + system) and peak RSS of that run: on a
  # shared machine the wall time includes waiting for the core, the CPU time does not.
  python3 - "$bin/tenantry" $pin <<'PY'
import resource, subprocess, sys, time
tenantry, pin = sys.argv[1], sys.argv[2:]
runs = []
for _ in range(5):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(pin + [tenantry, "replay", "--output", "json", "bench/out/corpus.jsonl"], stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    runs.append((wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime))
wall, user, system = min(runs)
cpu = min(u + s for _, u, s in runs)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"tenantry replay --output json: 50000 reviews in {wall:.3f} s = {50000 / wall:,.0f} reviews/s (best of 5; "
      f"that run {user:.3f} s user, {system:.3f} s system); least CPU time {cpu:.3f} s = {50000 / cpu:,.0f} reviews/s; peak RSS {rss:.0f} MiB")
PY
fi
