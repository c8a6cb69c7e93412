#pragma once
// What the two PyTorch backends (libtorch: TorchScript, aoti: AOTInductor packages) share: the torch version,
// dtype mapping, device checks, error text, framework settings and CUDA graph capture through PyTorch's own
// graph API. Includes torch: only for those backends' translation units (never fmt beside it, DESIGN.md).
#include <torch/cuda.h>
#include <torch/types.h>

#if __has_include(<torch/version.h>)
#include <torch/version.h>
#endif

#if IB_TORCH_CUDA
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backends/torch_error_text.hpp"
#include "inferbench/backend.hpp"
#include "inferbench/errors.hpp"
#include "inferbench/registry.hpp"

#define IB_TORCH_STRINGIZE_IMPL(x) #x
#define IB_TORCH_STRINGIZE(x) IB_TORCH_STRINGIZE_IMPL(x)

namespace ib::backends::torch_common {

// The torch headers we compiled against: TORCH_VERSION where torch/version.h defines it (Debian's 1.13
// and 2.x both do), else the numeric parts, else "unknown" rather than a guess.
[[nodiscard]] inline std::string torch_version() {
#if defined(TORCH_VERSION)
  return TORCH_VERSION;
#elif defined(TORCH_VERSION_MAJOR) && defined(TORCH_VERSION_MINOR) && defined(TORCH_VERSION_PATCH)
  return IB_TORCH_STRINGIZE(TORCH_VERSION_MAJOR) "." IB_TORCH_STRINGIZE(
      TORCH_VERSION_MINOR) "." IB_TORCH_STRINGIZE(TORCH_VERSION_PATCH);
#else
  return "unknown";
#endif
}

// Users get one line of torch's long messages (backends/torch_error_text.hpp); the backtrace never.
[[nodiscard]] inline std::string one_line(const std::exception& error) {
  const auto* torch_error = dynamic_cast<const c10::Error*>(&error);
  return torch_error_line(torch_error != nullptr ? torch_error->what_without_backtrace() : error.what());
}

// PyTorch's out-of-memory (c10::OutOfMemoryError; a CUDA allocation failure that reached PyTorch as text).
[[nodiscard]] inline bool is_out_of_memory(const std::exception& error) {
  return dynamic_cast<const c10::OutOfMemoryError*>(&error) != nullptr ||
         one_line(error).find("out of memory") != std::string::npos;
}

// The error a backend throws for a framework exception while running: out of memory is a kind of its own (a
// sweep's limit), anything else a run failure, both prefixed by `what` ("LibTorch inference failed").
[[noreturn]] inline void throw_run_failure(const std::string& what, const std::exception& error) {
  if (is_out_of_memory(error)) throw core::OutOfMemoryError(what + ": " + one_line(error));
  throw core::RunError(what + ": " + one_line(error));
}

[[nodiscard]] inline c10::ScalarType to_scalar_type(core::DType dtype) {
  switch (dtype) {
    case core::DType::fp32:
      return c10::ScalarType::Float;
    case core::DType::fp16:
      return c10::ScalarType::Half;
    case core::DType::bf16:
      return c10::ScalarType::BFloat16;
    case core::DType::fp64:
      return c10::ScalarType::Double;
    case core::DType::int8:
      return c10::ScalarType::Char;
    case core::DType::uint8:
      return c10::ScalarType::Byte;
    case core::DType::int32:
      return c10::ScalarType::Int;
    case core::DType::int64:
      return c10::ScalarType::Long;
    case core::DType::boolean:
      return c10::ScalarType::Bool;
  }
  throw std::invalid_argument("unhandled dtype");
}

[[nodiscard]] inline std::optional<core::DType> to_dtype(c10::ScalarType type) {
  switch (type) {
    case c10::ScalarType::Float:
      return core::DType::fp32;
    case c10::ScalarType::Half:
      return core::DType::fp16;
    case c10::ScalarType::BFloat16:
      return core::DType::bf16;
    case c10::ScalarType::Double:
      return core::DType::fp64;
    case c10::ScalarType::Char:
      return core::DType::int8;
    case c10::ScalarType::Byte:
      return core::DType::uint8;
    case c10::ScalarType::Int:
      return core::DType::int32;
    case c10::ScalarType::Long:
      return core::DType::int64;
    case c10::ScalarType::Bool:
      return core::DType::boolean;
    default:
      return std::nullopt;
  }
}

// Fails before loading anything, with the reason, when the requested device cannot be used by this torch.
[[nodiscard]] inline torch::Device resolve_device(const core::DeviceSpec& device) {
  if (device.kind == core::DeviceKind::cpu) return torch::Device(torch::kCPU);
  const std::string requested = core::device_to_string(device);
#if IB_TORCH_CUDA
  // hasCUDA() is false both without a usable GPU/driver and when libtorch_cuda.so was not loaded at all (the
  // --as-needed trap the CMake file guards against); either way no CUDA kernel would run.
  if (!at::globalContext().hasCUDA()) {
    throw core::UnavailableError("device " + requested + " requested, but LibTorch " + torch_version() +
                                 " finds no usable CUDA device (no GPU or driver visible); use --device cpu");
  }
  const std::size_t count = torch::cuda::device_count();
  if (static_cast<std::size_t>(device.index) >= count) {
    throw core::UnavailableError("device " + requested + " requested, but LibTorch sees " +
                                 std::to_string(count) +
                                 " CUDA device(s) (cuda:0 to cuda:" + std::to_string(count - 1) + ")");
  }
  return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(device.index));
#else
  throw core::UnavailableError(
      "device " + requested + " requested, but this build's LibTorch " + torch_version() +
      " has no CUDA support; use --device cpu or build against a CUDA-enabled LibTorch");
#endif
}

