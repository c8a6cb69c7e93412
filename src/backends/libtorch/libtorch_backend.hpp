#pragma once
// The LibTorch backend: runs TorchScript archives (torch.jit.script / torch.jit.trace + save) and the
// built-in demo model. This header is torch-free on purpose, so the CLI and tests can use the backend without
// seeing torch's headers (and the fmt copy inside them, DESIGN.md). Torch itself is private to
// ib_backend_libtorch.
#include <filesystem>
#include <string>
#include <vector>

#include "inferbench/registry.hpp"

namespace ib::backends {

/// Registry entry for LibTorch: name "libtorch", the torch version the backend was compiled against, the file
/// endings it claims (".jit.pt", ".ts", ".pt"), whether that torch has CUDA, and the factory. The factory
/// throws InputError for a bad model or bad shapes and UnavailableError for a CUDA device this build or
/// machine lacks.
[[nodiscard]] BackendInfo libtorch_backend_info();

/// The file endings the backend claims, longest first; known to the registry without loading torch.
[[nodiscard]] inline std::vector<std::string> libtorch_extensions() { return {".jit.pt", ".ts", ".pt"}; }

/// The built-in demo model (`--model demo`) as TorchScript archive bytes, exactly what save_demo_model
/// writes. A small CNN: input 1x3x224x224 (any batch and spatial size works) -> three stride-2 3x3 conv+ReLU
/// layers (16, 32, 64 channels) -> global average pool -> linear to 10 outputs. Its weights come from a fixed
/// formula, not torch's RNG, so every torch version builds the same numbers.
[[nodiscard]] std::string demo_model_archive();

/// Writes demo_model_archive() to `path` (through a temporary file, so a failed write leaves no half file).
/// Throws InputError when the file cannot be written.
void save_demo_model(const std::filesystem::path& path);

}  // namespace ib::backends
