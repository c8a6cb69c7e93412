#!/usr/bin/env bash
# On the GPU machine (../shared/device/README.md), for issue 16: the annotated pipeline example (C++, and Python
# where the python3 on PATH has PyTorch) with host and device time per stage, the cost of an annotation, and
# `inferbench launch -np 1/2/4` of ResNet-50 (fp16 TorchScript, exported by scripts/export_model.py) on one GPU:
# per-process latency and total throughput over the common window against -np 1. Builds only the targets it needs
# (cuda preset, warnings not errors) into $BUILD; logs and result folders go to $WORK; $OUT gets table.md,
# overhead.md and gpu.txt. Clocks and power limits are read (gpu.txt), never changed. About 3 minutes.
# Start it as:  source .devdeps/unpack.sh; scripts/gpu-pipeline-check.sh
set -uo pipefail
BUILD=${BUILD:-/tmp/pipeline-build}
RESULTS=${OUT:-/tmp/ib-out}
WORK=${WORK:-/tmp/pipeline-work}
MODELS=${MODELS:-/tmp/ib-models}
rm -rf "$WORK"
mkdir -p "$WORK" "$MODELS" "$RESULTS"
# As scripts/gpu-prelude.sh: the machine's nlohmann-json is the one for all.
if [ -f /usr/include/nlohmann/json.hpp ]; then
  rm -rf /tmp/deps/usr/include/nlohmann /tmp/deps/usr/share/cmake/nlohmann_json /tmp/deps/usr/share/pkgconfig/nlohmann_json.pc
fi
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.limit,temperature.gpu --format=csv \
  | tee "$RESULTS/gpu.txt"
model="$MODELS/resnet50_fp16"
[ -f "$model.ts" ] || timeout 200 python3 scripts/export_model.py resnet50 --shape 1x3x224x224 --dtype fp16 \
  --format ts --out "$model" > "$WORK/export.log" 2>&1 &
python=$(command -v python3)
if [ -z "${IB_PREBUILT:-}" ]; then  # IB_PREBUILT=1: $BUILD already holds these targets
  { cmake --preset cuda -B "$BUILD" -DIB_WERROR=OFF -DIB_BUILD_TESTS=OFF -DIB_PYTHON="$python" &&
    cmake --build "$BUILD" -j"$(nproc)" --target inferbench annotated_pipeline annotate_overhead; } \
    > "$WORK/build.log" 2>&1 || { grep -E "error" "$WORK/build.log" | head -n 30; }
  # The Python module only where pybind11 and that interpreter's headers were found (no target otherwise).
  cmake --build "$BUILD" -j"$(nproc)" --target ib_python > "$WORK/build_python.log" 2>&1 \
    || echo "no Python module (see $WORK/build_python.log): the Python example is skipped"
fi
ib="$BUILD/bin/inferbench"
[ -x "$ib" ] || { echo "no inferbench binary: see $WORK/build.log"; exit 1; }

timeout 120 "$BUILD/bin/annotated_pipeline" --device cuda:0 --batches 100 --batch-size 8 --size 224 \
  --output-dir "$WORK/cpp" > "$WORK/cpp.log" 2>&1 || tail -n 5 "$WORK/cpp.log"
if [ -d "$BUILD/python" ] && "$python" -c "import torch" 2>/dev/null; then
  PYTHONPATH="$BUILD/python" timeout 120 "$python" examples/pipeline/pipeline.py --device cuda --batches 100 \
    --batch-size 8 --output-dir "$WORK/python" > "$WORK/python.log" 2>&1 || tail -n 5 "$WORK/python.log"
fi
timeout 60 "$BUILD/bin/annotate_overhead" --gpu > "$RESULTS/overhead.md" 2>&1 || tail -n 5 "$RESULTS/overhead.md"

wait
for n in 1 2 4; do
  timeout 100 "$ib" launch -np "$n" -o "$WORK/launch_$n" -- "$ib" run --model "$model.ts" --shape 1x3x224x224 \
    --dtype fp16 --device cuda --warmup-ms 2000 --duration 10 --telemetry off -q > "$WORK/launch_$n.log" 2>&1 \
    || tail -n 12 "$WORK/launch_$n.log"
done
cat "$RESULTS/overhead.md"
python3 scripts/summarize_pipeline_table.py "$WORK" | tee "$RESULTS/table.md"