// Process-wide in torch, like the Python flags users set (torch.backends.cudnn.benchmark, allow_tf32); set
// before the first inference, which is where cuDNN autotunes.
inline void apply_framework_settings(const LoadOptions& options) {
  at::globalContext().setBenchmarkCuDNN(options.cudnn_benchmark);
  if (options.tf32.has_value()) {
    at::globalContext().setAllowTF32CuBLAS(*options.tf32);
    at::globalContext().setAllowTF32CuDNN(*options.tf32);
  }
}

#if IB_TORCH_CUDA
// Replays on the stream it was captured on: CUDAGraph::replay() launches on torch's current stream.
class TorchCudaGraph final : public CapturedGraph {
 public:
  explicit TorchCudaGraph(c10::cuda::CUDAStream stream) : stream_(stream) {}
  [[nodiscard]] at::cuda::CUDAGraph& graph() noexcept { return graph_; }
  void replay() override {
    c10::cuda::CUDAStreamGuard guard(stream_);
    graph_.replay();
  }

 private:
  c10::cuda::CUDAStream stream_;
  at::cuda::CUDAGraph graph_;
};
#endif

#if IB_TORCH_CUDA
// The runner's stream as torch's current stream, so that every kernel and copy of the work goes onto it.
[[nodiscard]] inline c10::cuda::CUDAStream torch_stream(StreamHandle stream, c10::DeviceIndex device) {
  return stream != nullptr ? c10::cuda::getStreamFromExternal(static_cast<cudaStream_t>(stream), device)
                           : c10::cuda::getDefaultCUDAStream(device);
}
#endif

// PyTorch's graph API, as torch.cuda.graph does it: warm-up on the capture stream (lazy cuBLAS/cuDNN setup
// must not happen inside the capture), then a capture whose allocations come from a pool private to the
// graph. Thread-local capture mode: a telemetry thread's CUDA calls neither break the capture nor fail.
// `work` is one inference into the bound outputs; `advice` ends the message when it cannot be captured.
[[nodiscard]] inline std::unique_ptr<CapturedGraph> capture_torch_graph(StreamHandle stream,
                                                                        c10::DeviceIndex device,
                                                                        const std::function<void()>& work,
                                                                        std::string_view advice) {
#if IB_TORCH_CUDA
  if (stream == nullptr) return nullptr;
  const c10::cuda::CUDAStream capture_stream = torch_stream(stream, device);
  auto captured = std::make_unique<TorchCudaGraph>(capture_stream);
  c10::cuda::CUDAStreamGuard guard(capture_stream);
  c10::InferenceMode inference_mode;
  bool capturing = false;
  try {
    constexpr int kWarmups = 3;
    for (int i = 0; i < kWarmups; ++i) work();
    capture_stream.synchronize();
    captured->graph().capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
    capturing = true;
    work();
    capturing = false;
    captured->graph().capture_end();
  } catch (const std::exception& error) {
    const std::string reason = one_line(error);
    if (capturing) {
      try {
        captured->graph().capture_end();  // ends the stream's capture; fails, as the capture is broken
      } catch (const std::exception&) {
      }
    }
    static_cast<void>(cudaGetLastError());
    throw core::UnavailableError(
        "--cuda-graph: this model's inference cannot be captured into a CUDA graph: " + reason + " (" +
        std::string(advice) + ")");
  }
  return captured;
#else
  static_cast<void>(stream);
  static_cast<void>(device);
  static_cast<void>(work);
  static_cast<void>(advice);
  return nullptr;
#endif
}

