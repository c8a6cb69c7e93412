#!/usr/bin/env bash
# On the GPU machine (see ../shared/device/README.md): builds the cuda preset against the CUDA LibTorch there, runs
# the whole test suite (the gpu-labelled tests included), then the GPU benchmarks, saving logs and results under
# $OUT (default /tmp/ib-out). Start it as:  source .devdeps/unpack.sh; scripts/gpu-check.sh
set -uo pipefail
source "$(dirname "$0")/gpu-prelude.sh"
ctest --test-dir "$BUILD" -j4 --output-on-failure > "$OUT/ctest.log" 2>&1; tests_rc=$?
tail -n 4 "$OUT/ctest.log"
ctest --test-dir "$BUILD" -L gpu --output-on-failure > "$OUT/ctest_gpu.log" 2>&1
tail -n 3 "$OUT/ctest_gpu.log"

"$ib" info | tee "$OUT/info.txt"
"$ib" run --demo --output-dir "$OUT/demo" > "$OUT/demo.txt" 2>&1
PYTHONUNBUFFERED=1 python3 scripts/make_vit_s14.py "$MODELS" > "$OUT/python_reference.txt" 2>&1 \
  || tail -n 20 "$OUT/python_reference.txt"
"$ib" run --model "$MODELS/vit_s14_518_fp16.ts" --shape 1x3x518x518 --dtype fp16 --device cuda \
  --output-dir "$OUT/vit_fp16" > "$OUT/vit_fp16.txt" 2>&1
"$ib" run --model "$MODELS/vit_s14_518_fp32.ts" --shape 1x3x518x518 --device cuda \
  --output-dir "$OUT/vit_fp32" > "$OUT/vit_fp32.txt" 2>&1

echo "== tests: rc $tests_rc"
echo "== python reference loop (same machine, same call)"; grep "python loop" "$OUT/python_reference.txt"
for f in demo vit_fp16 vit_fp32; do echo "== inferbench $f"; cat "$OUT/$f.txt"; done
