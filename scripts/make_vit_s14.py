# Makes a ViT-S/14 (DINOv2-small layout, timm, random weights: no download) at 518x518, traces it to TorchScript on
# CUDA in fp16 and fp32, and times it with the usual Python loop (pinned host -> H2D -> forward -> D2H ->
# synchronize, time.perf_counter) so the C++ numbers have a reference taken on the same machine in the same call.
# Usage (GPU machine): python3 scripts/make_vit_s14.py OUT_DIR [--warmup 50] [--iterations 1000]
import argparse, json, pathlib, time

import numpy as np
import timm
import torch

parser = argparse.ArgumentParser()
parser.add_argument("out_dir")
parser.add_argument("--warmup", type=int, default=50)
parser.add_argument("--iterations", type=int, default=1000)
args = parser.parse_args()
out = pathlib.Path(args.out_dir)
out.mkdir(parents=True, exist_ok=True)

torch.manual_seed(0)
model = timm.create_model("vit_small_patch14_dinov2", pretrained=False, img_size=518, num_classes=0).eval()
print("params (M):", round(sum(p.numel() for p in model.parameters()) / 1e6, 2))
reference = {}
for name, dtype in (("fp16", torch.float16), ("fp32", torch.float32)):
    m = model.to("cuda", dtype)
    x = torch.randn(1, 3, 518, 518, device="cuda", dtype=dtype)
    with torch.inference_mode():
        traced = torch.jit.trace(m, x, check_trace=False)
    path = out / f"vit_s14_518_{name}.ts"
    traced.save(str(path))
    host = torch.randn(1, 3, 518, 518, dtype=dtype).pin_memory()
    device_in = torch.empty_like(host, device="cuda")
    loaded = torch.jit.load(str(path), map_location="cuda")
    with torch.inference_mode():
        for _ in range(args.warmup):
            device_in.copy_(host, non_blocking=True)
            loaded(device_in).to("cpu", non_blocking=True)
            torch.cuda.synchronize()
        samples = []
        for _ in range(args.iterations):
            start = time.perf_counter()
            device_in.copy_(host, non_blocking=True)
            result = loaded(device_in).to("cpu", non_blocking=True)
            torch.cuda.synchronize()
            samples.append((time.perf_counter() - start) * 1e3)
    s = np.array(samples)
    reference[name] = {"path": str(path), "output_shape": list(result.shape), "mean_ms": s.mean(),
                       "p50_ms": np.percentile(s, 50), "p99_ms": np.percentile(s, 99), "std_ms": s.std()}
    print(f"python loop {name}: mean {s.mean():.3f} ms  p50 {np.percentile(s, 50):.3f} ms  "
          f"p99 {np.percentile(s, 99):.3f} ms  output {tuple(result.shape)}")
(out / "python_reference.json").write_text(json.dumps(reference, indent=2))
