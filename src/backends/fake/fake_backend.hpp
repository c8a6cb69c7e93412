#pragma once
// A backend with no model behind it: each inference "takes" the next duration of a script, then copies its
// first input into its first output. Unit tests pair it with a manual clock (durations are exact); the CLI
// exposes it as
// `--backend fake` with a busy-wait, so every layer above the backend can be tested end to end without a GPU.
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "backends/layer_times.hpp"
#include "inferbench/backend.hpp"
#include "inferbench/registry.hpp"

namespace ib::backends {

class FakeBackend final : public Backend {
 public:
  /// `elapse(ns)` is called once per inference with the next scripted duration (the script repeats).
  /// `now_ns` times the layers of profiled inferences (a manual clock in tests; the steady clock when empty).
  FakeBackend(core::TensorSpec input, core::TensorSpec output, std::vector<std::int64_t> script_ns,
              std::function<void(std::int64_t)> elapse, std::function<std::int64_t()> now_ns = {});

  [[nodiscard]] std::vector<core::TensorSpec> inputs() const override { return {input_}; }
  [[nodiscard]] std::vector<core::TensorSpec> outputs() const override { return {output_}; }
  void bind(std::span<const Binding> inputs, std::span<const Binding> outputs) override;
  void enqueue(StreamHandle stream) override;

  /// Profiled inferences time their two steps as layers: "wait" (the scripted duration) and "copy" (input to
  /// output).
  [[nodiscard]] bool set_layer_profiling(bool on) override {
    profiling_ = on;
    return true;
  }
  [[nodiscard]] std::optional<result::LayerProfile> layer_profile() const override;

  [[nodiscard]] std::int64_t inferences() const noexcept { return inferences_; }

 private:
  core::TensorSpec input_;
  core::TensorSpec output_;
  std::vector<std::int64_t> script_ns_;
  std::function<void(std::int64_t)> elapse_;
  std::function<std::int64_t()> now_ns_;
  const void* input_data_ = nullptr;
  void* output_data_ = nullptr;
  std::int64_t inferences_ = 0;
  bool profiling_ = false;
  LayerTimes layer_times_;
};

/// The CLI's `fake` backend. Its model is a spec instead of a file: "fake:<ms>[,<ms>...]" (per-inference
/// busy-wait durations in milliseconds, repeated), e.g. "fake:0.2" or "fake:1,1,5". Input shape from --shape
/// (default 1x3x8x8), output = input. Only the CPU device.
[[nodiscard]] BackendInfo fake_backend_info();

/// Parses the durations of a "fake:..." spec into nanoseconds; throws InputError on anything else.
[[nodiscard]] std::vector<std::int64_t> parse_fake_spec(std::string_view spec);

}  // namespace ib::backends
