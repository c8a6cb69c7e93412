#pragma once
// A TensorRT stand-in for the backend's tests: an engine described by literal tensors and profiles, a context
// that resolves output shapes by a rule the test gives, and a log of every call, so a test asserts what the
// backend asked TensorRT to do. Deserialization fails the way TensorRT does: nullptr plus a logged message.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backends/tensorrt/trt_adapter.hpp"

namespace ib::backends::tensorrt::testing {

struct FakeEngineSpec {
  std::vector<TrtTensor> tensors;
  /// profiles[p][input name] = its range in profile p
  std::vector<std::map<std::string, ProfileRange>> profiles;
  /// Output shapes from the input shapes set; by default each output keeps its declared shape.
  std::function<std::vector<std::int64_t>(const std::string& output,
                                          const std::map<std::string, std::vector<std::int64_t>>& inputs)>
      output_shape;
  std::string layer_information;
  /// Layers "run" by each profiled enqueue, with their times.
  std::vector<std::pair<std::string, float>> layers;
};

/// What the fake was asked, in order ("runtime", "deserialize", "context", "profile 1", "shape x 1x3x8x8",
/// "address x", "enqueue", "profiler on", "profiler off").
using CallLog = std::vector<std::string>;

struct FakeState {
  FakeEngineSpec engine;
  std::string version = "10.3.0";
  std::string deserialize_error;  ///< non-empty: deserialize fails, logging this
  bool runtime_fails = false;
  bool context_fails = false;
  bool enqueue_fails = false;
  std::int64_t step_ns = 0;  ///< the manual clock advances this much in every adapter call
  std::int64_t clock_ns = 0;
  CallLog calls;
};

class FakeContext final : public TrtContext {
 public:
  explicit FakeContext(FakeState& state) : state_(state) {
    for (const auto& tensor : state.engine.tensors) {
      if (tensor.mode == TensorMode::input) shapes_[tensor.name] = tensor.shape;
    }
  }
  bool set_optimization_profile(int index, void* /*stream*/) override {
    state_.calls.push_back("profile " + std::to_string(index));
    return index < static_cast<int>(state_.engine.profiles.size());
  }
  bool set_input_shape(const std::string& name, std::span<const std::int64_t> dims) override {
    std::string text;
    for (const auto d : dims) {
      if (!text.empty()) text += 'x';
      text += std::to_string(d);
    }
    state_.calls.push_back("shape " + name + " " + text);
    shapes_[name].assign(dims.begin(), dims.end());
    return true;
  }
  std::vector<std::int64_t> tensor_shape(const std::string& name) const override {
    for (const auto& tensor : state_.engine.tensors) {
      if (tensor.name != name) continue;
      if (tensor.mode == TensorMode::input) return shapes_.at(name);
      return state_.engine.output_shape ? state_.engine.output_shape(name, shapes_) : tensor.shape;
    }
    return {};
  }
  bool set_tensor_address(const std::string& name, void* address) override {
    state_.calls.push_back("address " + name);
    addresses_[name] = address;
    return address != nullptr;
  }
  bool enqueue(void* /*stream*/) override {
    state_.calls.push_back("enqueue");
    if (state_.enqueue_fails) return false;
    if (sink_ != nullptr) {
      for (const auto& [layer, ms] : state_.engine.layers) sink_->layer_time(layer, ms);
    }
    return true;
  }
  void set_profiler(LayerTimeSink* sink) override {
    state_.calls.push_back(sink != nullptr ? "profiler on" : "profiler off");
    sink_ = sink;
  }

 private:
  FakeState& state_;
  std::map<std::string, std::vector<std::int64_t>> shapes_;
  std::map<std::string, void*> addresses_;
  LayerTimeSink* sink_ = nullptr;
};

class FakeEngine final : public TrtEngine {
 public:
  explicit FakeEngine(FakeState& state) : state_(state) {}
  std::vector<TrtTensor> io_tensors() const override { return state_.engine.tensors; }
  int profile_count() const override { return static_cast<int>(state_.engine.profiles.size()); }
  ProfileRange profile_range(const std::string& input, int profile) const override {
    return state_.engine.profiles.at(static_cast<std::size_t>(profile)).at(input);
  }
  std::unique_ptr<TrtContext> create_context() override {
    state_.calls.push_back("context");
    state_.clock_ns += state_.step_ns;
    if (state_.context_fails) return nullptr;
    return std::make_unique<FakeContext>(state_);
  }
  std::string layer_information() const override { return state_.engine.layer_information; }

 private:
  FakeState& state_;
};

class FakeRuntime final : public TrtRuntime {
 public:
  explicit FakeRuntime(FakeState& state) : state_(state) {}
  std::unique_ptr<TrtEngine> deserialize(std::span<const std::byte> plan) override {
    state_.calls.push_back("deserialize " + std::to_string(plan.size()));
    state_.clock_ns += 2 * state_.step_ns;
    if (!state_.deserialize_error.empty()) return nullptr;
    return std::make_unique<FakeEngine>(state_);
  }
  std::string last_error() const override { return state_.deserialize_error; }

 private:
  FakeState& state_;
};

class FakeAdapter final : public TrtAdapter {
 public:
  explicit FakeAdapter(FakeState& state) : state_(state) {}
  std::string version() const override { return state_.version; }
  std::unique_ptr<TrtRuntime> create_runtime(std::string& why) override {
    state_.calls.push_back("runtime");
    state_.clock_ns += 3 * state_.step_ns;
    if (state_.runtime_fails) {
      why = "CUDA initialization failure with error: 35";
      return nullptr;
    }
    return std::make_unique<FakeRuntime>(state_);
  }

 private:
  FakeState& state_;
};

}  // namespace ib::backends::tensorrt::testing
