#!/usr/bin/env bash
# Builds release binaries and runs tenantry's benchmarks on one core (taskset -c 0).
# Figures go to stdout; docs/performance.md records them with this command.
#
#   bash bench/run.sh              # everything
#   bash bench/run.sh pipeline     # one of: pipeline replay compile cli
#   SCRATCH=.build-x bash bench/run.sh cli   # another build directory
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
swift build -c release ${SCRATCH:+--scratch-path "$SCRATCH"} --product tenantry-bench >/dev/null
swift build -c release ${SCRATCH:+--scratch-path "$SCRATCH"} --product tenantry >/dev/null
bin=$(swift build -c release ${SCRATCH:+--scratch-path "$SCRATCH"} --show-bin-path)
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
  TIMEFORMAT='%R'
  best=999
  for _ in 1 2 3; do
    t=$( { time $pin "$bin/tenantry" replay --output json bench/out/corpus.jsonl >/dev/null; } 2>&1 )
    best=$(python3 -c "print(min($best, $t))")
  done
  python3 -c "print(f'tenantry replay --output json: 50000 reviews in {$best:.3f} s = {50000/$best:,.0f} reviews/s (best of 3)')"
fi
