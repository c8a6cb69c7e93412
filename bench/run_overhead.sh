#!/usr/bin/env bash
# Harness overhead on the GPU machine: inferbench's runner against a minimal hand-written loop, in one process each,
# for synthetic:empty (the launch-latency floor, where any overhead shows most) and for a real TorchScript model.
#   bench/run_overhead.sh [MODEL.ts]     e.g. bench/run_overhead.sh /tmp/ib-models/vit_s14_518_fp16.ts
# BUILD (default /tmp/ib-build) is a CUDA build; SHAPE (1x3x518x518) and DTYPE (fp16) apply to the model; extra
# options for harness_overhead go in ARGS (e.g. ARGS="--rounds 7"). With OUT set, each run's output is saved there as
# overhead_<name>.txt and its JSON line as overhead_<name>.json.
set -euo pipefail
BUILD=${BUILD:-/tmp/ib-build}
SHAPE=${SHAPE:-1x3x518x518}
DTYPE=${DTYPE:-fp16}
bin="$BUILD/bin/harness_overhead"
[[ -x $bin ]] || { echo "run_overhead.sh: no $bin (build the cuda preset into \$BUILD first)" >&2; exit 2; }
[[ -n ${OUT:-} ]] && mkdir -p "$OUT"

run() {
  local name=$1
  shift
  if [[ -n ${OUT:-} ]]; then
    # shellcheck disable=SC2086  # ARGS is a list of words on purpose
    "$bin" "$@" ${ARGS:-} | tee "$OUT/overhead_$name.txt"
    grep '^{' "$OUT/overhead_$name.txt" > "$OUT/overhead_$name.json"
  else
    # shellcheck disable=SC2086
    "$bin" "$@" ${ARGS:-}
  fi
}

# inferbench as it runs by default (its CUDA events go into a separate breakdown pass, not into these samples), and
# with --no-breakdown; both against the same event-free hand loop. With a model: also both replaying a CUDA graph,
# whose tight distribution resolves differences of a few microseconds where the eager loop's spread cannot.
run synthetic_empty --model synthetic:empty
run synthetic_empty_nobreakdown --model synthetic:empty --no-breakdown
if [[ $# -ge 1 ]]; then
  name=$(basename "${1%%.*}")
  run "${name}_graph" --model "$1" --shape "$SHAPE" --dtype "$DTYPE" --cuda-graph
  run "$name" --model "$1" --shape "$SHAPE" --dtype "$DTYPE"
fi
