"""An annotated pipeline in Python: decode -> preprocess -> infer -> postprocess, batch after batch.

The same stages as pipeline.cpp, timed by inferbench's Python module (docs/pipelines.md). With PyTorch the model is
the built-in demo model's architecture (3 strided 3x3 convolutions with ReLU, global mean, linear; our own weights)
on the CPU or a GPU, and on a GPU every stage also gets device time from CUDA events on torch's current stream.
Without PyTorch (Debian's python3 in CI) a pure-Python stand-in of the same shape runs at a small size.

    PYTHONPATH=<build>/python python3 examples/pipeline/pipeline.py --device cuda --batches 50 --output-dir out
    inferbench launch -np 2 -o out -- python3 examples/pipeline/pipeline.py --device cuda

A pipeline written for CV-CUDA's perf_utils changes one line: `from inferbench import CvCudaPerf`.
"""
import argparse
import random

# PyTorch before inferbench: a module built with Debian 12's pybind11 (2.10, older than Python 3.12) and imported
# first made a later `import torch` abort under Python 3.12 (docs/pipelines.md).
try:
    import torch
except ImportError:
    torch = None

import inferbench

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def torch_stages(args):
    device = torch.device(args.device)
    gen = torch.Generator().manual_seed(0)
    weights = []
    channels = 3
    for out_channels in (16, 32, 64):
        weights.append((torch.randn(out_channels, channels, 3, 3, generator=gen) * 0.1).to(device))
        channels = out_channels
    fc = (torch.randn(10, channels, generator=gen) * 0.1).to(device)
    mean = torch.tensor(MEAN, device=device).view(1, 3, 1, 1)
    std = torch.tensor(STD, device=device).view(1, 3, 1, 1)

    def decode(batch):
        return torch.randint(0, 256, (args.batch_size, args.size, args.size, 3), dtype=torch.uint8,
                             generator=torch.Generator().manual_seed(batch))

    def preprocess(frames):
        x = frames.to(device, non_blocking=True).permute(0, 3, 1, 2).float() / 255.0
        return (x - mean) / std

    @torch.inference_mode()
    def infer(x):
        for w in weights:
            x = torch.relu(torch.nn.functional.conv2d(x, w, stride=2, padding=1))
        return x.mean(dim=(2, 3)) @ fc.t()

    def postprocess(logits):
        return logits.argmax(dim=1).cpu().tolist()

    stream = torch.cuda.current_stream().cuda_stream if device.type == "cuda" else None
    return (decode, preprocess, infer, postprocess), stream


def python_stages(args):
    rng = random.Random(0)
    pixels = args.size * args.size
    weights = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(10)]

    def decode(batch):
        r = random.Random(batch)
        return [bytes(r.getrandbits(8) for _ in range(pixels * 3)) for _ in range(args.batch_size)]

    def preprocess(frames):
        return [[sum((f[p * 3 + c] / 255.0 - MEAN[c]) / STD[c] for p in range(pixels)) / pixels for c in range(3)]
                for f in frames]

    def infer(features):
        return [[sum(w[c] * x[c] for c in range(3)) for w in weights] for x in features]

    def postprocess(logits):
        return [row.index(max(row)) for row in logits]

    return (decode, preprocess, infer, postprocess), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--batches", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--size", type=int, default=224 if torch else 16)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--output-dir", default=".")
    args = parser.parse_args()
    (decode, preprocess, infer, postprocess), stream = torch_stages(args) if torch else python_stages(args)

    profiler = inferbench.Profiler("pipeline", warmup_batches=args.warmup, output_dir=args.output_dir,
                                   cuda_stream=stream)
    checksum = 0
    profiler.push_range("run")
    for b in range(args.batches):
        with profiler.batch("batch", b, total_items=args.batch_size):
            with profiler.range("decode"):
                frames = decode(b)
            with profiler.range("preprocess"):
                x = preprocess(frames)
            with profiler.range("infer"):
                logits = infer(x)
            with profiler.range("postprocess"):
                checksum += sum(postprocess(logits))
    profiler.pop_range()
    print("wrote %s (label checksum %d)" % (profiler.finalize(), checksum))


if __name__ == "__main__":
    main()
