#!/usr/bin/env bash
# On the GPU machine (../shared/device/README.md), for issue 17: report.html from the depth model's two-precision
# run. Builds only the binary (and its plugins) of the cuda preset, exports the Depth-Anything-V2-Small-shaped
# model (scripts/export_model.py: random weights, no download) as fp32 and fp16 TorchScript in parallel with the
# build, then runs both in one `inferbench run` on a photograph with concurrent telemetry (so latency and the GPU
# series share one pass on report.html's time axis) and --metrics-textfile. $OUT gets what the lead needs back:
# report.html (self-contained: the depth figure is inside), result.json, metrics.prom, the GPU's description and
# table.md (printed last), and run.tar.gz (the run folder). The machine has no gnuplot, so the depth figure is
# drawn afterwards, off the GPU machine: `inferbench report <folder>/result.json` redraws report.html with it. Then
# the screenshots:
#   scripts/screenshot-report.sh <the returned folder>      # -> docs/figures/report-html-{overview,timeline}.png
# Start it as:  source .devdeps/unpack.sh; scripts/gpu-report-html-check.sh      (< 4 minutes)
set -uo pipefail
RESULTS=${OUT:-/tmp/ib-out}
export OUT=${WORK:-/tmp/html-work}
export BUILD=${BUILD:-/tmp/html-build}
export MODELS=${MODELS:-/tmp/ib-models}
export IB_BUILD_TARGETS=inferbench
mkdir -p "$OUT" "$MODELS" "$RESULTS"
for dtype in fp32 fp16; do
  [ -f "$MODELS/depth_$dtype.ts" ] || timeout 200 python3 scripts/export_model.py hf-depth-anything-v2-small \
    --shape 1x3x518x518 --dtype "$dtype" --format ts --out "$MODELS/depth_$dtype" > "$OUT/export_$dtype.log" 2>&1 &
done
source "$(dirname "$0")/gpu-prelude.sh"
wait
for dtype in fp32 fp16; do
  [ -f "$MODELS/depth_$dtype.ts" ] || { echo "== export $dtype failed:"; tail -n 5 "$OUT/export_$dtype.log"; exit 1; }
done

# A photograph the depth figure can show (matplotlib's sample data, as scripts/gpu-report-check.sh uses).
run_dir="$OUT/depth_two_precisions"
rm -rf "$run_dir" && mkdir -p "$run_dir"
photo=$(python3 -c "import matplotlib.cbook as c; print(c.get_sample_data('grace_hopper.jpg', asfileobj=False))" \
  2>/dev/null) && cp "$photo" "$run_dir/photo.jpg"
# With --image the input is 1x3x518x518 (--input-size's default); without one, the same shape of random values.
input=(--shape 1x3x518x518); [ -f "$run_dir/photo.jpg" ] && input=(--image photo.jpg)
(cd "$run_dir" && timeout 150 "$ib" run --model "$MODELS/depth_fp32.ts" --model "$MODELS/depth_fp16.ts@fp16" \
  "${input[@]}" --device cuda --warmup 100 --iterations 1000 --telemetry concurrent \
  --output-dir . --metrics-textfile metrics.prom > run.txt 2>&1)
echo "== run rc $?"; tail -n 15 "$run_dir/run.txt"

cp "$run_dir/report.html" "$run_dir/result.json" "$run_dir/metrics.prom" "$RESULTS/" 2>/dev/null
# The whole run folder (its output maps included): the machine has no gnuplot, so the depth figure that
# report.html embeds is drawn afterwards with `inferbench report run/result.json` where gnuplot is.
tar -czf "$RESULTS/run.tar.gz" -C "$run_dir" . 2>/dev/null
cp "$OUT/gpu.txt" "$RESULTS/" 2>/dev/null
python3 - "$run_dir" > "$RESULTS/table.md" <<'PY'
import json, os, sys
folder = sys.argv[1]
result = json.load(open(os.path.join(folder, "result.json")))
html = open(os.path.join(folder, "report.html"), encoding="utf-8").read()
gpu = (result["environment"].get("nvml") or {}).get("gpus") or [{}]
print(f'GPU {gpu[0].get("name")}, driver {result["environment"].get("gpu_driver_version")}, power limit '
      f'{gpu[0].get("power_limit_w")} W, clocks locked {gpu[0].get("clocks_locked")}, schema {result["schema_version"]}')
print(f'report.html {len(html)} bytes, depth figure embedded: {"data:image/png;base64," in html}, '
      f'telemetry series: {sum(len((r.get("telemetry") or {}).get("series", [])) for r in result["runs"])}')
print()
print("| run | precision | p50 ms | p99 ms | FPS | GPU util % | power W | energy/inf J |")
print("|---|---|---|---|---|---|---|---|")
for run in result["runs"]:
    s = run.get("stats", {})
    lat = s.get("latency_ms", {})
    tel = s.get("telemetry", {})
    util = (tel.get("metrics", {}).get("gpu_util") or {}).get("mean")
    fps = (s.get("throughput") or {}).get("fps")
    def f(v, spec=".3f"):
        return "-" if v is None else format(v, spec)
    print(f'| {run["name"]} | {run["config"]["dtype"]} | {f(lat.get("p50"))} | {f(lat.get("p99"))} | {f(fps, ".1f")} '
          f'| {f(util, ".1f")} | {f(tel.get("mean_power_w"), ".1f")} | {f(tel.get("energy_per_inference_j"), ".4f")} |')
PY
ls -l "$RESULTS"
cat "$RESULTS/table.md"
