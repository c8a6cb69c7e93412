#include "runner/benchmark.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/errors.hpp"
#include "runner/inference_session.hpp"

namespace ib::runner {
namespace {

// Above this coefficient of variation a single run's percentiles move noticeably between runs.
constexpr double kNoisyCv = 0.10;

// The usual rule: percentile p says something about the tail only with n >= 100 / (100 - p) samples, i.e. when
// at least one sample is expected above it (p99: 100, p99.9: 1000).
std::size_t samples_needed_for(double p) {
  if (p >= 100.0) return 1;
  return static_cast<std::size_t>(std::ceil(100.0 / (100.0 - p) - 1e-9));
}

result::RunConfig make_config(const BenchmarkRequest& request, const std::vector<core::TensorSpec>& inputs) {
  result::RunConfig config;
  config.warmup = request.loop.warmup;
  config.iterations = request.loop.iterations;
  config.dtype = std::string(core::dtype_name(request.load.dtype));
  config.batch = !inputs.empty() && !inputs.front().shape.empty() ? inputs.front().shape.front() : 1;
  for (const auto& spec : inputs) config.shapes.push_back({spec.name, spec.shape});
  config.percentiles = request.percentiles;
  return config;
}

}  // namespace

result::Run benchmark_model(const BenchmarkRequest& request, Platform& platform, core::Clock& clock,
                            const std::atomic<bool>* stop) {
  if (request.backend == nullptr) throw core::InputError("no backend chosen for " + request.name);
  result::Run run;
  run.name = request.name;
  run.backend = request.backend->name;
  run.device = core::device_to_string(platform.device());
  run.model = request.model;

  const auto backend = request.backend->create(request.load);
  InferenceSession session(*backend, platform);
  run.model.inputs = session.input_specs();
  run.model.outputs = session.output_specs();
  run.config = make_config(request, session.input_specs());

  LoopOutcome outcome;
  try {
    outcome = run_timed_loop(session, clock, request.loop, stop);
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw core::RunError(fmt::format("{}: inference failed: {}", request.name, e.what()));
  }
  run.samples.latency_ms = std::move(outcome.latency_ms);
  run.samples.timed_wall_s = outcome.timed_wall_s;
  if (outcome.interrupted) {
    run.status = result::RunStatus::interrupted;
    run.warnings.push_back(fmt::format("interrupted after {} of {} timed iterations ({} of {} warm-up)",
                                       run.samples.latency_ms.size(), request.loop.iterations,
                                       outcome.warmup_done, request.loop.warmup));
  }
  summarize_run(run);
  return run;
}

void summarize_run(result::Run& run) {
  const auto& latency = run.samples.latency_ms;
  if (latency.empty()) {
    run.latency.reset();
    run.throughput.reset();
    return;
  }
  run.latency = stats::summarize(latency, run.config.percentiles);
  const auto batch = static_cast<double>(run.config.batch);
  result::Throughput throughput;
  throughput.fps = run.latency->mean > 0 ? batch * 1000.0 / run.latency->mean : 0.0;
  throughput.inferences_per_s =
      run.samples.timed_wall_s > 0 ? static_cast<double>(latency.size()) * batch / run.samples.timed_wall_s : 0.0;
  run.throughput = throughput;

  if (!run.config.percentiles.empty()) {
    const double highest = *std::max_element(run.config.percentiles.begin(), run.config.percentiles.end());
    const std::size_t needed = samples_needed_for(highest);
    if (latency.size() < needed) {
      run.warnings.push_back(fmt::format("only {} samples: {} needs at least {} to say anything about the tail; "
                                         "raise --iterations",
                                         latency.size(), stats::percentile_key(highest), needed));
    }
  }
  if (run.latency->cv > kNoisyCv) {
    run.warnings.push_back(fmt::format("latency varies a lot (CV {:.1f}%): other load on the machine, clock changes "
                                       "or data-dependent work; compare medians, and raise --warmup",
                                       run.latency->cv * 100.0));
  }
}

}  // namespace ib::runner
