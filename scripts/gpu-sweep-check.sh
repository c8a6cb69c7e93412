#!/usr/bin/env bash
# On the GPU machine (../shared/device/README.md), for issue 15: ViT-S/14 518 fp16 (torchvision layout, random
# weights) traced to TorchScript at batch 1 by scripts/export_model.py (the trace takes any batch), then
#   1. a batch sweep doubling from 1 up to a 12 GiB memory budget (allocator peak per point),
#   2. a concurrency sweep (1, 2, 4 requests in flight, each on its own backend instance and stream) at batch 8,
#   3. an out-of-memory reached on purpose: --memory-budget above the card, doubling until the card runs out,
#      recorded as the sweep's limit (a result, not a crash), then one more point on the same device to show it
#      is still usable.
# Builds only the inferbench binary (its backend plugins come with it) into $BUILD (IB_PREBUILT=1: already built). Logs and point folders go to
# $WORK; $OUT gets table.md (the three sweep.md files), the sweeps' figures and sweep.json files. The table is
# printed last. Start it as:  source .devdeps/unpack.sh; scripts/gpu-sweep-check.sh   (about 3 minutes)
set -uo pipefail
RESULTS=${OUT:-/tmp/ib-out}
WORK=${WORK:-/tmp/sweep-work}
BUILD=${BUILD:-/tmp/sweep-build}
MODELS=${MODELS:-/tmp/ib-models}
mkdir -p "$RESULTS" "$WORK" "$MODELS"
rm -f "$WORK/commands.txt"
model="$MODELS/vit_s14_518_fp16_b1"
if [ ! -f "$model.ts" ]; then
  timeout 200 python3 scripts/export_model.py torchvision-vit-s14-518 --shape 1x3x518x518 --dtype fp16 --format ts \
    --out "$model" > "$WORK/export.log" 2>&1 &
fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$RESULTS/gpu.txt"
if [ -z "${IB_PREBUILT:-}" ] && ! { cmake --preset cuda -B "$BUILD" -DIB_WERROR=OFF -DIB_BUILD_TESTS=OFF && \
       cmake --build "$BUILD" -j"$(nproc)" --target inferbench; } > "$WORK/build.log" 2>&1; then
  echo "== build failed:"; grep -E "error" "$WORK/build.log" | sort -u | head -n 30; exit 1
fi
wait
[ -f "$model.ts" ] || { echo "== export failed:"; tail -n 20 "$WORK/export.log"; exit 1; }
ib="$BUILD/bin/inferbench"
common=(--model "$model.ts" --shape 1x3x518x518 --dtype fp16 --device cuda)

sweep() {  # name, timeout, flags...
  local name=$1 limit=$2; shift 2
  echo "== $name: inferbench sweep $*" | tee -a "$WORK/commands.txt"
  timeout "$limit" "$ib" sweep "${common[@]}" --output-dir "$WORK/$name" "$@" > "$WORK/$name.md" 2> "$WORK/$name.log"
  echo "exit $?" >> "$WORK/$name.log"
  tail -n 3 "$WORK/$name.log"
}
sweep batch 200 --batch auto --memory-budget 12GiB --iterations 20 --warmup 5
sweep concurrency 60 --batch 8 --concurrency 1,2,4 --iterations 100 --warmup 10
# Above the card (ViT-S/14 518 fp16 needs ~19 GB at batch 2048, so the 141 GB card runs out by 16384, whose pinned
# host input is 26 GB): the out-of-memory is the sweep's limit, the batches above it are skipped, and the same
# process goes on to a concurrency sweep on that device. Few iterations, so the big batches stay short.
sweep oom 300 --batch 2048,8192,16384,32768 --memory-budget 1TiB --iterations 3 --warmup 1 \
  --concurrency 1,2 --concurrency-batch 64 -- --no-breakdown
# The same process is gone; this checks the device itself is fine for the next user of it.
sweep after_oom 30 --batch 1 --iterations 20 --warmup 5

{
  echo "# Sweeps: ViT-S/14 518 fp16, TorchScript (libtorch), $(head -n 2 "$RESULTS/gpu.txt" | tail -n 1)"
  echo
  cat "$WORK/commands.txt" | sed 's/^/    /'
  for name in batch concurrency oom after_oom; do
    echo; echo "<!-- $name: $(tail -n 1 "$WORK/$name.log") -->"
    sed 's/^## /### /; s/^# Sweep:/## Sweep ('"$name"'):/' "$WORK/$name.md"
  done
} > "$RESULTS/table.md"
for name in batch concurrency oom; do
  cp "$WORK/$name/sweep.json" "$RESULTS/${name}_sweep.json" 2>/dev/null
done
# The machine has no gnuplot: the figures' scripts and data come back in one file (few files may come back), to
# be drawn where gnuplot is:  tar -xzf figures.tar.gz && (cd batch && gnuplot *.gp) ...
(cd "$WORK" && tar -czf "$RESULTS/figures.tar.gz" $(ls -d batch/*.gp batch/*.dat concurrency/*.gp concurrency/*.dat \
  oom/*.gp oom/*.dat 2>/dev/null))
cat "$RESULTS/table.md"
