#include "runner/timed_loop.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "inferbench/errors.hpp"

namespace ib::runner {
namespace {

// Upper bound on samples for time-bounded passes, so a long --duration cannot exhaust memory (5 series x 8
// bytes).
constexpr std::size_t kMaxSamples = 20'000'000;
// Reserved up front for time-bounded passes; growing beyond happens between iterations, never inside one.
constexpr std::size_t kInitialReserve = 1 << 16;

bool stop_requested(const std::atomic<bool>* stop) noexcept {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}

std::int64_t to_ns(double seconds) {
  return static_cast<std::int64_t>(std::llround(seconds * 1e9));
}

// Stage mark indices: before H2D, after H2D (= before enqueue), after enqueue, after D2H.
enum Mark : int {
  kBeforeUpload = 0,
  kBeforeLaunch = 1,
  kAfterLaunch = 2,
  kAfterDownload = 3,
  kMarkCount = 4
};

// The median of the latest kProgressWindow latencies, for the progress display. `scratch` is reserved up
// front, so this allocates nothing.
double recent_median(const std::vector<double>& latency_ms, std::vector<double>& scratch) {
  const std::size_t n = std::min(latency_ms.size(), kProgressWindow);
  scratch.assign(latency_ms.end() - static_cast<std::ptrdiff_t>(n), latency_ms.end());
  const auto middle = scratch.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(scratch.begin(), middle, scratch.end());
  return *middle;
}

core::PhaseGoal timed_goal(const LoopPlan& plan) {
  core::PhaseGoal goal;
  if (plan.duration_s) {
    goal.seconds = *plan.duration_s;
  } else if (plan.until_stable) {
    goal.max_seconds = plan.until_stable->max_duration_s;
    goal.target_relative = plan.until_stable->target;
  } else {
    goal.iterations = plan.iterations;
  }
  return goal;
}

}  // namespace

void validate(const LoopPlan& plan) {
  // `!(x within range)` rather than `x outside range`: NaN fails every comparison and must be refused too.
  const auto check_seconds = [](const char* flag, double value, double scale, const char* unit,
                                 bool zero_ok = false) {
    if (!((zero_ok ? value >= 0 : value > 0) && value <= kMaxPassSeconds * scale)) {
      throw core::InputError(fmt::format("{} must be {} 0 and at most {} {} (got {})", flag,
                                         zero_ok ? "at least" : "more than", kMaxPassSeconds * scale, unit,
                                         value));
    }
  };
  if (plan.warmup < 0)
    throw core::InputError("--warmup must not be negative (got " + std::to_string(plan.warmup) + ")");
  if (plan.warmup_ms) check_seconds("--warmup-ms", *plan.warmup_ms, 1e3, "ms", true);
  if (plan.duration_s) check_seconds("--duration", *plan.duration_s, 1, "s");
  if (!plan.duration_s && !plan.until_stable && plan.iterations < 1) {
    throw core::InputError("--iterations must be at least 1 (got " + std::to_string(plan.iterations) + ")");
  }
  if (plan.duration_s && plan.until_stable)
    throw core::InputError("--duration and --until-stable exclude each other");
  if (plan.until_stable) {
    check_seconds("--max-duration", plan.until_stable->max_duration_s, 1, "s");
    if (!(plan.until_stable->target > 0 && plan.until_stable->target < 1)) {
      throw core::InputError(fmt::format("--target-ci must be a percentage between 0 and 100 (got {})",
                                         plan.until_stable->target * 100));
    }
  }
}

LoopOutcome run_timed_loop(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
                           const std::atomic<bool>* stop, const LoopObserver& observer) {
  validate(plan);
  core::Progress* const progress = observer.progress;
  LoopOutcome outcome;

  const std::int64_t warmup_start = clock.now_ns();
  if (progress != nullptr && (plan.warmup_ms || plan.warmup > 0)) {
    progress->begin_phase(core::Phase::warmup,
                          plan.warmup_ms ? core::PhaseGoal{.seconds = *plan.warmup_ms * 1e-3}
                                         : core::PhaseGoal{.iterations = plan.warmup},
                          warmup_start);
  }
  const std::int64_t warmup_limit_ns = plan.warmup_ms ? to_ns(*plan.warmup_ms * 1e-3) : 0;
  while (plan.warmup_ms ? clock.now_ns() - warmup_start < warmup_limit_ns
                        : outcome.warmup_done < plan.warmup) {
    if (stop_requested(stop)) {
      outcome.interrupted = true;
      outcome.stopped_by = "interrupted";
      return outcome;
    }
    session.round_trip();
    ++outcome.warmup_done;
    if (progress != nullptr) progress->set_done(outcome.warmup_done);
  }
  outcome.warmup_wall_s = static_cast<double>(clock.now_ns() - warmup_start) * 1e-9;

  const auto marks = plan.stage_timing ? session.platform().make_stage_marks(kMarkCount) : nullptr;
  const bool transfers = session.has_transfers();
  const bool by_count = !plan.duration_s && !plan.until_stable;
  const std::size_t reserve = by_count ? static_cast<std::size_t>(plan.iterations) : kInitialReserve;
  outcome.latency_ms.reserve(reserve);
  if (marks) {
    outcome.enqueue_ms.reserve(reserve);
    outcome.compute_ms.reserve(reserve);
    if (transfers) {
      outcome.h2d_ms.reserve(reserve);
      outcome.d2h_ms.reserve(reserve);
    }
  }
  const std::int64_t duration_ns = plan.duration_s ? to_ns(*plan.duration_s) : 0;
  const std::int64_t max_duration_ns = plan.until_stable ? to_ns(plan.until_stable->max_duration_s) : 0;
  std::size_t next_check = plan.until_stable ? plan.until_stable->next_check_at(0) : 0;
  std::vector<double> window;
  std::int64_t next_publish_ns = 0;
  if (progress != nullptr) {
    window.reserve(kProgressWindow);
    progress->begin_phase(plan.phase, timed_goal(plan), clock.now_ns());
  }
  if (observer.live != nullptr) observer.live->clear();
  if (observer.before_timing) observer.before_timing();

  while (true) {
    if (stop_requested(stop)) {
      outcome.interrupted = true;
      outcome.stopped_by = "interrupted";
      break;
    }
    // The timed region: from `start` to `end`.
    const std::int64_t start = clock.now_ns();
    if (marks) marks->mark(kBeforeUpload);
    session.upload();
    std::int64_t launch_start = 0;
    std::int64_t launch_end = 0;
    if (marks) {
      marks->mark(kBeforeLaunch);
      launch_start = clock.now_ns();
      session.launch();
      launch_end = clock.now_ns();
      marks->mark(kAfterLaunch);
    } else {
      session.launch();
    }
    session.download();
    if (marks) marks->mark(kAfterDownload);
    session.synchronize();
    const std::int64_t end = clock.now_ns();

    if (outcome.latency_ms.empty()) outcome.first_start_ns = start;
    outcome.last_end_ns = end;
    outcome.latency_ms.push_back(static_cast<double>(end - start) * 1e-6);
    if (observer.live != nullptr) observer.live->publish(outcome.latency_ms.size() - 1, outcome.latency_ms.back());
    if (marks) {
      outcome.enqueue_ms.push_back(static_cast<double>(launch_end - launch_start) * 1e-6);
      outcome.compute_ms.push_back(marks->elapsed_ms(kBeforeLaunch, kAfterLaunch));
      if (transfers) {
        outcome.h2d_ms.push_back(marks->elapsed_ms(kBeforeUpload, kBeforeLaunch));
        outcome.d2h_ms.push_back(marks->elapsed_ms(kAfterLaunch, kAfterDownload));
      }
    }

    const std::size_t count = outcome.latency_ms.size();
    const std::int64_t elapsed = end - outcome.first_start_ns;
    if (progress != nullptr) {
      progress->set_done(static_cast<std::int64_t>(count));
      if (end >= next_publish_ns) {
        progress->set_recent_p50(recent_median(outcome.latency_ms, window));
        next_publish_ns = end + kProgressPublishNs;
      }
    }
    if (by_count && count >= static_cast<std::size_t>(plan.iterations)) {
      outcome.stopped_by = "iterations";
      break;
    }
    if (plan.duration_s && elapsed >= duration_ns) {
      outcome.stopped_by = "duration";
      break;
    }
    if (plan.until_stable) {
      if (count >= next_check) {
        const StabilityState state = plan.until_stable->check(outcome.latency_ms);
        if (progress != nullptr) progress->set_widest_half_width(state.widest_half_width);
        if (state.stable) {
          outcome.stopped_by = "stable";
          break;
        }
        next_check = plan.until_stable->next_check_at(count);
      }
      if (elapsed >= max_duration_ns) {
        outcome.stopped_by = "max_duration";
        break;
      }
    }
    if (count >= kMaxSamples) {
      outcome.stopped_by = "iterations";
      break;
    }
  }
  if (observer.after_timing) observer.after_timing();
  outcome.timed_wall_s = outcome.latency_ms.empty()
                             ? 0.0
                             : static_cast<double>(outcome.last_end_ns - outcome.first_start_ns) * 1e-9;
  return outcome;
}

}  // namespace ib::runner
