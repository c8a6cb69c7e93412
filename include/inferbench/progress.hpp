#pragma once
// What a benchmark is doing now, for a progress display. The runner writes it between iterations, never
// inside the timed region; a display thread reads it. The per-iteration values are relaxed atomics (one store
// each, no lock); the run and the phase change rarely and sit behind a mutex.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>

namespace ib::core {

/// The steps of one run, in the order the runner takes them (docs/methodology.md).
enum class Phase {
  idle,
  loading,
  first_inference,
  warmup,
  measuring,
  baseline,
  breakdown,
  telemetry,
  quality,
  layer_profile  ///< --profile-layers: the profiled inferences, after every timed pass
};

/// The words a display shows for a phase: "loading model", "warm-up", "measuring", ...
[[nodiscard]] std::string_view phase_label(Phase phase) noexcept;

/// How a phase ends, so a display can show how far along it is: after `iterations`, after `seconds`, or (both
/// zero) when it ends: loading, or --until-stable, which `max_seconds` and `target_relative` describe.
struct PhaseGoal {
  std::int64_t iterations = 0;
  double seconds = 0;
  double max_seconds = 0;      ///< --until-stable: --max-duration
  double target_relative = 0;  ///< --until-stable: the target CI half-width (0.01 = 1%)
  bool operator==(const PhaseGoal&) const = default;
};

struct ProgressSnapshot {
  static constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

  std::string run;            ///< the run's name; empty before the first
  std::size_t run_index = 0;  ///< 1-based
  std::size_t run_count = 0;
  Phase phase = Phase::idle;
  PhaseGoal goal;
  std::int64_t phase_start_ns = 0;  ///< on the runner's clock
  std::int64_t done = 0;            ///< iterations done in this phase
  double recent_p50_ms = kUnknown;  ///< median of the latest timed iterations; NaN before there are any
  /// --until-stable: the widest relative half-width of the p50/p99 intervals at the last check; NaN before.
  double widest_half_width = kUnknown;
};

class Progress {
 public:
  /// A new run (1-based `index` of `count`); the phase goes back to idle.
  void begin_run(std::string name, std::size_t index, std::size_t count);
  /// A new phase starting at `now_ns`; clears the iteration count and the latency figures.
  void begin_phase(Phase phase, PhaseGoal goal, std::int64_t now_ns);
  void set_done(std::int64_t iterations) noexcept { done_.store(iterations, std::memory_order_relaxed); }
  void set_recent_p50(double ms) noexcept { recent_p50_ms_.store(ms, std::memory_order_relaxed); }
  void set_widest_half_width(double relative) noexcept { widest_.store(relative, std::memory_order_relaxed); }
  [[nodiscard]] ProgressSnapshot snapshot() const;

 private:
  mutable std::mutex mutex_;
  ProgressSnapshot state_;  // run, index, count, phase, goal, start: under mutex_
  std::atomic<std::int64_t> done_{0};
  std::atomic<double> recent_p50_ms_{ProgressSnapshot::kUnknown};
  std::atomic<double> widest_{ProgressSnapshot::kUnknown};
};

}  // namespace ib::core
