#!/usr/bin/env bash
# On the GPU machine (../shared/device/README.md), for issue 13's table: builds the cuda preset (aoti backend
# included), exports ViT-S/14 518 (torchvision layout) fp16/fp32, the Depth-Anything-V2-Small-shaped model fp16/fp32
# and ResNet-50 224 fp16 with scripts/export_model.py (.ts and .pt2, in parallel with the build), then times, one
# model after the other: the Python loops (eager, eager + torch.cuda.graph, torch.compile reduce-overhead) and
# inferbench libtorch and aoti, each eager and with --cuda-graph; then a two-model depth run (fp32 and fp16
# packages) for per-model memory. Logs and result folders go to a work folder; $OUT gets only what should come
# back from the device (the device tool returns few files): table.md, rewritten after every model so that a run
# cut short still has its rows, the two-model run's lines and the GPU's description. The table is printed last.
# Start it as:  source .devdeps/unpack.sh; scripts/gpu-aoti-check.sh
set -uo pipefail
export BUILD=${BUILD:-/tmp/aoti-build}
RESULTS=${OUT:-/tmp/ib-out}
export OUT=${WORK:-/tmp/aoti-work}
MODELS=${MODELS:-/tmp/ib-models}
mkdir -p "$OUT" "$MODELS" "$RESULTS"
# name, model, shape, dtype
MODEL_LIST=(
  "vit_fp16 torchvision-vit-s14-518 1x3x518x518 fp16"
  "vit_fp32 torchvision-vit-s14-518 1x3x518x518 fp32"
  "depth_fp16 hf-depth-anything-v2-small 1x3x518x518 fp16"
  "depth_fp32 hf-depth-anything-v2-small 1x3x518x518 fp32"
  "resnet50_fp16 resnet50 1x3x224x224 fp16"
)
for entry in "${MODEL_LIST[@]}"; do
  read -r name model shape dtype <<< "$entry"
  timeout 400 python3 scripts/export_model.py "$model" --shape "$shape" --dtype "$dtype" --out "$MODELS/$name" \
    > "$OUT/export_$name.log" 2>&1 &
done
# The prelude builds (warnings as errors, else without); should the aoti plugin not compile against this torch,
# the rest is built without it so that the libtorch and Python columns are still measured.
export IB_BUILD_TARGETS=${IB_BUILD_TARGETS:-inferbench}  # the binary and its plugins, not the tests
( source "$(dirname "$0")/gpu-prelude.sh" ) || { echo "== build failed: again without the aoti backend";
  cmake -B "$BUILD" -DIB_WERROR=OFF -DIB_WITH_AOTI=OFF > "$OUT/build3.log" 2>&1 && cmake --build "$BUILD" -j"$(nproc)" \
    >> "$OUT/build3.log" 2>&1 || { tail -n 40 "$OUT/build3.log"; exit 1; }; }
ib="$BUILD/bin/inferbench"
grep -h "error" "$OUT/build.log" | head -n 20
wait
cp "$MODELS"/*.weights.json "$OUT/" 2>/dev/null
for entry in "${MODEL_LIST[@]}"; do
  read -r name model shape dtype <<< "$entry"
  timeout 150 python3 scripts/export_model.py "$model" --shape "$shape" --dtype "$dtype" --out "$MODELS/$name" \
    --format none --time "$OUT/python_$name.json" > "$OUT/python_$name.log" 2>&1 || tail -n 3 "$OUT/python_$name.log"
  for backend in ts pt2; do
    for graph in "" --cuda-graph; do
      run="${name}_${backend}${graph:+_graph}"
      timeout 120 "$ib" run --model "$MODELS/$name.$backend" --shape "$shape" --dtype "$dtype" --device cuda \
        --iterations 200 --telemetry off -q $graph --output-dir "$OUT/$run" > "$OUT/$run.txt" 2>&1 \
        || grep -h "error" "$OUT/$run.txt" | head -n 2
    done
  done
  python3 scripts/summarize_aoti_table.py "$OUT" > "$RESULTS/table.md" 2>&1
done
# Both orders: each model's memory must be its own whichever loaded first.
for order in "depth_fp32 depth_fp16" "depth_fp16 depth_fp32"; do
  read -r first second <<< "$order"
  timeout 120 "$ib" run --model "$MODELS/$first.pt2@${first#depth_}" --model "$MODELS/$second.pt2@${second#depth_}" \
    --shape 1x3x518x518 --device cuda --iterations 100 --telemetry off -q --output-dir "$OUT/two_models_$first" \
    > "$OUT/two_models_$first.txt" 2>&1
  grep -h "startup\|error" "$OUT/two_models_$first.txt" | tee -a "$RESULTS/two_models.txt"
done
cp "$OUT/gpu.txt" "$RESULTS/" 2>/dev/null
python3 scripts/summarize_aoti_table.py "$OUT" | tee "$RESULTS/table.md"
