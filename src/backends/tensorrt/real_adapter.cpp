// The adapter over the TensorRT library (TensorRT 10 and newer: named IO tensors, enqueueV3, 64-bit Dims).
// The one file of the project that includes NvInfer.h. Each method is one or two TensorRT calls and a
// conversion; every decision is the backend's (tensorrt_backend.cpp). scripts/check-tensorrt-adapter.sh
// compiles this file against TensorRT's public headers.
#include <NvInfer.h>
#include <cuda_runtime_api.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "backends/tensorrt/trt_adapter.hpp"

namespace ib::backends::tensorrt {
namespace {

// TensorRT reports errors through the logger, not through return values: the last error is kept so a failed
// call can say why. TensorRT may log from its own threads.
class Logger final : public nvinfer1::ILogger {
 public:
  void log(Severity severity, nvinfer1::AsciiChar const* message) noexcept override {
    if (severity > Severity::kERROR || message == nullptr) return;
    try {
      const std::lock_guard lock(mutex_);
      last_error_ = message;
    } catch (...) {  // log() must not throw; a message lost is better than a terminate
    }
  }
  [[nodiscard]] std::string last_error() const {
    const std::lock_guard lock(mutex_);
    return last_error_;
  }

 private:
  mutable std::mutex mutex_;
  std::string last_error_;
};

[[nodiscard]] std::vector<std::int64_t> to_vector(const nvinfer1::Dims& dims) {
  if (dims.nbDims < 0) return {};
  return std::vector<std::int64_t>(dims.d, dims.d + dims.nbDims);
}

[[nodiscard]] nvinfer1::Dims to_dims(std::span<const std::int64_t> shape) {
  nvinfer1::Dims dims{};
  dims.nbDims = static_cast<std::int32_t>(std::min<std::size_t>(shape.size(), nvinfer1::Dims::MAX_DIMS));
  for (std::int32_t i = 0; i < dims.nbDims; ++i) dims.d[i] = shape[static_cast<std::size_t>(i)];
  return dims;
}

// TrtDType follows nvinfer1::DataType's values (0 = kFLOAT ... 11 = kE8M0); a newer type is `other`.
[[nodiscard]] TrtDType to_trt_dtype(nvinfer1::DataType type) {
  const auto value = static_cast<int>(type);
  return value >= 0 && value < static_cast<int>(TrtDType::other) ? static_cast<TrtDType>(value) : TrtDType::other;
}

[[nodiscard]] TrtFormat to_format(nvinfer1::TensorFormat format, char const* description) {
  return {format == nvinfer1::TensorFormat::kLINEAR, description != nullptr ? description : "unknown"};
}

class Profiler final : public nvinfer1::IProfiler {
 public:
  explicit Profiler(LayerTimeSink* sink) : sink_(sink) {}
  void reportLayerTime(char const* layer_name, float ms) noexcept override {
    try {
      sink_->layer_time(layer_name != nullptr ? layer_name : "", ms);
    } catch (...) {  // reportLayerTime must not throw; the layer's time is lost
    }
  }

 private:
  LayerTimeSink* sink_;
};

class RealContext final : public TrtContext {
 public:
  explicit RealContext(std::unique_ptr<nvinfer1::IExecutionContext> context) : context_(std::move(context)) {}
  bool set_optimization_profile(int index, void* stream) override {
    auto* cuda_stream = static_cast<cudaStream_t>(stream);
    return context_->setOptimizationProfileAsync(index, cuda_stream) &&
           cudaStreamSynchronize(cuda_stream) == cudaSuccess;
  }
  bool set_input_shape(const std::string& name, std::span<const std::int64_t> dims) override {
    return context_->setInputShape(name.c_str(), to_dims(dims));
  }
  std::vector<std::int64_t> tensor_shape(const std::string& name) const override {
    return to_vector(context_->getTensorShape(name.c_str()));
  }
  bool set_tensor_address(const std::string& name, void* address) override {
    return context_->setTensorAddress(name.c_str(), address);
  }
  bool enqueue(void* stream) override { return context_->enqueueV3(static_cast<cudaStream_t>(stream)); }
  void set_profiler(LayerTimeSink* sink) override {
    profiler_ = sink != nullptr ? std::make_unique<Profiler>(sink) : nullptr;
    context_->setProfiler(profiler_.get());
  }

