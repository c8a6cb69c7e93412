#include "runner/benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "runner/breakdown_pass.hpp"
#include "runner/device_memory.hpp"
#include "runner/latency_intervals.hpp"
#include "runner/pass_context.hpp"
#include "runner/request_check.hpp"
#include "runner/speed_pass.hpp"
#include "runner/startup.hpp"
#include "runner/telemetry_pass.hpp"
#include "stats/quantile_ci.hpp"
#include "stats/summary.hpp"

namespace ib::runner {
namespace {

// Above this coefficient of variation a single run's percentiles move noticeably between runs.
constexpr double kNoisyCv = 0.10;
// The host is the bottleneck when issuing the work takes about as long as the device needs to run it.
constexpr double kHostBoundRatio = 0.8;

// The usual rule: percentile p says something about the tail only with n >= 100 / (100 - p) samples, i.e.
// when at least one sample is expected above it (p99: 100, p99.9: 1000).
std::size_t samples_needed_for(double p) {
  if (p >= 100.0) return 1;
  return static_cast<std::size_t>(std::ceil(100.0 / (100.0 - p) - 1e-9));
}

double mean_of(const std::vector<double>& values) {
  return values.empty()
             ? 0.0
             : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

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
  const std::vector<std::string> output_warnings = nonfinite_output_warnings(session);
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
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw core::RunError(fmt::format("{}: inference failed: {}", request.name, e.what()));
  }
  account_device_memory(platform, memory, run);
  record_speed_pass(request, std::move(speed), run);
  summarize_run(run);
  return run;
}

void summarize_run(result::Run& run) {
  const auto& latency = run.samples.latency_ms;
  run.latency_intervals.clear();
  run.stages.clear();
  run.breakdown.reset();
  if (latency.empty()) {
    run.latency.reset();
    run.throughput.reset();
    return;
  }
  run.latency = stats::summarize(latency, run.config.percentiles);
  std::vector<double> sorted = latency;
  std::sort(sorted.begin(), sorted.end());
  for (const double p : kIntervalPercentiles) {
    const stats::QuantileInterval ci = stats::quantile_ci(sorted, p, kIntervalConfidence);
    run.latency_intervals.push_back({p, kIntervalConfidence, ci.available, ci.lower, ci.upper});
  }
  const std::pair<const char*, const std::vector<double>*> stages[] = {
      {"enqueue_ms", &run.samples.enqueue_ms},
      {"h2d_ms", &run.samples.h2d_ms},
      {"compute_ms", &run.samples.compute_ms},
      {"d2h_ms", &run.samples.d2h_ms}};
  for (const auto& [name, series] : stages) {
    if (!series->empty()) run.stages.push_back({name, stats::summarize(*series, run.config.percentiles)});
  }
  if (!run.samples.compute_ms.empty()) {
    result::Breakdown breakdown;
    breakdown.stages_mean_ms =
        mean_of(run.samples.h2d_ms) + mean_of(run.samples.compute_ms) + mean_of(run.samples.d2h_ms);
    breakdown.latency_mean_ms = mean_of(run.samples.breakdown_latency_ms);
    breakdown.gap_ms = breakdown.latency_mean_ms - breakdown.stages_mean_ms;
    breakdown.gap_fraction =
        breakdown.latency_mean_ms > 0 ? breakdown.gap_ms / breakdown.latency_mean_ms : 0.0;
    breakdown.event_cost_ms = breakdown.latency_mean_ms - run.latency->mean;
    run.breakdown = breakdown;
  }

  const auto batch = static_cast<double>(run.config.batch);
  result::Throughput throughput;
  throughput.fps = run.latency->mean > 0 ? batch * 1000.0 / run.latency->mean : 0.0;
  throughput.inferences_per_s = run.samples.timed_wall_s > 0
                                    ? static_cast<double>(latency.size()) * batch / run.samples.timed_wall_s
                                    : 0.0;
  run.throughput = throughput;

  if (!run.config.percentiles.empty()) {
    const double highest = *std::max_element(run.config.percentiles.begin(), run.config.percentiles.end());
    const std::size_t needed = samples_needed_for(highest);
    if (latency.size() < needed) {
      run.warnings.push_back(
          fmt::format("only {} samples: {} needs at least {} to say anything about the tail; "
                      "raise --iterations",
                      latency.size(), stats::percentile_key(highest), needed));
    }
  }
  if (run.latency->cv > kNoisyCv) {
    run.warnings.push_back(
        fmt::format("latency varies a lot (CV {:.1f}%): other load on the machine, clock changes "
                    "or data-dependent work; compare medians, and raise --warmup",
                    run.latency->cv * 100.0));
  }
  if (!run.samples.compute_ms.empty()) {
    const double enqueue = mean_of(run.samples.enqueue_ms);
    const double compute = mean_of(run.samples.compute_ms);
    if (compute > 0 && enqueue >= kHostBoundRatio * compute) {
      run.warnings.push_back(
          fmt::format("host-bound: issuing the work takes {:.3f} ms of the {:.3f} ms the device "
                      "spends on it, so the GPU waits for the CPU; try --cuda-graph",
                      enqueue, compute));
    }
  }
}

}  // namespace ib::runner
