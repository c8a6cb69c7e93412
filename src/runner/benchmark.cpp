#include "runner/benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "runner/breakdown_pass.hpp"
#include "runner/device_memory.hpp"
#include "runner/layer_profile_pass.hpp"
#include "runner/pass_context.hpp"
#include "runner/request_check.hpp"
#include "runner/speed_pass.hpp"
#include "runner/startup.hpp"
#include "runner/telemetry_pass.hpp"
#include "stats/run_stats.hpp"
#include "stats/summary.hpp"

namespace ib::runner {
namespace {

// What the result says before anything has run.
result::Run begin_run(const BenchmarkRequest& request, const Platform& platform) {
  result::Run run;
  run.name = request.name;
  run.backend = request.backend->name;
  run.device = core::device_to_string(platform.device());
  run.model = request.model;
  run.config = make_run_config(request, {});
  return run;
}

// After the timed passes, on the first stream: the outputs of the last timed round trip, read once (NaN or
// Inf there is worth a warning whether or not anything else reads them, and never costs the run its
// timing), then the quality pass, last: it may feed other inputs (dataset images) through the session.
void check_outputs(const PassContext& context, InferenceSession& session, const LoopOutcome& speed,
                   result::Run& run, std::vector<double>* compared) {
  const auto output_warnings = nonfinite_output_warnings(session);
  run.warnings.insert(run.warnings.end(), output_warnings.begin(), output_warnings.end());
  if (!context.request.quality || speed.interrupted || context.stop_requested()) return;
  context.begin_phase(core::Phase::quality);
  QualityOutcome quality = run_quality_pass(session, *context.request.quality);
  run.quality = std::move(quality.quality);
  run.warnings.insert(run.warnings.end(), quality.warnings.begin(), quality.warnings.end());
  if (compared != nullptr) *compared = std::move(quality.values);
}

}  // namespace

result::Run benchmark_model(const BenchmarkRequest& request, Platform& platform, core::Clock& clock,
                            const std::atomic<bool>* stop, std::vector<double>* compared) {
  validate(request);
  const PassContext context{request, platform, clock, stop};
  result::Run run = begin_run(request, platform);
  Lane lane;
  MemoryReadings memory;
  if (!load_and_prepare(context, lane, memory, run)) return run;
  SpeedOutcome speed;
  try {
    if (!first_inferences(context, *lane.session, run)) return run;
    TelemetryPass telemetry(context);
    speed = run_speed_pass(context, lane, telemetry, run);
    run_breakdown_pass(context, *lane.session, speed.loop, run);
    telemetry.finish(*lane.session, speed.loop, run);
    check_outputs(context, *lane.session, speed.loop, run, compared);
    run_layer_profile_pass(context, *lane.backend, *lane.session, speed.loop, run);
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw core::RunError(fmt::format("{}: inference failed: {}", request.name, e.what()));
  }
  account_device_memory(platform, *request.backend, memory, run);
  record_speed_pass(request, std::move(speed), run);
  stats::summarize_run(run);
  return run;
}

}  // namespace ib::runner
