#include "runner/breakdown_pass.hpp"

#include <algorithm>
#include <cstdint>

namespace ib::runner {
namespace {

// The pass repeats the speed pass's iteration count up to this many: enough for stage percentiles, while
// bounding the extra time of long or adaptive runs.
constexpr std::int64_t kMaxBreakdownIterations = 1000;

}  // namespace

void run_breakdown_pass(const PassContext& context, InferenceSession& session, const LoopOutcome& speed,
                        result::Run& run) {
  const BenchmarkRequest& request = context.request;
  if (!request.loop.stage_timing || speed.interrupted || speed.latency_ms.empty() ||
      !context.platform.has_device_clock()) {
    return;
  }
  LoopPlan plan;
  plan.warmup = 0;
  plan.iterations = std::min<std::int64_t>(
      static_cast<std::int64_t>(speed.latency_ms.size()) / std::max<std::int64_t>(request.streams, 1),
      kMaxBreakdownIterations);
  plan.iterations = std::max<std::int64_t>(plan.iterations, 1);
  plan.stage_timing = true;
  plan.phase = core::Phase::breakdown;
  LoopOutcome breakdown =
      run_timed_loop(session, context.clock, plan, context.stop, {request.progress, {}, {}});
  run.samples.breakdown_latency_ms = std::move(breakdown.latency_ms);
  run.samples.enqueue_ms = std::move(breakdown.enqueue_ms);
  run.samples.h2d_ms = std::move(breakdown.h2d_ms);
  run.samples.compute_ms = std::move(breakdown.compute_ms);
  run.samples.d2h_ms = std::move(breakdown.d2h_ms);
}

}  // namespace ib::runner
