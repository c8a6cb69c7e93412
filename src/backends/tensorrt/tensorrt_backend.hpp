#pragma once
// The TensorRT backend: deserializes a serialized engine (.engine / .plan), learns its IO tensors, picks the
// optimisation profile that holds the --shape values and sets the input shapes, binds the runner's device
// buffers by tensor name and enqueues with enqueueV3 on the runner's stream, as the depth benchmark users run
// today does with pinned buffers (ORIGINS.md). Inputs take the engine's own element types (an fp16 or int8
// input is fed as such, the depth benchmark's cast to the engine's input dtype); outputs keep the engine's
// shapes, which the quality pass squeezes as that benchmark does (quality/depth_map.hpp). Every TensorRT call
// goes through the adapter (trt_adapter.hpp).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backends/tensorrt/layer_profiler.hpp"
#include "backends/tensorrt/trt_adapter.hpp"
#include "inferbench/backend.hpp"
#include "inferbench/registry.hpp"
#include "inferbench/result.hpp"

namespace ib::backends::tensorrt {

/// Nanoseconds on a steady clock; injected so tests time the steps with a manual clock.
using NowNs = std::function<std::int64_t()>;

class TensorrtBackend final : public Backend {
 public:
  /// Loads `plan_file`. Throws core::InputError / core::UnavailableError as engine_io.hpp describes, and
  /// core::UnavailableError when TensorRT cannot create a runtime or a context.
  TensorrtBackend(std::shared_ptr<TrtAdapter> adapter, const LoadOptions& options, NowNs now_ns);
  ~TensorrtBackend() override;

  [[nodiscard]] std::vector<core::TensorSpec> inputs() const override { return inputs_; }
  [[nodiscard]] std::vector<core::TensorSpec> outputs() const override { return outputs_; }
  void bind(std::span<const Binding> inputs, std::span<const Binding> outputs) override;
  void enqueue(StreamHandle stream) override;
  /// nullptr: TensorRT has no graph API of its own and allocates nothing per inference, so the runner captures
  /// its stream around enqueueV3 (TensorRT's documented way). Throws core::UnavailableError before the first
  /// enqueue (TensorRT finishes shape-dependent setup there, which a capture must not record) and while layers
  /// are profiled (the profiler synchronises).
  [[nodiscard]] std::unique_ptr<CapturedGraph> capture_graph(StreamHandle stream) override;

  /// The parts of loading only the backend sees, each timed alone, in order: "runtime" (createInferRuntime:
  /// TensorRT's kernels and the CUDA context's share), "read" (the plan file), "deserialize"
  /// (deserializeCudaEngine), "context" (createExecutionContext, profile and input shapes set). The runner's
  /// load_ms is measured around all of them.
  [[nodiscard]] std::vector<result::StartupStep> load_steps() const override { return steps_; }
  [[nodiscard]] int profile() const noexcept { return profile_; }
  /// Turns TensorRT's per-layer profiler on or off for the following inferences (--profile-layers); true.
  [[nodiscard]] bool set_layer_profiling(bool on) override;
  /// What the profiled inferences so far spent per layer; nullopt before any.
  [[nodiscard]] std::optional<result::LayerProfile> layer_profile() const override;
  /// The engine inspector's JSON where the engine has layer information; empty otherwise.
  [[nodiscard]] std::string layer_information() const { return engine_->layer_information(); }

 private:
  void load(const LoadOptions& options);
  void discover(const LoadOptions& options);
  void resolve_outputs(const std::vector<TrtTensor>& outputs);

  std::shared_ptr<TrtAdapter> adapter_;
  NowNs now_ns_;
  std::string path_;
  std::unique_ptr<TrtRuntime> runtime_;  // declared before engine_ and context_: destroyed after them
  std::unique_ptr<TrtEngine> engine_;
  std::unique_ptr<TrtContext> context_;
  std::vector<core::TensorSpec> inputs_;
  std::vector<core::TensorSpec> outputs_;
  std::vector<result::StartupStep> steps_;
  int profile_ = 0;
  bool bound_ = false;
  std::int64_t enqueued_ = 0;
  bool profiling_ = false;
  LayerProfiler profiler_;
};

/// The plan file's bytes. Throws core::InputError naming the file when it cannot be read or is empty.
[[nodiscard]] std::vector<std::byte> read_plan(const std::string& path);

/// The file endings the backend claims.
[[nodiscard]] inline std::vector<std::string> tensorrt_extensions() { return {".engine", ".plan", ".trt"}; }

/// Registry entry "tensorrt" over the adapter `make_adapter` returns (the real one in the plugin, a fake in
/// tests): CUDA only, version from the adapter.
[[nodiscard]] BackendInfo tensorrt_backend_info(std::function<std::shared_ptr<TrtAdapter>()> make_adapter);

/// Registry entry for a build without TensorRT: claims the extensions, and create() and version() throw
/// core::UnavailableError(`reason`).
[[nodiscard]] BackendInfo tensorrt_unavailable_backend(const std::string& reason);

}  // namespace ib::backends::tensorrt
