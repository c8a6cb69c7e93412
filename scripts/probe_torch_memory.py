# Where a PyTorch process's device memory goes, step by step, for docs/results: the CUDA context and PyTorch's
# state, the library handles a first inference creates, each AOTInductor package's load and first run. Tells
# whether inferbench's framework setup (tiny fp16/fp32 matmuls and convolutions, src/backends/torch_common.hpp)
# takes what would otherwise be charged to the first model. Runs where torch and a GPU are.
# Usage: python3 scripts/probe_torch_memory.py PACKAGE.pt2 [PACKAGE.pt2 ...]   (inputs: 1x3x518x518 of its dtype)
import sys

import torch

MB = 1e6


def used():
    free, total = torch.cuda.mem_get_info()
    return (total - free) / MB


rows = []


def step(label):
    torch.cuda.synchronize()
    rows.append((label, used(), torch.cuda.memory_allocated() / MB, torch.cuda.memory_reserved() / MB))


torch.cuda.init()
torch.empty(1, device="cuda")
step("context + PyTorch's CUDA state")
with torch.inference_mode():
    for dtype in (torch.float16, torch.float32):
        square = torch.ones(64, 64, device="cuda", dtype=dtype)
        square @ square
        torch.nn.functional.linear(square, square, torch.ones(64, device="cuda", dtype=dtype))
        torch.nn.functional.conv2d(torch.ones(1, 8, 16, 16, device="cuda", dtype=dtype),
                                   torch.ones(8, 8, 3, 3, device="cuda", dtype=dtype))
step("framework setup (matmul, linear, conv2d fp16+fp32)")
runners = []
for path in sys.argv[1:]:
    runner = torch._inductor.aoti_load_package(path)
    runners.append(runner)
    step(f"load {path.rsplit('/', 1)[-1]}")
    dtype = torch.float16 if "fp16" in path else torch.float32
    with torch.inference_mode():
        runner(torch.zeros(1, 3, 518, 518, device="cuda", dtype=dtype))
    step(f"first run {path.rsplit('/', 1)[-1]}")

print("| step | driver used MB | growth MB | allocated MB | reserved MB |")
print("|---|---|---|---|---|")
previous = rows[0][1]
for label, driver, allocated, reserved in rows:
    print(f"| {label} | {driver:.1f} | {driver - previous:+.1f} | {allocated:.1f} | {reserved:.1f} |")
    previous = driver
