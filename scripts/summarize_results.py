# Prints one line per run of inferbench result files: the numbers the GPU-timing checks compare (p50, mean, samples,
# timed wall time, why the pass stopped, the event breakdown's gap, the p50/p99 confidence intervals).
# Usage: python3 scripts/summarize_results.py LABEL=path/result.json [LABEL=path/result.json ...]
import json, sys

print(f"{'label':18s} {'p50 ms':>8s} {'mean ms':>8s} {'n':>6s} {'wall s':>7s} {'stopped_by':>12s} "
      f"{'h2d+cmp+d2h':>11s} {'gap %':>6s} {'ev ms':>6s} {'enq ms':>7s} {'inf/s':>8s} {'p50 CI ms':>17s} {'p99 CI ms':>17s}")
for arg in sys.argv[1:]:
    label, path = arg.split("=", 1)
    try:
        doc = json.load(open(path))
    except OSError as e:
        print(f"{label:18s} missing: {e}")
        continue
    for run in doc["runs"]:
        stats = run.get("stats", {})
        lat = stats.get("latency_ms")
        if not lat:
            print(f"{label:18s} {run['status']}: {run.get('error')}")
            continue
        br = stats.get("breakdown") or {}
        enq = stats.get("enqueue_ms", {}).get("mean", float("nan"))
        ci = lat.get("ci95", {})
        fmt_ci = lambda c: f"[{c['lower']:.3f},{c['upper']:.3f}]" if c and c.get("available") else "n/a"
        print(f"{label:18s} {lat['p50']:8.3f} {lat['mean']:8.3f} {lat['count']:6d} "
              f"{run['samples']['timed_wall_s']:7.3f} {run['stopped_by']:>12s} "
              f"{br.get('stages_mean_ms', float('nan')):11.3f} {100 * br.get('gap_fraction', float('nan')):6.2f} "
              f"{br.get('event_cost_ms', float('nan')):6.3f} "
              f"{enq:7.3f} {stats['throughput']['inferences_per_s']:8.1f} "
              f"{fmt_ci(ci.get('p50')):>17s} {fmt_ci(ci.get('p99')):>17s}")
