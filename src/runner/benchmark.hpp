#pragma once
// Benchmarks one model: load through its backend, allocate and bind buffers, time the first two inferences,
// warm up, time, summarise. Produces the result model's Run; printing and saving are somebody else's job.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/registry.hpp"
#include "core/clock.hpp"
#include "inferbench/progress.hpp"
#include "inferbench/result.hpp"
#include "runner/platform.hpp"
#include "runner/quality_pass.hpp"
#include "runner/timed_loop.hpp"
#include "telemetry/nvml_session.hpp"

namespace ib::runner {

/// GPU telemetry for a run (docs/telemetry.md). The process's CPU time and peak RSS are measured on every
/// run.
struct TelemetryRequest {
  telemetry::NvmlDevice device;  ///< the GPU NVML samples; the session behind it outlives the run
  double interval_s = 0.1;       ///< --gpu-sample-interval
  /// "separate": a telemetry pass after the speed pass, as long as it; "concurrent": the sampler runs during
  /// the speed pass, and a pass without it before gives the p50 it is compared with.
  std::string mode = "separate";
};

struct BenchmarkRequest {
  std::string name;
  const backends::BackendInfo* backend = nullptr;
  backends::LoadOptions load;
  /// File identity (path, size, sha256, mtime), known before loading; the runner adds inputs and outputs.
  result::ModelInfo model;
  /// Counts, durations and stage timing. Its until_stable is filled from `until_stable` below when that is
  /// set.
  LoopPlan loop;
  std::optional<StableTarget> until_stable;
  std::vector<double> percentiles;
  SessionOptions session;
  /// The image behind session.first_input, recorded in the result's config.
  std::optional<std::string> input_image;
  bool cuda_graph = false;
  SyncMode sync = SyncMode::automatic;
  /// In-flight inferences, each with its own backend instance, buffers, stream and host thread.
  std::int64_t streams = 1;
  /// Makes the platform of each stream after the first (one stream each); needed when streams > 1.
  std::function<std::unique_ptr<Platform>()> make_platform;
  std::optional<TelemetryRequest> telemetry;
  /// --profile-layers: a pass of kLayerProfileInferences profiled inferences after every other pass, whose
  /// per-layer times become the run's layer_profile (runner/layer_profile_pass.hpp).
  bool profile_layers = false;
  /// The quality pass after the timed passes (outputs, ground truth); none when unset.
  std::optional<QualityRequest> quality;
  /// Where the runner says what it is doing, for a progress display (may be null). Written between
  /// iterations only; with several streams, the first stream's counts.
  core::Progress* progress = nullptr;
  /// Where the speed pass publishes its samples as it takes them (may be null): the CLI's fallback when a stop
  /// signal comes and a backend call does not return.
  LiveSamples* live = nullptr;
};

/// The request is checked first (validate(BenchmarkRequest), runner/request_check.hpp), before anything loads.
/// Load and shape errors propagate as InputError / UnavailableError, failures while measuring as RunError.
/// An interrupted run returns with status interrupted and the samples taken so far; `stop` is polled between
/// the startup steps (load, prepare, first inferences) too, and while inputs are filled.
/// With a quality request, the values the quality pass compared are moved into `*compared` (when not null)
/// for the caller's cross-engine comparison.
[[nodiscard]] result::Run benchmark_model(const BenchmarkRequest& request, Platform& platform,
                                          core::Clock& clock, const std::atomic<bool>* stop,
                                          std::vector<double>* compared = nullptr);

/// PyTorch's settings a run applies, as the result records them (result::RunConfig::cudnn_benchmark, tf32).
struct FrameworkSettings {
  std::string cudnn_benchmark;
  std::string tf32;
};
[[nodiscard]] FrameworkSettings framework_settings_of(const BenchmarkRequest& request);

/// The run's config as the result records it: the request's settings, and the batch and shapes of `inputs`
/// (empty when the model never loaded).
[[nodiscard]] result::RunConfig make_run_config(const BenchmarkRequest& request,
                                                const std::vector<core::TensorSpec>& inputs);

/// "auto", "block", "spin" or "yield", as the result records it (plan/values.hpp parses the flag).
[[nodiscard]] std::string sync_mode_name(SyncMode mode);

}  // namespace ib::runner
