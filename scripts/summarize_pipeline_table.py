"""Summarises scripts/gpu-pipeline-check.sh's outputs as Markdown: stage times of the annotated examples
(benchmark.json) and the launch -np 1/2/4 runs (benchmark_mean.json).
Usage: python3 scripts/summarize_pipeline_table.py WORK_DIR"""
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def fmt(value, digits=3):
    return "-" if value is None else ("%." + str(digits) + "f") % value


def stage_rows(name, doc):
    rows = []
    for level, data in doc["inferbench"]["levels"].items():
        for path, series in data["ranges"].items():
            stats = series["stats_minus_warmup"]
            cpu = stats.get("cpu_time_ms") or {}
            gpu = stats.get("gpu_time_ms") or {}
            rows.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                name, path, cpu.get("count", 0), fmt(cpu.get("median")), fmt((cpu.get("percentiles") or {}).get("p99")),
                fmt(gpu.get("median")), fmt((gpu.get("percentiles") or {}).get("p99"))))
    return rows


def launch_rows(work):
    rows = []
    base = None
    for n in (1, 2, 4):
        doc = load(os.path.join(work, "launch_%d" % n, "benchmark_mean.json"))
        if doc is None:
            rows.append("| %d | (no result) | | | | | |" % n)
            continue
        ours = doc["inferbench"]
        p50s = [p["latency_ms"]["percentiles"]["p50"] for p in ours["processes"] if p["latency_ms"]]
        p99s = [p["latency_ms"]["percentiles"]["p99"] for p in ours["processes"] if p["latency_ms"]]
        total = ours.get("total_throughput_items_per_s")
        if n == 1:
            base = total
        failed = sum(1 for p in doc["meta"]["processes"] if p["exit_code"] != 0)
        rows.append("| %d | %s | %s | %s | %s | %s | %s |" % (
            n, fmt(sum(p50s) / len(p50s) if p50s else None), fmt(max(p99s) if p99s else None),
            fmt((ours["merged_latency_ms"] or {}).get("percentiles", {}).get("p99")), fmt(total, 1),
            fmt(total / base if total and base else None, 2), failed))
    return rows


def main():
    work = sys.argv[1]
    print("## Annotated pipeline, per stage (non-warm-up batches; ms)\n")
    print("| example | range | batches | host p50 | host p99 | device p50 | device p99 |")
    print("|---|---|---|---|---|---|---|")
    for name in ("cpp", "python"):
        doc = load(os.path.join(work, name, "benchmark.json"))
        print("\n".join(stage_rows(name, doc)) if doc else "| %s | (no benchmark.json) | | | | | |" % name)
    print("\n## launch -np N of one model on one GPU (inferbench run, ResNet-50 fp16 TorchScript, batch 1)\n")
    print("| N | mean of per-process p50 ms | worst per-process p99 ms | pooled p99 ms | total inferences/s "
          "(common window) | vs N=1 | failed |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(launch_rows(work)))


if __name__ == "__main__":
    main()
