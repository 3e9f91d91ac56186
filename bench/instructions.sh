#!/usr/bin/env bash
# Instructions per iteration of each engine stage, from callgrind: deterministic, so before/after
# comparisons hold on a noisy machine where timings do not (see docs/performance.md).
#
#   bash bench/instructions.sh                      # every stage, bench/fixtures/pod-review.json
#   bash bench/instructions.sh validate-loop [FIXTURE]
#   bash bench/instructions.sh replay-cli           # `tenantry replay --output json`, per review
#   SCRATCH=.build-x bash bench/instructions.sh ...  # another build directory
#
# Each stage runs twice, with 20 and 1,020 iterations; the difference over 1,000 leaves out process
# start, policy compile, the decode before the loop and one-time initialization (static tables).
# `replay-cli` runs the release CLI over the first 2,000 and then 6,000 lines of a JSON Lines corpus of
# the example reviews (bench/make-corpus.py) and divides the difference by 4,000.
# Release builds link the Swift runtime statically (--static-swift-stdlib), as the Dockerfile's does:
# the benchmarks measure the binary that ships.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
stages=${1:-parse-loop decode-loop validate-loop engine-loop pipeline-loop}
fixture=${2:-bench/fixtures/pod-review.json}
swift build -c release --static-swift-stdlib ${SCRATCH:+--scratch-path "$SCRATCH"} --product tenantry-bench >/dev/null
bin=$(mktemp)
trap 'rm -f "$bin"' EXIT
if [[ $stages == replay-cli ]]; then
  swift build -c release --static-swift-stdlib ${SCRATCH:+--scratch-path "$SCRATCH"} --product tenantry >/dev/null
  cp "$(swift build -c release --static-swift-stdlib ${SCRATCH:+--scratch-path "$SCRATCH"} --show-bin-path)/tenantry" "$bin" && strip --strip-debug "$bin" && chmod +x "$bin"
  corpus=$(mktemp -d)
  trap 'rm -rf "$bin" "$corpus"' EXIT
  python3 bench/make-corpus.py examples/reviews 6000 > "$corpus/6000.jsonl"
  head -2000 "$corpus/6000.jsonl" > "$corpus/2000.jsonl"
  export SWIFT_DETERMINISTIC_HASHING=1
  replayed() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" replay --output json "$corpus/$1.jsonl" 2>&1 >/dev/null |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
  }
  low=$(replayed 2000)
  high=$(replayed 6000)
  echo "replay-cli: $(( (high - low) / 4000 )) instructions per review (tenantry replay --output json, example reviews)"
  exit 0
fi
# valgrind cannot read the DWARF Swift 6 emits; the symbols it needs stay.
cp "$(swift build -c release --static-swift-stdlib ${SCRATCH:+--scratch-path "$SCRATCH"} --show-bin-path)/tenantry-bench" "$bin" && strip --strip-debug "$bin" && chmod +x "$bin"
# Swift seeds its hashing per process; a fixed seed makes the counts repeat exactly.
export SWIFT_DETERMINISTIC_HASHING=1
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$fixture" "$2" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for stage in $stages; do
  low=$(count "$stage" 20)
  high=$(count "$stage" 1020)
  echo "$stage: $(( (high - low) / 1000 )) instructions per iteration ($fixture)"
done