// PyTorch's CUDA caching allocator for one device. Before torch has touched the device its allocator has no
// state for it and getDeviceStats throws: nothing is allocated yet, so zeros.
[[nodiscard]] inline std::optional<AllocatorStats> cuda_allocator_stats(const core::DeviceSpec& device) {
#if IB_TORCH_CUDA
  if (device.kind != core::DeviceKind::cuda) return std::nullopt;
  try {
    const auto stats =
        c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(device.index));
    constexpr std::size_t kAggregate = 0;  // StatType::AGGREGATE: small and large pools together
    return AllocatorStats{static_cast<std::uint64_t>(stats.allocated_bytes[kAggregate].current),
                          static_cast<std::uint64_t>(stats.reserved_bytes[kAggregate].current),
                          static_cast<std::uint64_t>(stats.allocated_bytes[kAggregate].peak)};
  } catch (const std::exception&) {
    return AllocatorStats{};
  }
#else
  static_cast<void>(device);
  return std::nullopt;
#endif
}

inline void reset_cuda_peak_allocated(const core::DeviceSpec& device) {
#if IB_TORCH_CUDA
  if (device.kind != core::DeviceKind::cuda) return;
  try {
    c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(device.index));
  } catch (const std::exception&) {  // no state for the device yet: no peak to reset
  }
#else
  static_cast<void>(device);
#endif
}

// PyTorch's one-time state on a CUDA device, made by tiny fp16 and fp32 matmuls (cuBLAS and cuBLASLt handles
// with their workspaces, kept per stream: the default stream, which a model's load-time probe also uses) and
// convolutions (the cuDNN handle). Without it a process's first model would be charged with hundreds of MB
// that every later model shares. Once per device.
inline void prepare_cuda_device(const core::DeviceSpec& device) {
#if IB_TORCH_CUDA
  if (device.kind != core::DeviceKind::cuda) return;
  static std::mutex mutex;
  static std::vector<int> prepared;
  const std::lock_guard lock(mutex);
  if (std::find(prepared.begin(), prepared.end(), device.index) != prepared.end()) return;
  const torch::Device cuda = resolve_device(device);
  {
    c10::InferenceMode inference_mode;
    for (const auto type : {torch::kHalf, torch::kFloat}) {
      const auto options = torch::TensorOptions().dtype(type).device(cuda);
      const at::Tensor square = torch::ones({64, 64}, options);
      static_cast<void>(at::matmul(square, square));
      static_cast<void>(at::linear(square, square, torch::ones({64}, options)));  // the cuBLASLt path
      static_cast<void>(at::conv2d(torch::ones({1, 8, 16, 16}, options), torch::ones({8, 8, 3, 3}, options)));
    }
  }
  torch::cuda::synchronize(device.index);
  prepared.push_back(device.index);
#else
  static_cast<void>(device);
#endif
}

// What both PyTorch backends' registry entries share; each adds its create().
[[nodiscard]] inline BackendInfo torch_backend_info(std::string name, std::vector<std::string> extensions) {
  BackendInfo info;
  info.name = std::move(name);
  info.version = torch_version;
  info.extensions = std::move(extensions);
  info.supports_cuda = IB_TORCH_CUDA != 0;
  info.framework_settings = true;
  info.allocator_stats = cuda_allocator_stats;
  info.reset_peak_allocated = reset_cuda_peak_allocated;
  info.prepare_device = prepare_cuda_device;
  return info;
}

}  // namespace ib::backends::torch_common
