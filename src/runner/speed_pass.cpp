#include "runner/speed_pass.hpp"

#include <fmt/format.h>

#include <chrono>

#include "runner/parallel_streams.hpp"
#include "runner/process_cost_meter.hpp"
#include "runner/request_check.hpp"

namespace ib::runner {

SpeedOutcome run_speed_pass(const PassContext& context, Lane& lane, TelemetryPass& telemetry,
                            result::Run& run) {
  const BenchmarkRequest& request = context.request;
  LoopPlan plan = loop_plan_of(request);
  plan.stage_timing = false;
  SpeedOutcome speed;
  const auto pass = [&](const LoopObserver& observer) {
    if (request.streams > 1) {
      speed.stream_of.clear();
      speed.loop = run_parallel_streams(context, lane, plan, observer, speed.stream_of);
    } else {
      speed.loop = run_timed_loop(*lane.session, context.clock, plan, context.stop, observer);
    }
  };
  if (telemetry.concurrent()) {
    plan.phase = core::Phase::baseline;
    pass({request.progress, {}, {}});
    telemetry.set_baseline(speed.loop.latency_ms);
    plan.phase = core::Phase::measuring;
  }
  ProcessCostMeter process;
  LoopObserver observer{request.progress,
                        [&] {
                          telemetry.before_timing();
                          process.start();
                          // The window other processes' runs are intersected with (inferbench launch / merge).
                          run.samples.timed_start_unix_s =
                              std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
                        },
                        [&] {
                          process.stop();
                          telemetry.after_timing(run);
                        }};
  observer.live = request.live;
  pass(observer);
  process.record(static_cast<std::int64_t>(speed.loop.latency_ms.size()) * run.config.batch, run);
  return speed;
}

void record_speed_pass(const BenchmarkRequest& request, SpeedOutcome speed, result::Run& run) {
  LoopOutcome& outcome = speed.loop;
  run.samples.latency_ms = std::move(outcome.latency_ms);
  run.samples.stream = std::move(speed.stream_of);
  run.samples.timed_wall_s = outcome.timed_wall_s;
  run.samples.warmup_iterations = outcome.warmup_done;
  run.samples.warmup_wall_s = outcome.warmup_wall_s;
  run.stopped_by = outcome.stopped_by;
  if (outcome.interrupted) {
    run.status = result::RunStatus::interrupted;
    run.warnings.push_back({result::WarningKind::interrupted,
                            {{"timed", static_cast<double>(run.samples.latency_ms.size())},
                             {"warmup", static_cast<double>(outcome.warmup_done)}},
                            {}});
  }
  if (outcome.stopped_by == "max_duration") {
    run.warnings.push_back({result::WarningKind::target_not_reached,
                            {{"max_duration_s", loop_plan_of(request).until_stable.value_or(StableTarget{}).max_duration_s}},
                            {}});
  }
}

}  // namespace ib::runner
