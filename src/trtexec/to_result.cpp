#include "trtexec/to_result.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/run_stats.hpp"
#include "stats/summary.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
result::Result to_result(const Times& times, const ResultInputs& inputs) {
  if (times.latency_ms.empty()) {
    throw ParseError("has no latency per inference (latencyMs, or H2D, compute and D2H times) to report");
  }
  result::Result out;
  out.environment = inputs.environment;
  out.environment.backends = {{"trtexec", inputs.tensorrt_version.value_or("unknown")}};

  result::Run run;
  run.name = inputs.name;
  run.backend = "trtexec";
  run.device = "cuda:0";
  run.model = inputs.model;
  run.config.warmup = 0;
  run.config.iterations = static_cast<std::int64_t>(times.latency_ms.size());
  run.config.batch = inputs.batch;
  run.config.dtype = "engine";  // the precisions are the engine's, fixed when it was built
  run.config.shapes = inputs.shapes;
  run.config.percentiles = stats::default_percentiles();
  run.config.warmup_ms = inputs.warmup_ms;
  run.config.duration_s = inputs.duration_s;
  run.config.cuda_graph = inputs.cuda_graph;
  const auto any_positive = [](const std::vector<double>& values) {
    return std::any_of(values.begin(), values.end(), [](double v) { return v > 0; });
  };
  run.config.transfers = any_positive(times.h2d_ms) || any_positive(times.d2h_ms);
  if (inputs.timing) {
    run.config.cuda_graph = inputs.timing->cuda_graph;
    run.config.sync = inputs.timing->spin_wait ? "spin" : "block";
    run.config.transfers = inputs.timing->data_transfers;
  }

  result::Samples& samples = run.samples;
  samples.latency_ms = times.latency_ms;
  const bool stages = !times.enqueue_ms.empty() || !times.h2d_ms.empty() || !times.gpu_compute_ms.empty() ||
                      !times.d2h_ms.empty();
  if (stages) samples.breakdown_latency_ms = times.latency_ms;
  samples.enqueue_ms = times.enqueue_ms;
  samples.h2d_ms = times.h2d_ms;
  samples.compute_ms = times.gpu_compute_ms;
  samples.d2h_ms = times.d2h_ms;
  double span_ms = std::numeric_limits<double>::quiet_NaN();
  if (!times.start_ms.empty()) {
    span_ms = *std::max_element(times.end_ms.begin(), times.end_ms.end()) -
              *std::min_element(times.start_ms.begin(), times.start_ms.end());
  }
  samples.timed_wall_s = span_ms / 1000.0;
  run.stopped_by = inputs.duration_s.value_or(0) > 0 ? "duration" : "iterations";  // --duration=0: no time floor

  stats::store_run_stats(run);
  // trtexec's records may lack start/end times: no wall time then, and no throughput from it (not 0).
  if (!(samples.timed_wall_s > 0))
    run.throughput->inferences_per_s = std::numeric_limits<double>::quiet_NaN();

  result::Warning definition{result::WarningKind::trtexec_latency_definition, {}, {}};
  if (inputs.timing) definition.texts["meaning"] = latency_meaning(*inputs.timing, inputs.tensorrt_version);
  run.warnings.push_back(std::move(definition));
  if (!samples.enqueue_ms.empty() && !samples.compute_ms.empty() && run.stages.front().name == "enqueue_ms") {
    const double enqueue = run.stages.front().summary.median;
    const double compute = stats::summarize(samples.compute_ms, {}).median;
    if (enqueue > 0.8 * compute) {
      run.warnings.push_back(
          {result::WarningKind::trtexec_host_bound, {{"enqueue_ms", enqueue}, {"compute_ms", compute}}, {}});
    }
  }
  if (auto cv = stats::high_cv_warning(*run.latency)) run.warnings.push_back(*std::move(cv));
  run.warnings.insert(run.warnings.end(), inputs.warnings.begin(), inputs.warnings.end());
  out.runs.push_back(std::move(run));
  return out;
}

}  // namespace ib::trtexec
