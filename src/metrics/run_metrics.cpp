#include "metrics/run_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>

#include "inferbench/dtype.hpp"
#include "report/run_stats.hpp"
#include "stats/summary.hpp"

namespace ib::metrics {
namespace {

// What both sources have in common.
struct RunFigures {
  std::vector<Label> labels;
  std::vector<double> latency_ms;  ///< finite samples
  std::vector<double> percentiles;
  std::int64_t batch = 1;
  bool running = false;
  std::optional<double> inferences_per_s;
  std::optional<double> gpu_utilization_ratio;
  std::optional<double> power_w;
  std::optional<double> energy_per_inference_j;
  std::optional<bool> throttled;
};

std::string quantile_text(double percentile) {
  // 99.9 -> "0.999": the shortest text of the fraction.
  std::string text = std::to_string(percentile / 100.0);
  while (text.size() > 1 && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text += '0';
  return text;
}

Family family(std::string name, MetricType type, std::string unit, std::string help) {
  return Family{std::move(name), type, std::move(unit), std::move(help), {}};
}

// Like a client library's summary: quantiles NaN, _sum and _count 0 before the first observation.
Family latency_family(const RunFigures& f) {
  Family latency = family("inferbench_latency_seconds", MetricType::summary, "seconds",
                          "Wall latency of one inference round trip (quantiles: linear interpolation)");
  std::vector<double> sorted = f.latency_ms;
  std::sort(sorted.begin(), sorted.end());
  for (const double p : f.percentiles) {
    std::vector<Label> labels = f.labels;
    labels.push_back({"quantile", quantile_text(p)});
    const double value = sorted.empty() ? NAN : stats::percentile_linear_sorted(sorted, p) / 1000.0;
    latency.samples.push_back({"", std::move(labels), value});
  }
  const double sum_s = std::accumulate(sorted.begin(), sorted.end(), 0.0) / 1000.0;
  latency.samples.push_back({"_sum", f.labels, sum_s});
  latency.samples.push_back({"_count", f.labels, static_cast<double>(sorted.size())});
  return latency;
}

void add_gauge(std::vector<Family>& out, Family f, const std::vector<Label>& labels,
               std::optional<double> value) {
  if (!value) return;
  f.samples.push_back({"", labels, *value});
  out.push_back(std::move(f));
}

std::vector<Family> families(const RunFigures& f) {
  std::vector<Family> out;
  out.push_back(latency_family(f));
  Family inferences =
      family("inferbench_inferences", MetricType::counter, "", "Inferences timed (samples x batch)");
  inferences.samples.push_back(
      {"_total", f.labels, static_cast<double>(f.latency_ms.size() * static_cast<std::size_t>(f.batch))});
  out.push_back(std::move(inferences));
  add_gauge(out,
            family("inferbench_throughput_inferences_per_second", MetricType::gauge, "",
                   "Inferences per second over the timed pass's wall time"),
            f.labels, f.inferences_per_s);
  add_gauge(out,
            family("inferbench_gpu_utilization_ratio", MetricType::gauge, "ratio",
                   "Mean GPU utilisation (NVML: share of time a kernel ran), 0..1"),
            f.labels, f.gpu_utilization_ratio);
  add_gauge(
      out,
      family("inferbench_gpu_power_watts", MetricType::gauge, "watts", "Mean GPU power over the speed pass"),
      f.labels, f.power_w);
  add_gauge(out,
            family("inferbench_energy_per_inference_joules", MetricType::gauge, "joules",
                   "GPU energy per inference over the speed pass"),
            f.labels, f.energy_per_inference_j);
  add_gauge(out,
            family("inferbench_gpu_throttled", MetricType::gauge, "",
                   "1 when the GPU's clocks were held back (power, thermal, ...) during the run"),
            f.labels, f.throttled ? std::optional<double>(*f.throttled ? 1.0 : 0.0) : std::nullopt);
  add_gauge(out,
            family("inferbench_run_in_progress", MetricType::gauge, "",
                   "1 while the run's speed pass is under way"),
            f.labels, f.running ? 1.0 : 0.0);
  return out;
}

std::vector<Label> labels(const std::string& run, const std::string& model, const std::string& backend,
                          const std::string& precision, const std::string& device) {
  return {{"run", run}, {"model", model}, {"backend", backend}, {"precision", precision}, {"device", device}};
}

}  // namespace

std::vector<Family> finished_run_families(const result::Run& run) {
  RunFigures f;
  f.labels = labels(run.name, run.model.path, run.backend, run.config.dtype, run.device);
  f.latency_ms = report::finite_latencies(run);
  f.percentiles = run.config.percentiles.empty() ? stats::default_percentiles() : run.config.percentiles;
  f.batch = std::max<std::int64_t>(run.config.batch, 1);
  if (run.throughput) f.inferences_per_s = run.throughput->inferences_per_s;
  if (const auto* util = report::find_metric(run, "gpu_util"); util != nullptr && util->count > 0)
    f.gpu_utilization_ratio = util->mean / 100.0;
  if (run.telemetry_summary) {
    f.power_w = run.telemetry_summary->mean_power_w;
    f.energy_per_inference_j = run.telemetry_summary->energy_per_inference_j;
    f.throttled = !run.telemetry_summary->throttle_reasons.empty();
  }
  return families(f);
}

std::vector<Family> running_families(const RunSpec& spec, const std::string& device,
                                     const std::vector<double>& latency_ms) {
  RunFigures f;
  // As the result names the model (engine/prepare.cpp, model_identity).
  std::string model = spec.model.builtin.empty() ? spec.model.path.string() : spec.model.builtin;
  if (spec.model.builtin == "demo") model = "builtin:demo";
  f.labels = labels(spec.name, model, spec.backend, std::string(core::dtype_name(spec.dtype)), device);
  for (const double v : latency_ms) {
    if (std::isfinite(v)) f.latency_ms.push_back(v);
  }
  f.percentiles = spec.percentiles;
  f.running = true;
  return families(f);
}

}  // namespace ib::metrics
