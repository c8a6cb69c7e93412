#!/usr/bin/env bash
# On the GPU machine: the GPU-timing-fidelity checks (docs/results/*-gpu-timing-h100.md). Builds the cuda preset,
# runs the gpu tests, makes ViT-S/14 TorchScript files, then in one call: the Python loops (eager and CUDA graph),
# inferbench eager / --cuda-graph / --until-stable / --streams, the event breakdown on large work, and the harness
# overhead benchmark. Start as:  source .devdeps/unpack.sh; scripts/gpu-timing-check.sh   (logs under $OUT)
set -uo pipefail
source "$(dirname "$0")/gpu-prelude.sh"
R="$OUT/results"
mkdir -p "$R"
ctest --test-dir "$BUILD" -j8 --output-on-failure > "$R/ctest.log" 2>&1; echo "ctest all: rc $?; $(grep 'tests passed' "$R/ctest.log")"
ctest --test-dir "$BUILD" -L gpu --output-on-failure > "$R/ctest_gpu.log" 2>&1; echo "ctest gpu: $(grep 'tests passed' "$R/ctest_gpu.log")"

[ -f "$MODELS/vit_s14_518_fp16.ts" ] || python3 scripts/make_vit_s14.py "$MODELS" > "$R/make_vit.txt" 2>&1
V16="$MODELS/vit_s14_518_fp16.ts"; V32="$MODELS/vit_s14_518_fp32.ts"
vit=(--shape 1x3x518x518 --device cuda)
run() {
  local name=$1; shift
  local start; start=$(date +%s%3N)
  "$ib" run "$@" --output-dir "$R/$name" > "$R/$name.txt" 2>&1
  echo "process wall $(( $(date +%s%3N) - start )) ms" >> "$R/$name.txt"
}

PYTHONUNBUFFERED=1 python3 scripts/python_loops.py "$V16" --dtype fp16 --json "$R/python_fp16.json" > "$R/python_fp16.txt" 2>&1
run eager "${vit[@]}" --model "$V16" --dtype fp16
run graph "${vit[@]}" --model "$V16" --dtype fp16 --cuda-graph
run graph_stable "${vit[@]}" --model "$V16" --dtype fp16 --cuda-graph --until-stable --target-ci 1 --max-duration 30
run graph_w1s "${vit[@]}" --model "$V16" --dtype fp16 --cuda-graph --warmup-ms 1000
run graph_stable_w1s "${vit[@]}" --model "$V16" --dtype fp16 --cuda-graph --warmup-ms 1000 --until-stable --target-ci 1 --max-duration 30
run eager_stable "${vit[@]}" --model "$V16" --dtype fp16 --until-stable --target-ci 1 --max-duration 15
run graph_notransfers "${vit[@]}" --model "$V16" --dtype fp16 --cuda-graph --no-transfers
run graph_block "${vit[@]}" --model "$V16" --dtype fp16 --cuda-graph --sync block
run graph_spin "${vit[@]}" --model "$V16" --dtype fp16 --cuda-graph --sync spin
run streams2 "${vit[@]}" --model "$V16" --dtype fp16 --cuda-graph --streams 2
run fp32 "${vit[@]}" --model "$V32"
run gemm --model synthetic:gemm:8192,8192,8192:fp16 --iterations 300 --device cuda
run empty --model synthetic:empty --device cuda
run empty_noevents --model synthetic:empty --device cuda --no-breakdown
OUT="$R" BUILD="$BUILD" ARGS="--rounds 7" bench/run_overhead.sh "$V16" > "$R/overhead.txt" 2>&1

tar -czf "$OUT/results.tar.gz" -C "$OUT" results
echo "== python loops (same call)"; cat "$R/python_fp16.txt" | grep -v Warning
echo "== inferbench"
python3 scripts/summarize_results.py eager="$R/eager/result.json" graph="$R/graph/result.json" graph_stable="$R/graph_stable/result.json" graph_w1s="$R/graph_w1s/result.json" graph_stable_w1s="$R/graph_stable_w1s/result.json" eager_stable="$R/eager_stable/result.json" graph_notransfers="$R/graph_notransfers/result.json" graph_block="$R/graph_block/result.json" graph_spin="$R/graph_spin/result.json" streams2="$R/streams2/result.json" fp32="$R/fp32/result.json" gemm="$R/gemm/result.json" empty="$R/empty/result.json" empty_noevents="$R/empty_noevents/result.json"
for f in graph graph_stable graph_w1s graph_stable_w1s eager_stable streams2; do echo "-- $f: $(grep -h 'process wall\|warning' "$R/$f.txt" | tr '\n' ' ')"; done
echo "== harness overhead"; for f in "$R"/overhead_*.txt; do echo "-- $(basename "$f")"; grep -v '^{' "$f"; done
