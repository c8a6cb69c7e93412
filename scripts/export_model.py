# Writes the files inferbench benchmarks from a model users deploy: a TorchScript trace (.ts, the libtorch backend) and an
# AOTInductor package (.pt2, the aoti backend; torch.export + torch._inductor.aoti_compile_and_package), in fp32, fp16
# or bf16, with a static shape or a dynamic batch dimension. docs/backends.md says which file suits which deployment.
# The model: a torchvision or timm model name, "hf-depth-anything-v2-small" (a Depth-Anything-V2-Small-shaped model
# from transformers' config classes, random weights, no download), or FILE.py:NAME for an nn.Module class (built with
# no arguments) or a function returning one in a user's file. Weights are random unless the model's own code loads some.
# The .pt2 records its input name, shape and dtype as package metadata, so `inferbench run --model M.pt2` needs no --shape.
# --time also times the Python loops users compare against (eager, eager + torch.cuda.graph,
# torch.compile(mode="reduce-overhead")), each iteration pinned H2D -> forward -> D2H -> synchronize, as JSON.
# Usage (where torch is): python3 scripts/export_model.py vit_b_16 --shape 1x3x224x224 --dtype fp16 --out /tmp/vit
import argparse, importlib.util, json, pathlib, sys, time

import torch

parser = argparse.ArgumentParser(description="Writes .ts and .pt2 files of a model for inferbench")
parser.add_argument("model", help="torchvision/timm name, hf-depth-anything-v2-small, or FILE.py:NAME")
parser.add_argument("--shape", default="1x3x224x224", help="input shape, e.g. 1x3x518x518")
parser.add_argument("--dtype", default="fp32", choices=["fp32", "fp16", "bf16"])
parser.add_argument("--format", default="both", choices=["ts", "pt2", "both", "none"])
parser.add_argument("--dynamic-batch", action="store_true", help=".pt2: any batch from 1 to --max-batch")
parser.add_argument("--max-batch", type=int, default=64)
parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
parser.add_argument("--out", required=True, help="path prefix: writes PREFIX.ts and PREFIX.pt2")
parser.add_argument("--time", metavar="JSON", help="also time the Python loops, results to this file")
parser.add_argument("--iterations", type=int, default=200)
args = parser.parse_args()
DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


class DepthOutput(torch.nn.Module):
    """transformers' depth models return a ModelOutput; deployments keep its predicted_depth tensor."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        return self.model(pixel_values=pixel_values).predicted_depth


def depth_anything_v2_small():
    from transformers import DepthAnythingConfig, DepthAnythingForDepthEstimation, Dinov2Config
    backbone = Dinov2Config(image_size=518, patch_size=14, hidden_size=384, num_hidden_layers=12, num_attention_heads=6,
                            out_features=["stage3", "stage6", "stage9", "stage12"], reshape_hidden_states=False,
                            apply_layernorm=True)
    config = DepthAnythingConfig(backbone_config=backbone, reassemble_hidden_size=384,
                                 neck_hidden_sizes=[48, 96, 192, 384], fusion_hidden_size=64, head_hidden_size=32,
                                 depth_estimation_type="relative")
    return DepthOutput(DepthAnythingForDepthEstimation(config))


def vit_s14_518():
    """ViT-S/14 at 518x518 in torchvision's layout (the DINOv2-small shape)."""
    from torchvision.models.vision_transformer import VisionTransformer
    return VisionTransformer(image_size=518, patch_size=14, num_layers=12, num_heads=6, hidden_dim=384, mlp_dim=1536)


def from_file(spec):
    path, name = spec.rsplit(":", 1)
    module_spec = importlib.util.spec_from_file_location("user_model", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return getattr(module, name)()


def build(name):
    if name == "hf-depth-anything-v2-small":
        return depth_anything_v2_small()
    if name == "torchvision-vit-s14-518":
        return vit_s14_518()
    if ".py:" in name:
        return from_file(name)
    import torchvision
    if name in torchvision.models.list_models():
        return torchvision.models.get_model(name, weights=None)
    import timm
    return timm.create_model(name, pretrained=False)


torch.manual_seed(0)
dtype = DTYPES[args.dtype]
shape = [int(d) for d in args.shape.split("x")]
model = build(args.model).eval().to(args.device, dtype)
example = torch.randn(*shape, device=args.device, dtype=dtype)
out = pathlib.Path(args.out)
out.parent.mkdir(parents=True, exist_ok=True)
# What the model's weights take on the device, to check the per-model memory inferbench reports against.
tensors = list(model.parameters()) + list(model.buffers())
weight_bytes = sum(t.numel() * t.element_size() for t in tensors)
pathlib.Path(f"{out}.weights.json").write_text(json.dumps({"weight_bytes": weight_bytes}))

if args.format in ("ts", "both"):
    with torch.inference_mode():
        torch.jit.trace(model, example, check_trace=False).save(f"{out}.ts")
    print(f"wrote {out}.ts")
if args.format in ("pt2", "both"):
    dynamic = ({0: torch.export.Dim("batch", min=1, max=args.max_batch)},) if args.dynamic_batch else None
    with torch.no_grad():
        exported = torch.export.export(model, (example,), dynamic_shapes=dynamic)
        input_name = exported.graph_signature.user_inputs[0]
        metadata = {"inferbench_inputs": f"{input_name}:{args.shape}", "inferbench_dtype": args.dtype}
        torch._inductor.aoti_compile_and_package(exported, package_path=f"{out}.pt2",
                                                 inductor_configs={"aot_inductor.metadata": metadata})
    print(f"wrote {out}.pt2 (inputs {metadata['inferbench_inputs']}, {args.dtype})")


def python_loop(step):
    host = torch.randn(*shape, dtype=dtype).pin_memory()
    device_in = torch.empty_like(host, device=args.device)

    def round_trip():
        device_in.copy_(host, non_blocking=True)
        step(device_in).to("cpu", non_blocking=True)
        torch.cuda.synchronize()
    for _ in range(30):
        round_trip()
    samples = []
    for _ in range(args.iterations):
        start = time.perf_counter()
        round_trip()
        samples.append((time.perf_counter() - start) * 1e3)
    samples.sort()
    pick = lambda p: samples[min(len(samples) - 1, round(p / 100 * (len(samples) - 1)))]
    return {"p50_ms": pick(50), "p99_ms": pick(99), "count": len(samples)}


def with_cuda_graph(module):
    static_in = torch.randn(*shape, device=args.device, dtype=dtype)
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for _ in range(3):
            module(static_in)
    torch.cuda.current_stream().wait_stream(stream)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        static_out = module(static_in)

    def step(x):
        static_in.copy_(x)
        graph.replay()
        return static_out
    return step


if args.time:
    torch.backends.cudnn.benchmark = True  # what most inference scripts set (docs/backends.md)
    results = {}
    with torch.inference_mode():
        results["python eager"] = python_loop(model)
        try:
            results["python eager + cuda graph"] = python_loop(with_cuda_graph(model))
        except Exception as error:  # a model that cannot be captured is a result too
            results["python eager + cuda graph"] = {"error": str(error).splitlines()[0]}
    compiled = torch.compile(model, mode="reduce-overhead")
    with torch.no_grad():
        results["torch.compile reduce-overhead"] = python_loop(lambda x: compiled(x).clone())
    pathlib.Path(args.time).write_text(json.dumps(results, indent=2))
    for name, value in results.items():
        print(f"{args.model} {args.dtype} {name}: {value}")
