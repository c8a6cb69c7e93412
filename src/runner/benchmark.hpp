#pragma once
// Benchmarks one model: load through its backend, allocate and bind buffers, warm up, time, summarise. Produces the
// result model's Run; printing and saving are somebody else's job.
#include <atomic>
#include <string>
#include <vector>

#include "backends/registry.hpp"
#include "core/clock.hpp"
#include "result/run_result.hpp"
#include "runner/platform.hpp"
#include "runner/timed_loop.hpp"

namespace ib::runner {

struct BenchmarkRequest {
  std::string name;
  const backends::BackendInfo* backend = nullptr;
  backends::LoadOptions load;
  /// File identity (path, size, sha256, mtime), known before loading; the runner adds inputs and outputs.
  result::ModelInfo model;
  LoopPlan loop;
  std::vector<double> percentiles;
};

/// Load and shape errors propagate as InputError / UnavailableError, failures while measuring as RunError.
/// An interrupted run returns with status interrupted and the samples taken so far.
[[nodiscard]] result::Run benchmark_model(const BenchmarkRequest& request, Platform& platform, core::Clock& clock,
                                          const std::atomic<bool>* stop);

/// Derives the latency summary, throughput and warnings of `run` from its samples and config. Pure: another tool
/// can recompute the same numbers from the saved samples.
void summarize_run(result::Run& run);

}  // namespace ib::runner
