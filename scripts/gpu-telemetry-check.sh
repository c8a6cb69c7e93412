#!/usr/bin/env bash
# On the GPU machine (../shared/device/README.md): builds the cuda preset, runs the gpu and telemetry tests, probes
# NVML, then the telemetry and accuracy runs of docs/results/2026-11-23-telemetry-accuracy-h100.md, saving logs and
# results under $OUT. Start it as:  source .devdeps/unpack.sh; scripts/gpu-telemetry-check.sh
set -uo pipefail
source "$(dirname "$0")/gpu-prelude.sh"
ctest --test-dir "$BUILD" -j8 --output-on-failure > "$OUT/ctest.log" 2>&1; echo "tests rc $?"; tail -n 3 "$OUT/ctest.log"
"$BUILD/bin/nvml_probe" --samples 20 --interval 0.1 > "$OUT/nvml_probe.txt" 2>&1

PYTHONUNBUFFERED=1 python3 scripts/make_vit_s14.py "$MODELS" > "$OUT/make_vit.txt" 2>&1 || tail -n 5 "$OUT/make_vit.txt"
vit="$MODELS/vit_s14_518_fp32.ts"
common=(--model "$vit" --shape 1x3x518x518 --device cuda --warmup 100 --iterations 2000)
# Telemetry in its own pass, fp32 and fp16 (energy per inference).
"$ib" run "${common[@]}" --dtype fp32,fp16 --output-dir "$OUT/vit_separate" > "$OUT/vit_separate.txt" 2>&1
# The sampler's disturbance, side by side in this one call: off / concurrent, alternated twice.
for i in 1 2; do
  "$ib" run "${common[@]}" --dtype fp16 --telemetry off --output-dir "$OUT/vit_off_$i" > "$OUT/vit_off_$i.txt" 2>&1
  "$ib" run "${common[@]}" --dtype fp16 --telemetry concurrent --output-dir "$OUT/vit_conc_$i" \
    > "$OUT/vit_conc_$i.txt" 2>&1
done
# Accuracy: a Depth-Anything-V2-Small-shaped model (random weights) at fp32 vs fp16 on a real photograph.
python3 "${SHARED:-../shared}/device/make_depth_model.py" "$MODELS/da2s" > "$OUT/make_depth.txt" 2>&1 || tail -n 5 "$OUT/make_depth.txt"
photo=$(python3 -c "import matplotlib.cbook as c; print(c.get_sample_data('grace_hopper.jpg', asfileobj=False))")
"$ib" run --model "$MODELS/da2s_fp32.ts" --dtype fp32,fp16 --image "$photo" --device cuda --iterations 300 \
  --output-dir "$OUT/depth" > "$OUT/depth.txt" 2>&1
python3 - "$OUT" <<'PY'
import json, sys, statistics
out = sys.argv[1]
def runs(d): return json.load(open(f"{out}/{d}/result.json"))["runs"]
print("== telemetry pass (separate), ViT-S/14 518")
for r in runs("vit_separate"):
    s, t = r["stats"], r["stats"].get("telemetry", {})
    m = t.get("metrics", {})
    print(f'{r["name"]:28s} p50 {s["latency_ms"]["p50"]:.3f} ms  energy/inf {t.get("energy_per_inference_j")} J  '
          f'mean power {t.get("mean_power_w")} W  peak {t.get("peak_power_w")} W  gpu_util {m.get("gpu_util", {}).get("mean")}  '
          f'sm_clock {t.get("sm_clock_before_mhz")}->{t.get("sm_clock_after_mhz")}  cpu ms/inf {s["process"]["cpu_ms_per_inference"]:.3f}')
    tel = r["telemetry"]
    print(f'   samples {len(tel["time_s"])}  sample cost mean {tel["sample_cost_mean_ms"]:.4f} ms max {tel["sample_cost_max_ms"]:.4f} ms  unsupported {tel["unsupported"]}')
    for q in tel["query_costs"]: print(f'   query {q["metric"]:22s} calls {q["calls"]:4d} mean {q["mean_ms"]:.4f} ms max {q["max_ms"]:.4f} ms')
print("== sampler disturbance (fp16, p50 ms)")
for i in (1, 2):
    off = runs(f"vit_off_{i}")[0]["stats"]["latency_ms"]["p50"]
    c = runs(f"vit_conc_{i}")[0]["stats"]
    print(f'round {i}: off {off:.4f}  concurrent {c["latency_ms"]["p50"]:.4f}  ({(c["latency_ms"]["p50"]/off-1)*100:+.2f}%)  '
          f'in-run baseline {c["telemetry"]["concurrent_baseline_p50_ms"]:.4f} change {c["telemetry"]["concurrent_p50_change"]*100:+.2f}%')
print("== depth fp32 vs fp16 on grace_hopper.jpg")
for r in runs("depth"):
    q = r.get("quality") or {}
    print(r["name"], f'p50 {r["stats"]["latency_ms"]["p50"]:.3f} ms', "map", q.get("map_shape"), "nonfinite", q.get("nonfinite_values"), "vs_ref", q.get("vs_reference"))
PY
tar czf "$OUT/results.tar.gz" -C "$OUT" vit_separate vit_off_1 vit_conc_1 vit_off_2 vit_conc_2 depth 2>/dev/null
