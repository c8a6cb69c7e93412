# The Python loops users time models with, as references for inferbench on the same machine in the same call:
#  eager: pinned host tensor -> copy_ to device (non_blocking) -> forward -> .to("cpu", non_blocking) -> synchronize
#  graph: the same, but the forward is a torch.cuda.CUDAGraph captured once on static tensors and replayed
# Both time each iteration with time.perf_counter after --warmup untimed ones; numpy linear percentiles.
# Usage (GPU machine): python3 scripts/python_loops.py MODEL.ts --shape 1x3x518x518 --dtype fp16 [--json OUT]
import argparse, json, time

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("--shape", default="1x3x518x518")
parser.add_argument("--dtype", default="fp16", choices=["fp16", "fp32"])
parser.add_argument("--warmup", type=int, default=50)
parser.add_argument("--iterations", type=int, default=1000)
parser.add_argument("--json")
args = parser.parse_args()
dtype = torch.float16 if args.dtype == "fp16" else torch.float32
shape = [int(d) for d in args.shape.split("x")]

model = torch.jit.load(args.model, map_location="cuda").eval()
host_in = torch.randn(*shape, dtype=dtype).pin_memory()
dev_in = torch.empty_like(host_in, device="cuda")


def timed(step):
    for _ in range(args.warmup):
        step()
    samples = []
    for _ in range(args.iterations):
        start = time.perf_counter()
        step()
        samples.append((time.perf_counter() - start) * 1e3)
    s = np.array(samples)
    return {"p50_ms": float(np.percentile(s, 50)), "mean_ms": float(s.mean()), "p99_ms": float(np.percentile(s, 99)),
            "std_ms": float(s.std()), "count": len(samples)}


results = {}
with torch.inference_mode():
    out = model(dev_in)
    host_out = torch.empty_like(out, device="cpu").pin_memory()

    def eager():
        dev_in.copy_(host_in, non_blocking=True)
        y = model(dev_in)
        host_out.copy_(y, non_blocking=True)
        torch.cuda.synchronize()

    results["python_eager"] = timed(eager)

    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            model(dev_in)
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        static_out = model(dev_in)

    def replay():
        dev_in.copy_(host_in, non_blocking=True)
        graph.replay()
        host_out.copy_(static_out, non_blocking=True)
        torch.cuda.synchronize()

    results["python_cuda_graph"] = timed(replay)

for name, r in results.items():
    print(f"{name:18s} p50 {r['p50_ms']:.3f} ms  mean {r['mean_ms']:.3f} ms  p99 {r['p99_ms']:.3f} ms")
if args.json:
    with open(args.json, "w") as f:
        json.dump(results, f, indent=2)
