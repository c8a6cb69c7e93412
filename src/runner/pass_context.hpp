#pragma once
// What every step of benchmark_model works with: the request, the first stream's platform, the clock and the
// stop flag.
#include <atomic>

#include "core/clock.hpp"
#include "inferbench/progress.hpp"
#include "runner/benchmark.hpp"
#include "runner/platform.hpp"

namespace ib::runner {

struct PassContext {
  const BenchmarkRequest& request;
  Platform& platform;
  core::Clock& clock;
  const std::atomic<bool>* stop = nullptr;  ///< may be null

  /// Tells the progress display (if any) that `phase` starts now.
  void begin_phase(core::Phase phase) const {
    if (request.progress != nullptr) request.progress->begin_phase(phase, {}, clock.now_ns());
  }
  [[nodiscard]] bool stop_requested() const { return stop != nullptr && stop->load(); }
};

}  // namespace ib::runner
