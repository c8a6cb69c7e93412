// The synthetic backend in a CUDA build. Each kind does one known piece of work per inference on the runner's
// stream, allocates nothing after load (so every enqueue can be captured into a CUDA graph) and never
// synchronises. Floors (docs/synthetic.md): empty = the launch latency; gemm = 2*M*N*K flops; copy = 2*BYTES
// of memory traffic.
#include "backends/synthetic/synthetic_backend.hpp"

#include <cublas_v2.h>
#include <cuda_runtime_api.h>
#include <fmt/format.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backends/layer_times.hpp"
#include "backends/synthetic/empty_kernel.hpp"
#include "backends/synthetic/synthetic_spec.hpp"
#include "inferbench/errors.hpp"
#include "cuda/check.hpp"
#include "cuda/cuda_memory.hpp"
#include "cuda/event.hpp"

namespace ib::backends::synthetic {
namespace {

void check_cublas(cublasStatus_t status, const char* expression) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw core::RunError(fmt::format("cuBLAS error {} ({}) in {}", cublasGetStatusName(status),
                                     cublasGetStatusString(status), expression));
  }
}

// Owned cuBLAS handle, bound to the device current when it was made.
class CublasHandle {
 public:
  CublasHandle() { check_cublas(cublasCreate(&handle_), "cublasCreate"); }
  CublasHandle(const CublasHandle&) = delete;
  CublasHandle& operator=(const CublasHandle&) = delete;
  CublasHandle(CublasHandle&&) = delete;
  CublasHandle& operator=(CublasHandle&&) = delete;
  // Status dropped on purpose: destructors never throw (see cuda::Stream).
  ~CublasHandle() { static_cast<void>(cublasDestroy(handle_)); }
  [[nodiscard]] cublasHandle_t get() const noexcept { return handle_; }

 private:
  cublasHandle_t handle_ = nullptr;
};

// Binds exactly the tensors the spec declares; anything else is the runner's bug, so a RunError.
void check_bindings(std::span<const Binding> bindings, std::size_t expected, const char* what) {
  if (bindings.size() != expected) {
    throw core::RunError(
        fmt::format("synthetic backend expects {} {} binding(s), got {}", expected, what, bindings.size()));
  }
  for (const Binding& binding : bindings) {
    if (binding.data == nullptr)
      throw core::RunError(fmt::format("synthetic backend got a null {} buffer", what));
  }
}

// The work of every kind is one "layer", named after it. Profiled (--profile-layers), an inference is
// bracketed by two timing events and waited for, so its device time is that layer's time; unprofiled, it is
// the bare work, which never synchronises.
class SyntheticBackend : public Backend {
 public:
  SyntheticBackend(const Spec& spec, std::string layer)
      : inputs_(inputs_of(spec)), outputs_(outputs_of(spec)), layer_(std::move(layer)) {}
  [[nodiscard]] std::vector<core::TensorSpec> inputs() const final { return inputs_; }
  [[nodiscard]] std::vector<core::TensorSpec> outputs() const final { return outputs_; }
  void bind(std::span<const Binding> inputs, std::span<const Binding> outputs) final {
    check_bindings(inputs, inputs_.size(), "input");
    check_bindings(outputs, outputs_.size(), "output");
    inputs_data_.clear();
    for (const Binding& binding : inputs) inputs_data_.push_back(binding.data);
    outputs_data_.clear();
    for (const Binding& binding : outputs) outputs_data_.push_back(binding.data);
  }
  void enqueue(StreamHandle stream) final {
    if (!profiling_) {
      run(stream);
      return;
    }
    const auto cuda_stream = static_cast<cudaStream_t>(stream);
    events_->start.record(cuda_stream);
    run(stream);
    events_->stop.record(cuda_stream);
    events_->stop.synchronize();
    layer_times_.add(layer_, static_cast<double>(cuda::elapsed_ms(events_->start, events_->stop)));
    layer_times_.inference_done();
  }
  [[nodiscard]] bool set_layer_profiling(bool on) final {
    if (on && !events_) events_ = std::make_unique<Events>();  // on the device the runner made current
    profiling_ = on;
    return true;
  }
  [[nodiscard]] std::optional<result::LayerProfile> layer_profile() const final {
    if (layer_times_.inferences() == 0) return std::nullopt;
    return layer_times_.profile();
  }

 protected:
  /// One inference's work on `stream`.
  virtual void run(StreamHandle stream) = 0;
  [[nodiscard]] void* input(std::size_t i) const { return inputs_data_.at(i); }
  [[nodiscard]] void* output(std::size_t i) const { return outputs_data_.at(i); }

 private:
  std::vector<core::TensorSpec> inputs_;
  std::vector<core::TensorSpec> outputs_;
  std::vector<void*> inputs_data_;
  std::vector<void*> outputs_data_;
  struct Events {
    cuda::Event start;
    cuda::Event stop;
  };
  std::string layer_;
  std::unique_ptr<Events> events_;
  bool profiling_ = false;
  LayerTimes layer_times_;
};

// The floor of any kernel: one launch of a kernel that does nothing. Its tensors are untouched.
class EmptyBackend final : public SyntheticBackend {
 public:
  explicit EmptyBackend(const Spec& spec) : SyntheticBackend(spec, "empty_kernel") {}

 private:
  void run(StreamHandle stream) override {
    IB_CUDA_CHECK(static_cast<cudaError_t>(launch_empty_kernel(stream)));
  }
};

// One device-to-device copy of the whole input into the output: BYTES read and BYTES written.
class CopyBackend final : public SyntheticBackend {
 public:
  explicit CopyBackend(const Spec& spec)
      : SyntheticBackend(spec, "copy"), bytes_(static_cast<std::size_t>(spec.bytes)) {}

