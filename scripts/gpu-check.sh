#!/usr/bin/env bash
# On the GPU machine (see ../shared/device/README.md): builds the cuda preset against the CUDA LibTorch there, runs
# the whole test suite (the gpu-labelled tests included), then the GPU benchmarks, saving logs and results under
# $OUT (default /tmp/ib-out). Start it as:  source .devdeps/unpack.sh; scripts/gpu-check.sh
set -uo pipefail
OUT=${OUT:-/tmp/ib-out}
BUILD=${BUILD:-/tmp/ib-build}
MODELS=${MODELS:-/tmp/ib-models}
mkdir -p "$OUT" "$MODELS"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,temperature.gpu --format=csv | tee "$OUT/gpu.txt"

# Warnings are errors here too (this machine's compiler is newer than Debian's); if that fails, say so and build
# without -Werror so the benchmarks still run.
if ! { cmake --preset cuda -B "$BUILD" -DIB_WERROR=ON && cmake --build "$BUILD" -j"$(nproc)" -- -k 0; } \
    > "$OUT/build.log" 2>&1; then
  echo "== WERROR BUILD FAILED:"; grep -E "error|warning:" "$OUT/build.log" | head -n 20
  { cmake -B "$BUILD" -DIB_WERROR=OFF && cmake --build "$BUILD" -j"$(nproc)"; } > "$OUT/build2.log" 2>&1 \
    || { tail -n 60 "$OUT/build2.log"; exit 1; }
fi
ctest --test-dir "$BUILD" -j4 --output-on-failure > "$OUT/ctest.log" 2>&1; tests_rc=$?
tail -n 4 "$OUT/ctest.log"
ctest --test-dir "$BUILD" -L gpu --output-on-failure > "$OUT/ctest_gpu.log" 2>&1
tail -n 3 "$OUT/ctest_gpu.log"

ib="$BUILD/bin/inferbench"
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
