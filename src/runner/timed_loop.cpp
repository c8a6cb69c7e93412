#include "runner/timed_loop.hpp"

#include "core/errors.hpp"

namespace ib::runner {
namespace {

bool stop_requested(const std::atomic<bool>* stop) noexcept {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}

}  // namespace

LoopOutcome run_timed_loop(InferenceSession& session, core::Clock& clock, const LoopPlan& plan,
                           const std::atomic<bool>* stop) {
  if (plan.iterations <= 0) throw core::InputError("--iterations must be at least 1");
  if (plan.warmup < 0) throw core::InputError("--warmup must not be negative");
  LoopOutcome outcome;
  for (; outcome.warmup_done < plan.warmup; ++outcome.warmup_done) {
    if (stop_requested(stop)) {
      outcome.interrupted = true;
      return outcome;
    }
    session.round_trip();
  }

  // Raw nanoseconds into storage sized up front: the loop itself never allocates.
  std::vector<std::int64_t> elapsed_ns(static_cast<std::size_t>(plan.iterations));
  std::size_t done = 0;
  std::int64_t first_start = 0;
  std::int64_t last_end = 0;
  for (; done < elapsed_ns.size(); ++done) {
    if (stop_requested(stop)) {
      outcome.interrupted = true;
      break;
    }
    const std::int64_t start = clock.now_ns();
    session.round_trip();
    const std::int64_t end = clock.now_ns();
    elapsed_ns[done] = end - start;
    if (done == 0) first_start = start;
    last_end = end;
  }

  outcome.latency_ms.reserve(done);
  for (std::size_t i = 0; i < done; ++i) outcome.latency_ms.push_back(static_cast<double>(elapsed_ns[i]) * 1e-6);
  outcome.timed_wall_s = done == 0 ? 0.0 : static_cast<double>(last_end - first_start) * 1e-9;
  return outcome;
}

}  // namespace ib::runner
