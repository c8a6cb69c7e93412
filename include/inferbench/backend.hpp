#pragma once
// The one interface every inference backend implements. A backend loads a model, says what tensors it takes
// and gives, reads its inputs from and writes its outputs to buffers the runner owns, and enqueues one
// inference. Backends never time themselves: the runner times every backend the same way
// (docs/methodology.md).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "inferbench/device_spec.hpp"
#include "inferbench/dtype.hpp"
#include "inferbench/result.hpp"
#include "inferbench/shape.hpp"
#include "inferbench/tensor_spec.hpp"

namespace ib::backends {

/// A cudaStream_t passed as an opaque pointer so this header needs no CUDA include. nullptr on the CPU.
using StreamHandle = void*;

/// Memory the runner owns for one tensor: device memory on CUDA, host memory on the CPU.
struct Binding {
  void* data = nullptr;
  core::TensorSpec spec;
};

/// A model file, or a model built into the binary (`builtin` non-empty, e.g. "demo").
struct ModelSource {
  std::filesystem::path path;
  std::string builtin;
};

struct LoadOptions {
  ModelSource model;
  core::DeviceSpec device;
  /// Element type of floating-point inputs (and of the model's weights where the backend can convert them).
  core::DType dtype = core::DType::fp32;
  /// Shapes from `--shape`; an unnamed one applies to the first input.
  std::vector<core::ShapeArg> shapes;
  /// cuDNN autotuning (torch.backends.cudnn.benchmark): on by default, as in most users' inference scripts.
  bool cudnn_benchmark = true;
  /// TF32 for matmuls and convolutions on both, off on both; nullopt keeps the framework's defaults (PyTorch:
  /// cuDNN convolutions in TF32, matmuls in full fp32).
  std::optional<bool> tf32;
};

/// A framework allocator's statistics for one device (PyTorch's caching allocator), process-wide as the
/// allocator is: bytes in live tensors, bytes it holds from the driver (cached included), and the peak of the
/// former since the last reset.
struct AllocatorStats {
  std::uint64_t allocated_bytes = 0;
  std::uint64_t reserved_bytes = 0;
  std::uint64_t peak_allocated_bytes = 0;
};

/// Work a backend captured through its framework's graph API (PyTorch's at::cuda::CUDAGraph, with a private
/// memory pool), replayed on the stream it was captured on.
class CapturedGraph {
 public:
  virtual ~CapturedGraph() = default;
  virtual void replay() = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  /// Inputs as they will be fed: names, dtypes and the concrete shapes chosen at load time.
  [[nodiscard]] virtual std::vector<core::TensorSpec> inputs() const = 0;
  /// Outputs with concrete shapes, known once the model is loaded.
  [[nodiscard]] virtual std::vector<core::TensorSpec> outputs() const = 0;
  /// Points the backend at the runner's buffers, one per input and output, in the order of
  /// inputs()/outputs(). Called once before warm-up; the buffers stay valid until the backend is destroyed.
  virtual void bind(std::span<const Binding> inputs, std::span<const Binding> outputs) = 0;
  /// Runs one inference: reads the bound inputs, writes the bound outputs. On CUDA the work is enqueued on
  /// `stream` and may still be running on return; on the CPU it is finished on return.
  virtual void enqueue(StreamHandle stream) = 0;
  /// Captures enqueue(stream) through the backend's own framework, or nullptr where it has no graph API (the
  /// runner then captures the stream itself). A framework with a caching allocator needs this: tensors it
  /// allocates during a raw stream capture come from its ordinary pool and could later be handed to other
  /// tensors while a replay still writes them. Throws UnavailableError saying why when the work cannot be
  /// captured. Called after bind() and at least one enqueue().
  [[nodiscard]] virtual std::unique_ptr<CapturedGraph> capture_graph(StreamHandle stream) {
    static_cast<void>(stream);
    return nullptr;
  }

  /// Turns per-layer timing on or off for the inferences that follow (--profile-layers). Timing layers
  /// perturbs an inference (TensorRT synchronises after each layer), so the runner does it in a pass of its own,
  /// never in a timed one, and never through a captured graph. False where the backend cannot time layers (the
  /// default); the runner then records a warning instead of a profile.
  [[nodiscard]] virtual bool set_layer_profiling(bool on) {
    static_cast<void>(on);
    return false;
  }
  /// What the profiled inferences so far spent per layer, layers in execution order; nullopt before any
  /// profiled inference and where the backend cannot time layers.
  [[nodiscard]] virtual std::optional<result::LayerProfile> layer_profile() const { return std::nullopt; }
  /// The parts of loading the model as the backend timed them (the runner records their sum as the load time,
  /// measured around the whole construction); empty where the backend times none.
  [[nodiscard]] virtual std::vector<result::StartupStep> load_steps() const { return {}; }
};

}  // namespace ib::backends
