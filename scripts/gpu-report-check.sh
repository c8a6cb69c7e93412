#!/usr/bin/env bash
# On the GPU machine (../shared/device/README.md): builds the cuda preset, runs the gpu-labelled tests and the
# progress tests, then (1) what the progress bar costs: the same run with the bar on a pseudo-terminal and with
# --quiet, alternated, on the empty kernel and on a depth model; (2) a real two-precision depth run with GPU
# telemetry whose result folder comes back for the figures (docs/results/2026-11-23-progress-bar-h100.md).
# Before, here: ../shared/device/prepare.sh && mkdir -p .devdeps/shared/device &&
#   cp ../shared/device/make_depth_model.py .devdeps/shared/device/   (the GPU machine's copy has no ../shared)
# Start it there as:  source .devdeps/unpack.sh; SHARED=.devdeps/shared scripts/gpu-report-check.sh
set -uo pipefail
source "$(dirname "$0")/gpu-prelude.sh"
ctest --test-dir "$BUILD" -L gpu -j4 --output-on-failure > "$OUT/ctest_gpu.log" 2>&1; echo "gpu tests rc $?"
ctest --test-dir "$BUILD" -R "Progress|progress" --output-on-failure > "$OUT/ctest_progress.log" 2>&1
echo "progress tests rc $?"; tail -n 3 "$OUT/ctest_gpu.log" "$OUT/ctest_progress.log"

python3 "${SHARED:-../shared}/device/make_depth_model.py" "$MODELS/da2s" > "$OUT/make_depth.txt" 2>&1 \
  || tail -n 5 "$OUT/make_depth.txt"

# (1) The progress bar's cost: bar on (a terminal) / off (--quiet on the same terminal), alternated.
empty=(--model synthetic:empty --device cuda --warmup 2000 --iterations 50000 --telemetry off --no-breakdown)
depth=(--model "$MODELS/da2s_fp16.ts@fp16" --shape 1x3x518x518 --device cuda --warmup 100 --iterations 1500
       --telemetry off --no-breakdown)
for i in 1 2 3 4 5 6 7 8; do
  scripts/on_terminal.py "$ib" run "${empty[@]}" --output-dir "$OUT/empty_bar_$i" > /dev/null 2> "$OUT/empty_bar_$i.tty"
  scripts/on_terminal.py "$ib" run "${empty[@]}" --quiet --output-dir "$OUT/empty_quiet_$i" > /dev/null \
    2> "$OUT/empty_quiet_$i.tty"
done
for i in 1 2 3; do
  scripts/on_terminal.py "$ib" run "${depth[@]}" --output-dir "$OUT/depth_bar_$i" > /dev/null 2> "$OUT/depth_bar_$i.tty"
  scripts/on_terminal.py "$ib" run "${depth[@]}" --quiet --output-dir "$OUT/depth_quiet_$i" > /dev/null \
    2> "$OUT/depth_quiet_$i.tty"
done

# (2) fp32 and fp16 files of one depth model in one run, on a photograph, with telemetry; the image goes beside
# result.json so that `inferbench report` can redraw depth_comparison elsewhere.
photo=$(python3 -c "import matplotlib.cbook as c; print(c.get_sample_data('grace_hopper.jpg', asfileobj=False))")
mkdir -p "$OUT/figures" && cp "$photo" "$OUT/figures/grace_hopper.jpg"
(cd "$OUT/figures" && "$ib" run --model "$MODELS/da2s_fp32.ts" --model "$MODELS/da2s_fp16.ts@fp16" \
  --image grace_hopper.jpg --device cuda --warmup 100 --iterations 1000 --telemetry separate --output-dir . \
  > run.txt 2>&1); echo "figures run rc $?"; tail -n 12 "$OUT/figures/run.txt"

python3 - "$OUT" <<'PY'
import json, statistics, sys
out = sys.argv[1]
def stats(d): return json.load(open(f"{out}/{d}/result.json"))["runs"][0]["stats"]["latency_ms"]
print("== progress bar on (terminal) vs off (--quiet), latency in ms")
print(f'{"model":8s} {"round":5s} {"p50 bar":>10s} {"p50 quiet":>10s} {"mean bar":>10s} {"mean quiet":>10s}')
for name, rounds in (("empty", 8), ("depth", 3)):
    ratios = []
    for i in range(1, rounds + 1):
        b, q = stats(f"{name}_bar_{i}"), stats(f"{name}_quiet_{i}")
        ratios.append(b["p50"] / q["p50"])
        print(f'{name:8s} {i:5d} {b["p50"]:10.4f} {q["p50"]:10.4f} {b["mean"]:10.4f} {q["mean"]:10.4f}')
    print(f'{name:8s} median p50 ratio bar/quiet {statistics.median(ratios):.4f}  (min {min(ratios):.4f}, max {max(ratios):.4f})')
print("== figures run: energy-counter power over the speed pass vs sampled power in the telemetry pass")
for r in json.load(open(f"{out}/figures/result.json"))["runs"]:
    t = r["stats"].get("telemetry", {})
    power = next((s for s in (r.get("telemetry") or {}).get("series", []) if s["name"] == "power"), None)
    vals = [v for v in (power or {}).get("values", []) if v is not None]
    print(f'{r["name"]:16s} p50 {r["stats"]["latency_ms"]["p50"]:.3f} ms  energy mean {t.get("mean_power_w")} W  '
          f'sampled mean {statistics.mean(vals) if vals else None} W  peak {t.get("peak_power_w")} W  n {len(vals)}')
PY
tar czf "$OUT/results.tar.gz" -C "$OUT" --exclude='*.ts' figures empty_bar_1 empty_quiet_1 depth_bar_1 depth_quiet_1 \
  $(cd "$OUT" && ls *.tty *.txt *.log 2>/dev/null)
find "$OUT" -mindepth 1 -maxdepth 1 ! -name results.tar.gz ! -name '*.txt' -exec rm -rf {} +
