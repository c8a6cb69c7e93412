#pragma once
// The TensorRT backend's only door to TensorRT: a runtime that deserializes, an engine that describes its IO
// tensors and optimisation profiles, a context that takes shapes and addresses and enqueues. Std-only, so the
// backend's logic (tensorrt_backend.cpp, engine_io.cpp) compiles and is tested without TensorRT through a fake
// adapter (tests/unit/tensorrt/); real_adapter.cpp is the one file that includes NvInfer.h. Each call maps to
// one or two TensorRT API calls and makes no decision of its own: a failure is returned (false, nullptr), and
// what TensorRT logged is read from Runtime::last_error().
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ib::backends::tensorrt {

/// nvinfer1::DataType, in its order (kFLOAT = 0 ... kE8M0 = 11; TensorRT 10.0 stops at kINT4, later 10.x add
/// kFP4 and kE8M0); `other` for a type newer than this list.
enum class TrtDType { fp32, fp16, int8, int32, boolean, uint8, fp8, bf16, int64, int4, fp4, e8m0, other };

/// nvinfer1::TensorFormat of an IO tensor: linear, or one of the vectorised layouts (CHW32, HWC8, ...) by name.
struct TrtFormat {
  bool linear = true;
  std::string name;  ///< "LINEAR", "CHW32", ...
};

enum class TensorMode { input, output };

/// One IO tensor as the engine declares it; -1 in `shape` marks a dynamic dimension.
struct TrtTensor {
  std::string name;
  TensorMode mode = TensorMode::input;
  TrtDType dtype = TrtDType::fp32;
  std::vector<std::int64_t> shape;
  TrtFormat format;
};

/// An input's shape range in one optimisation profile.
struct ProfileRange {
  std::vector<std::int64_t> min;
  std::vector<std::int64_t> opt;
  std::vector<std::int64_t> max;
};

/// Receives nvinfer1::IProfiler::reportLayerTime calls: once per layer per profiled inference, in order.
class LayerTimeSink {
 public:
  virtual ~LayerTimeSink() = default;
  virtual void layer_time(std::string_view layer, float ms) = 0;
};

class TrtContext {
 public:
  virtual ~TrtContext() = default;
  [[nodiscard]] virtual bool set_optimization_profile(int index, void* stream) = 0;
  [[nodiscard]] virtual bool set_input_shape(const std::string& name, std::span<const std::int64_t> dims) = 0;
  /// The tensor's shape in this context (outputs resolved from the input shapes set; -1 where data-dependent).
  [[nodiscard]] virtual std::vector<std::int64_t> tensor_shape(const std::string& name) const = 0;
  [[nodiscard]] virtual bool set_tensor_address(const std::string& name, void* address) = 0;
  /// IExecutionContext::enqueueV3 on `stream` (a cudaStream_t).
  [[nodiscard]] virtual bool enqueue(void* stream) = 0;
  /// Installs (or, with nullptr, removes) a profiler; the sink outlives the context's use of it.
  virtual void set_profiler(LayerTimeSink* sink) = 0;
};

class TrtEngine {
 public:
  virtual ~TrtEngine() = default;
  [[nodiscard]] virtual std::vector<TrtTensor> io_tensors() const = 0;
  [[nodiscard]] virtual int profile_count() const = 0;
  [[nodiscard]] virtual ProfileRange profile_range(const std::string& input, int profile) const = 0;
  /// nullptr when TensorRT cannot create one (out of device memory, say); see Runtime::last_error.
  [[nodiscard]] virtual std::unique_ptr<TrtContext> create_context() = 0;
  /// IEngineInspector's JSON of the whole engine, where the engine was built with detailed profiling
  /// verbosity; empty otherwise.
  [[nodiscard]] virtual std::string layer_information() const = 0;
};

class TrtRuntime {
 public:
  virtual ~TrtRuntime() = default;
  /// nullptr when TensorRT rejects the plan; last_error() then holds what it logged.
  [[nodiscard]] virtual std::unique_ptr<TrtEngine> deserialize(std::span<const std::byte> plan) = 0;
  /// The last error TensorRT's logger received (empty if none), so a failure can say why.
  [[nodiscard]] virtual std::string last_error() const = 0;
};

class TrtAdapter {
 public:
  virtual ~TrtAdapter() = default;
  /// "10.3.0": the library's version at run time (getInferLibVersion), which may differ from the headers'.
  [[nodiscard]] virtual std::string version() const = 0;
  /// nullptr when TensorRT cannot create a runtime (no usable GPU or driver); `why` then says so.
  [[nodiscard]] virtual std::unique_ptr<TrtRuntime> create_runtime(std::string& why) = 0;
};

/// The adapter over the TensorRT library this build found (real_adapter.cpp).
[[nodiscard]] std::unique_ptr<TrtAdapter> make_real_adapter();

}  // namespace ib::backends::tensorrt
