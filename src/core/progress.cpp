#include "inferbench/progress.hpp"

#include <utility>

namespace ib::core {

std::string_view phase_label(Phase phase) noexcept {
  switch (phase) {
    case Phase::loading:
      return "loading model";
    case Phase::first_inference:
      return "first inferences";
    case Phase::warmup:
      return "warm-up";
    case Phase::measuring:
      return "measuring";
    case Phase::baseline:
      return "measuring (no sampler)";
    case Phase::breakdown:
      return "stage breakdown";
    case Phase::telemetry:
      return "telemetry pass";
    case Phase::quality:
      return "quality pass";
    case Phase::layer_profile:
      return "layer profile (untimed)";
    case Phase::idle:
      break;
  }
  return "starting";
}

void Progress::begin_run(std::string name, std::size_t index, std::size_t count) {
  const std::lock_guard lock(mutex_);
  state_.run = std::move(name);
  state_.run_index = index;
  state_.run_count = count;
  state_.phase = Phase::idle;
  state_.goal = {};
  done_.store(0, std::memory_order_relaxed);
}

void Progress::begin_phase(Phase phase, PhaseGoal goal, std::int64_t now_ns) {
  const std::lock_guard lock(mutex_);
  state_.phase = phase;
  state_.goal = goal;
  state_.phase_start_ns = now_ns;
  done_.store(0, std::memory_order_relaxed);
  recent_p50_ms_.store(ProgressSnapshot::kUnknown, std::memory_order_relaxed);
  widest_.store(ProgressSnapshot::kUnknown, std::memory_order_relaxed);
}

ProgressSnapshot Progress::snapshot() const {
  ProgressSnapshot snapshot;
  {
    const std::lock_guard lock(mutex_);
    snapshot = state_;
  }
  snapshot.done = done_.load(std::memory_order_relaxed);
  snapshot.recent_p50_ms = recent_p50_ms_.load(std::memory_order_relaxed);
  snapshot.widest_half_width = widest_.load(std::memory_order_relaxed);
  return snapshot;
}

}  // namespace ib::core