 private:
  std::unique_ptr<Profiler> profiler_;  // outlives the context's use of it: destroyed after context_
  std::unique_ptr<nvinfer1::IExecutionContext> context_;
};

class RealEngine final : public TrtEngine {
 public:
  RealEngine(std::unique_ptr<nvinfer1::ICudaEngine> engine, std::shared_ptr<Logger> logger)
      : logger_(std::move(logger)), engine_(std::move(engine)) {}

  std::vector<TrtTensor> io_tensors() const override {
    std::vector<TrtTensor> tensors;
    for (std::int32_t i = 0; i < engine_->getNbIOTensors(); ++i) {
      char const* name = engine_->getIOTensorName(i);
      const bool input = engine_->getTensorIOMode(name) == nvinfer1::TensorIOMode::kINPUT;
      tensors.push_back({name, input ? TensorMode::input : TensorMode::output,
                         to_trt_dtype(engine_->getTensorDataType(name)), to_vector(engine_->getTensorShape(name)),
                         to_format(engine_->getTensorFormat(name), engine_->getTensorFormatDesc(name))});
    }
    return tensors;
  }
  int profile_count() const override { return engine_->getNbOptimizationProfiles(); }
  ProfileRange profile_range(const std::string& input, int profile) const override {
    const auto shape = [&](nvinfer1::OptProfileSelector which) {
      return to_vector(engine_->getProfileShape(input.c_str(), profile, which));
    };
    return {shape(nvinfer1::OptProfileSelector::kMIN), shape(nvinfer1::OptProfileSelector::kOPT),
            shape(nvinfer1::OptProfileSelector::kMAX)};
  }
  std::unique_ptr<TrtContext> create_context() override {
    std::unique_ptr<nvinfer1::IExecutionContext> context(engine_->createExecutionContext());
    if (!context) return nullptr;
    return std::make_unique<RealContext>(std::move(context));
  }
  std::string layer_information() const override {
    const std::unique_ptr<nvinfer1::IEngineInspector> inspector(engine_->createEngineInspector());
    if (!inspector) return {};
    char const* json = inspector->getEngineInformation(nvinfer1::LayerInformationFormat::kJSON);
    return json != nullptr ? json : "";
  }

 private:
  std::shared_ptr<Logger> logger_;  // TensorRT logs to it for as long as the engine lives
  std::unique_ptr<nvinfer1::ICudaEngine> engine_;
};

class RealRuntime final : public TrtRuntime {
 public:
  RealRuntime(std::unique_ptr<nvinfer1::IRuntime> runtime, std::shared_ptr<Logger> logger)
      : logger_(std::move(logger)), runtime_(std::move(runtime)) {}
  std::unique_ptr<TrtEngine> deserialize(std::span<const std::byte> plan) override {
    std::unique_ptr<nvinfer1::ICudaEngine> engine(runtime_->deserializeCudaEngine(plan.data(), plan.size()));
    if (!engine) return nullptr;
    return std::make_unique<RealEngine>(std::move(engine), logger_);
  }
  std::string last_error() const override { return logger_->last_error(); }

 private:
  std::shared_ptr<Logger> logger_;
  std::unique_ptr<nvinfer1::IRuntime> runtime_;
};

class RealAdapter final : public TrtAdapter {
 public:
  std::string version() const override {
    const std::int32_t v = getInferLibVersion();  // (major * 100 + minor) * 100 + patch
    return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." + std::to_string(v % 100);
  }
  std::unique_ptr<TrtRuntime> create_runtime(std::string& why) override {
    auto logger = std::make_shared<Logger>();
    std::unique_ptr<nvinfer1::IRuntime> runtime(nvinfer1::createInferRuntime(*logger));
    if (!runtime) {
      why = logger->last_error().empty() ? "createInferRuntime returned nothing" : logger->last_error();
      return nullptr;
    }
    return std::make_unique<RealRuntime>(std::move(runtime), std::move(logger));
  }
};

}  // namespace

std::unique_ptr<TrtAdapter> make_real_adapter() { return std::make_unique<RealAdapter>(); }

}  // namespace ib::backends::tensorrt
