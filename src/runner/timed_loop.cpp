#include "runner/timed_loop.hpp"

#include <algorithm>
#include <cmath>

namespace ib::runner {
namespace {

// Upper bound on samples for time-bounded passes, so a long --duration cannot exhaust memory (5 series x 8
// bytes).
constexpr std::size_t kMaxSamples = 20'000'000;

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

// Untimed round trips; false when stopped during them (the outcome then says so).
bool warm_up(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
             const std::atomic<bool>* stop, core::Progress* progress, LoopOutcome& outcome) {
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
      return false;
    }
    session.round_trip();
    ++outcome.warmup_done;
    if (progress != nullptr) progress->set_done(outcome.warmup_done);
  }
  outcome.warmup_wall_s = static_cast<double>(clock.now_ns() - warmup_start) * 1e-9;
  return true;
}

void reserve(LoopOutcome& outcome, std::size_t samples, bool stage_marks, bool transfers) {
  outcome.latency_ms.reserve(samples);
  if (!stage_marks) return;
  outcome.enqueue_ms.reserve(samples);
  outcome.compute_ms.reserve(samples);
  if (transfers) {
    outcome.h2d_ms.reserve(samples);
    outcome.d2h_ms.reserve(samples);
  }
}

// One timed round trip, its samples appended to `outcome`.
void timed_iteration(InferenceSession& session, core::Clock& clock, StageMarks* marks, bool transfers,
                     LoopOutcome& outcome) {
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
  if (marks) {
    outcome.enqueue_ms.push_back(static_cast<double>(launch_end - launch_start) * 1e-6);
    outcome.compute_ms.push_back(marks->elapsed_ms(kBeforeLaunch, kAfterLaunch));
    if (transfers) {
      outcome.h2d_ms.push_back(marks->elapsed_ms(kBeforeUpload, kBeforeLaunch));
      outcome.d2h_ms.push_back(marks->elapsed_ms(kAfterLaunch, kAfterDownload));
    }
  }
}

// The progress display's count and, a few times a second, the median of the latest iterations.
class ProgressFeed {
 public:
  explicit ProgressFeed(core::Progress* progress) : progress_(progress) {
    if (progress_ != nullptr) window_.reserve(kProgressWindow);
  }
  void update(const LoopOutcome& outcome) {
    if (progress_ == nullptr) return;
    progress_->set_done(static_cast<std::int64_t>(outcome.latency_ms.size()));
    if (outcome.last_end_ns >= next_publish_ns_) {
      progress_->set_recent_p50(recent_median(outcome.latency_ms, window_));
      next_publish_ns_ = outcome.last_end_ns + kProgressPublishNs;
    }
  }

 private:
  core::Progress* progress_;
  std::vector<double> window_;
  std::int64_t next_publish_ns_ = 0;
};

}  // namespace

LoopOutcome run_timed_loop(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
                           const std::atomic<bool>* stop, const LoopObserver& observer) {
  const std::unique_ptr<StopRule> rule = make_stop_rule(plan);
  return run_timed_loop(session, clock, plan, *rule, stop, observer);
}

LoopOutcome run_timed_loop(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
                           StopRule& rule, const std::atomic<bool>* stop, const LoopObserver& observer) {
  core::Progress* const progress = observer.progress;
  LoopOutcome outcome;
  if (!warm_up(session, clock, plan, stop, progress, outcome)) return outcome;

  const auto marks = plan.stage_timing ? session.platform().make_stage_marks(kMarkCount) : nullptr;
  const bool transfers = session.has_transfers();
  reserve(outcome, rule.expected_samples(), marks != nullptr, transfers);
  ProgressFeed feed(progress);
  if (progress != nullptr) progress->begin_phase(plan.phase, rule.goal(), clock.now_ns());
  if (observer.live != nullptr) observer.live->clear();
  if (observer.before_timing) observer.before_timing();

  while (true) {
    if (stop_requested(stop)) {
      outcome.interrupted = true;
      outcome.stopped_by = "interrupted";
      break;
    }
    timed_iteration(session, clock, marks.get(), transfers, outcome);
    const std::size_t count = outcome.latency_ms.size();
    if (observer.live != nullptr) observer.live->publish(count - 1, outcome.latency_ms.back());
    feed.update(outcome);
    const StopReason reason =
        rule.done({outcome.latency_ms, outcome.last_end_ns - outcome.first_start_ns, progress});
    if (reason != StopReason::none || count >= kMaxSamples) {
      outcome.stopped_by = stop_reason_name(reason == StopReason::none ? StopReason::iterations : reason);
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
