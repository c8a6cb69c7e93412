# Prints scripts/gpu-aoti-check.sh's table (Markdown): per model, round-trip p50 / p99 in ms of the Python loops and of
# inferbench's libtorch and aoti runs, eager and with a CUDA graph; then the two-model run's per-model device memory.
# Usage: python3 scripts/summarize_aoti_table.py OUT_DIR
import json, pathlib, sys

out = pathlib.Path(sys.argv[1])
MODELS = ["vit_fp16", "vit_fp32", "depth_fp16", "depth_fp32", "resnet50_fp16"]
PYTHON = ["python eager", "python eager + cuda graph", "torch.compile reduce-overhead"]
INFERBENCH = [("ts", "libtorch"), ("ts_graph", "libtorch graph"), ("pt2", "aoti"), ("pt2_graph", "aoti graph")]


def percentile(values, p):  # numpy's default (linear interpolation), as inferbench reports
    values = sorted(values)
    rank = p / 100 * (len(values) - 1)
    low = int(rank)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (rank - low)


def inferbench_cell(run_dir):
    try:
        run = json.loads((run_dir / "result.json").read_text())["runs"][0]
    except (OSError, ValueError, KeyError, IndexError):
        return "fails", None
    latency = run.get("samples", {}).get("latency_ms") or []
    if run.get("status") != "ok" or not latency:
        return "fails", None
    p50 = percentile(latency, 50)
    return f"{p50:.2f} / {percentile(latency, 99):.2f}", p50


def python_cells(name):
    try:
        results = json.loads((out / f"python_{name}.json").read_text())
    except (OSError, ValueError):
        return ["-"] * len(PYTHON), None
    cells, best = [], None
    for key in PYTHON:
        value = results.get(key, {})
        if "p50_ms" in value:
            cells.append(f"{value['p50_ms']:.2f} / {value['p99_ms']:.2f}")
            best = value["p50_ms"] if best is None else min(best, value["p50_ms"])
        else:
            cells.append("fails")
    return cells, best


print("| model | " + " | ".join(PYTHON + [label for _, label in INFERBENCH]) + " | best inferbench / best Python |")
print("|---" * (len(PYTHON) + len(INFERBENCH) + 2) + "|")
for name in MODELS:
    cells, python_best = python_cells(name)
    ours = [inferbench_cell(out / f"{name}_{suffix}") for suffix, _ in INFERBENCH]
    ib_best = min((p50 for _, p50 in ours if p50 is not None), default=None)
    ratio = f"{ib_best / python_best:.2f}" if ib_best and python_best else "-"
    print(f"| {name} | " + " | ".join(cells + [cell for cell, _ in ours]) + f" | {ratio} |")

runs = []
for first in ("depth_fp32", "depth_fp16"):  # the two orders of scripts/gpu-aoti-check.sh's two-model runs
    try:
        runs += json.loads((out / f"two_models_{first}" / "result.json").read_text())["runs"]
    except (OSError, ValueError, KeyError):
        pass
print("\ntwo-model depth runs (one process each, both orders), device memory per model against the weights' bytes:")
for run in runs:
    memory = run.get("device_memory") or {}
    name = str(run.get("name"))
    try:  # the run is named after its file, depth_fp32.pt2 -> depth_fp32.weights.json beside the work folder's copy
        weights = json.loads((out / f"{name.split('.')[0].split('@')[0]}.weights.json").read_text())["weight_bytes"]
    except (OSError, ValueError, KeyError):
        weights = None
    model = memory.get("model_bytes", 0)
    versus = f", weights {weights / 1e6:.1f} MB ({(model - weights) / weights:+.1%})" if weights else ""
    print(f"- {name}: status {run.get('status')}, framework {memory.get('framework_bytes', 0) / 1e6:.1f} MB, "
          f"model {model / 1e6:.1f} MB{versus}, run {memory.get('run_bytes', 0) / 1e6:.1f} MB")