 private:
  void run(StreamHandle stream) override {
    IB_CUDA_CHECK(cudaMemcpyAsync(output(0), input(0), bytes_, cudaMemcpyDeviceToDevice,
                                  static_cast<cudaStream_t>(stream)));
  }

  std::size_t bytes_;
};

[[nodiscard]] cudaDataType_t cuda_type(core::DType dtype) {
  switch (dtype) {
    case core::DType::fp16:
      return CUDA_R_16F;
    case core::DType::bf16:
      return CUDA_R_16BF;
    case core::DType::fp32:
      return CUDA_R_32F;
    default:
      throw core::InputError("synthetic GEMM element types are fp16, bf16 and fp32");
  }
}

// cuBLAS recommends 32 MiB of workspace on Hopper (4 MiB before it); one size for all keeps the code simple
// and is small next to any GPU's memory.
constexpr std::size_t kCublasWorkspaceBytes = std::size_t{32} << 20;

// One GEMM, C = A x B with A (MxK), B (KxN), C (MxN) all row-major (as the tensors are declared), alpha 1,
// beta 0, accumulated in fp32 (CUBLAS_COMPUTE_32F: for fp32 inputs that is true fp32, no TF32). cuBLAS is
// column-major, and a row-major matrix is its transpose in column-major, so the call computes C^T (NxM) = B^T
// (NxK) x A^T (KxM) with no transposition flags: the same bytes as the row-major product.
class GemmBackend final : public SyntheticBackend {
 public:
  explicit GemmBackend(const Spec& spec)
      : SyntheticBackend(spec, "gemm"),
        m_(static_cast<int>(spec.m)),
        n_(static_cast<int>(spec.n)),
        k_(static_cast<int>(spec.k)),
        type_(cuda_type(spec.dtype)),
        workspace_(kCublasWorkspaceBytes) {
    check_cublas(cublasSetWorkspace(handle_.get(), workspace_.data(), workspace_.bytes()),
                 "cublasSetWorkspace");
  }

 private:
  void run(StreamHandle stream) override {
    const auto cuda_stream = static_cast<cudaStream_t>(stream);
    if (!stream_set_ || cuda_stream != stream_) {
      check_cublas(cublasSetStream(handle_.get(), cuda_stream), "cublasSetStream");
      // cublasSetStream also puts the handle back on cuBLAS's own workspace pool, which may allocate inside a
      // GEMM (not capturable into a CUDA graph): hand it our workspace again.
      check_cublas(cublasSetWorkspace(handle_.get(), workspace_.data(), workspace_.bytes()),
                   "cublasSetWorkspace");
      stream_ = cuda_stream;
      stream_set_ = true;
    }
    const float alpha = 1.0F;
    const float beta = 0.0F;
    check_cublas(cublasGemmEx(handle_.get(), CUBLAS_OP_N, CUBLAS_OP_N, n_, m_, k_, &alpha, input(1), type_,
                              n_, input(0), type_, k_, &beta, output(0), type_, n_, CUBLAS_COMPUTE_32F,
                              CUBLAS_GEMM_DEFAULT),
                 "cublasGemmEx");
  }

  int m_;
  int n_;
  int k_;
  cudaDataType_t type_;
  // Declared before the handle so it is freed after it: the handle may use its workspace until destroyed.
  cuda::DeviceBuffer workspace_;
  CublasHandle handle_;
  cudaStream_t stream_ = nullptr;
  bool stream_set_ = false;
};

[[nodiscard]] std::string cublas_version() {
  int major = 0;
  int minor = 0;
  int patch = 0;
  if (cublasGetProperty(MAJOR_VERSION, &major) != CUBLAS_STATUS_SUCCESS ||
      cublasGetProperty(MINOR_VERSION, &minor) != CUBLAS_STATUS_SUCCESS ||
      cublasGetProperty(PATCH_LEVEL, &patch) != CUBLAS_STATUS_SUCCESS) {
    return "unknown";
  }
  return fmt::format("{}.{}.{}", major, minor, patch);
}

}  // namespace
}  // namespace ib::backends::synthetic

namespace ib::backends {

BackendInfo synthetic_backend_info() {
  BackendInfo info{.name = "synthetic",
                   .version = synthetic::cublas_version,
                   .extensions = {},
                   .supports_cuda = true,
                   .supports_cpu = false,
                   .create = {},
                   .demo_archive = {}};
  info.create = [](const LoadOptions& options) -> std::unique_ptr<Backend> {
    const std::string text =
        options.model.builtin.empty() ? options.model.path.string() : options.model.builtin;
    // Parsed first, so a typo reads as bad input wherever the run was headed.
    const synthetic::Spec spec = synthetic::parse_spec(text);
    if (options.device.kind != core::DeviceKind::cuda) {
      throw core::UnavailableError("synthetic backends run on CUDA only; use --device cuda");
    }
    // The cuBLAS handle and every buffer belong to the device current when they are made.
    IB_CUDA_CHECK(cudaSetDevice(options.device.index));
    switch (spec.kind) {
      case synthetic::Kind::empty:
        return std::make_unique<synthetic::EmptyBackend>(spec);
      case synthetic::Kind::gemm:
        return std::make_unique<synthetic::GemmBackend>(spec);
      case synthetic::Kind::copy:
        return std::make_unique<synthetic::CopyBackend>(spec);
    }
    throw core::InputError("unknown synthetic model kind");
  };
  return info;
}

}  // namespace ib::backends
