# Provokes the LibTorch errors users meet (capturing a TorchScript ViT into a CUDA graph, a wrong input shape, running
# out of memory, a bad AOTInductor package) and writes each message, exactly as torch gives it, to OUT_DIR/<name>.txt.
# The files are the fixtures of tests/unit/libtorch/torch_error_text_test.cpp (tests/fixtures/torch_errors/).
# Usage (GPU machine): python3 scripts/capture_torch_errors.py OUT_DIR
import pathlib, sys

import torch
import torchvision

out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)


def keep(name, action):
    try:
        action()
        print(f"{name}: no error")
    except Exception as error:  # the message is what we want, whatever the class
        (out / f"{name}.txt").write_text(str(error))
        print(f"{name}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")


vit = torchvision.models.vision_transformer.VisionTransformer(
    image_size=518, patch_size=14, num_layers=12, num_heads=6, hidden_dim=384, mlp_dim=1536).eval().cuda().half()
x = torch.randn(1, 3, 518, 518, device="cuda", dtype=torch.half)
with torch.inference_mode():
    traced = torch.jit.trace(vit, x, check_trace=False)
    for _ in range(3):
        traced(x)
torch.cuda.synchronize()


def capture():
    graph = torch.cuda.CUDAGraph()
    with torch.inference_mode(), torch.cuda.graph(graph):
        traced(x)


keep("torchscript_capture", capture)
torch.cuda.synchronize()
keep("torchscript_bad_shape", lambda: traced(torch.randn(1, 3, 224, 225, device="cuda", dtype=torch.half)))
keep("cuda_out_of_memory", lambda: torch.empty(1 << 46, device="cuda", dtype=torch.uint8))
bad = out / "not_a_zip.pt2"
bad.write_bytes(b"this is not a zip file\n")
keep("aoti_not_a_zip", lambda: torch._inductor.aoti_load_package(str(bad)))
bad.unlink()
