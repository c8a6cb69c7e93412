#include "runner/parallel_streams.hpp"

#include <algorithm>
#include <exception>
#include <latch>
#include <memory>
#include <thread>

namespace ib::runner {
namespace {

void append(std::vector<double>& to, const std::vector<double>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

LoopOutcome merge(std::vector<LoopOutcome>& outcomes, std::vector<std::int32_t>& stream_of) {
  LoopOutcome merged;
  merged.first_start_ns = outcomes[0].first_start_ns;
  merged.last_end_ns = outcomes[0].last_end_ns;
  merged.stopped_by = outcomes[0].stopped_by;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const LoopOutcome& outcome = outcomes[i];
    append(merged.latency_ms, outcome.latency_ms);
    append(merged.enqueue_ms, outcome.enqueue_ms);
    append(merged.h2d_ms, outcome.h2d_ms);
    append(merged.compute_ms, outcome.compute_ms);
    append(merged.d2h_ms, outcome.d2h_ms);
    stream_of.insert(stream_of.end(), outcome.latency_ms.size(), static_cast<std::int32_t>(i));
    if (!outcome.latency_ms.empty()) {
      merged.first_start_ns = std::min(merged.first_start_ns, outcome.first_start_ns);
      merged.last_end_ns = std::max(merged.last_end_ns, outcome.last_end_ns);
    }
    merged.warmup_done += outcome.warmup_done;
    merged.warmup_wall_s = std::max(merged.warmup_wall_s, outcome.warmup_wall_s);
    merged.interrupted = merged.interrupted || outcome.interrupted;
  }
  if (merged.interrupted) merged.stopped_by = "interrupted";
  merged.timed_wall_s = merged.latency_ms.empty()
                            ? 0.0
                            : static_cast<double>(merged.last_end_ns - merged.first_start_ns) * 1e-9;
  return merged;
}

// Every session's loop on its own thread, all released together; the first error of any is rethrown.
std::vector<LoopOutcome> run_together(const PassContext& context,
                                      const std::vector<InferenceSession*>& sessions, const LoopPlan& plan,
                                      const LoopObserver& observer) {
  const std::size_t count = sessions.size();
  std::vector<LoopOutcome> outcomes(count);
  std::vector<std::exception_ptr> errors(count);
  std::latch start(static_cast<std::ptrdiff_t>(count));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        outcomes[i] = run_timed_loop(*sessions[i], context.clock, plan, context.stop,
                                     i == 0 ? observer : LoopObserver{});
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return outcomes;
}

}  // namespace

LoopOutcome run_parallel_streams(const PassContext& context, Lane& first, const LoopPlan& plan,
                                 const LoopObserver& observer, std::vector<std::int32_t>& stream_of) {
  const BenchmarkRequest& request = context.request;
  std::vector<std::unique_ptr<Platform>> platforms;
  std::vector<Lane> lanes;
  for (std::int64_t i = 1; i < request.streams; ++i) {
    platforms.push_back(request.make_platform());
    lanes.push_back(make_lane(request, *platforms.back()));
    lanes.back().session->round_trip();
    if (request.cuda_graph) lanes.back().session->capture_graph();
  }
  std::vector<InferenceSession*> sessions{first.session.get()};
  for (auto& lane : lanes) sessions.push_back(lane.session.get());
  std::vector<LoopOutcome> outcomes = run_together(context, sessions, plan, observer);
  return merge(outcomes, stream_of);
}

}  // namespace ib::runner
