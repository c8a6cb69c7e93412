#include "telemetry/telemetry_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "telemetry/clock_event_reasons.hpp"
#include "telemetry/metric_source.hpp"

namespace ib::telemetry {
namespace {

std::optional<result::MetricSummary> summarize_series(const result::MetricSeries& series) {
  result::MetricSummary summary;
  summary.name = series.name;
  summary.unit = series.unit;
  double total = 0;
  for (const double value : series.values) {
    if (!std::isfinite(value)) continue;
    summary.min = summary.count == 0 ? value : std::min(summary.min, value);
    summary.max = summary.count == 0 ? value : std::max(summary.max, value);
    total += value;
    ++summary.count;
  }
  if (summary.count == 0) return std::nullopt;
  summary.mean = total / static_cast<double>(summary.count);
  return summary;
}

}  // namespace

result::TelemetrySummary summarize_telemetry(const result::Telemetry* telemetry, const PassEdges& edges,
                                             std::int64_t inferences, double pass_wall_s) {
  result::TelemetrySummary summary;
  std::uint64_t reasons_seen = 0;
  if (telemetry != nullptr) {
    for (const result::MetricSeries& series : telemetry->series) {
      if (series.name == metric::kEnergy) continue;  // a counter: its mean says nothing
      if (auto metric_summary = summarize_series(series)) {
        if (series.name == metric::kPower) summary.peak_power_w = metric_summary->max;
        summary.metrics.push_back(std::move(*metric_summary));
      }
    }
    for (const std::uint64_t mask : telemetry->clock_event_reasons) reasons_seen |= mask;
  }

  const EdgeReading* before = edges.before ? &*edges.before : nullptr;
  const EdgeReading* after = edges.after ? &*edges.after : nullptr;
  if (before != nullptr && after != nullptr && before->energy_j && after->energy_j &&
      *after->energy_j >= *before->energy_j) {
    const double energy = *after->energy_j - *before->energy_j;
    summary.energy_j = energy;
    if (inferences > 0) summary.energy_per_inference_j = energy / static_cast<double>(inferences);
    if (pass_wall_s > 0) summary.mean_power_w = energy / pass_wall_s;
  }
  if (before != nullptr) summary.sm_clock_before_mhz = before->sm_clock_mhz;
  if (after != nullptr) summary.sm_clock_after_mhz = after->sm_clock_mhz;
  if (summary.sm_clock_before_mhz && summary.sm_clock_after_mhz && *summary.sm_clock_before_mhz > 0) {
    summary.clock_drop_fraction =
        (*summary.sm_clock_before_mhz - *summary.sm_clock_after_mhz) / *summary.sm_clock_before_mhz;
  }
  if (after != nullptr && after->clock_event_reasons) reasons_seen |= *after->clock_event_reasons;
  summary.throttle_reasons = decode_clock_event_reasons(reasons_seen & ~kGpuIdleReason);
  return summary;
}

std::vector<result::Warning> telemetry_warnings(const result::TelemetrySummary& summary,
                                                const result::Telemetry* telemetry, const PassEdges* edges) {
  using K = result::WarningKind;
  std::vector<result::Warning> warnings;
  if (summary.clock_drop_fraction && *summary.clock_drop_fraction > kClockDropWarnFraction) {
    warnings.push_back({K::clock_drop,
                        {{"fraction", *summary.clock_drop_fraction},
                         {"before_mhz", *summary.sm_clock_before_mhz},
                         {"after_mhz", *summary.sm_clock_after_mhz}},
                        {}});
  }
  if (!summary.throttle_reasons.empty()) {
    // Each reason with what it means: the hints belong to the NVML reason table kept here.
    std::string reasons;
    for (const std::string& name : summary.throttle_reasons) {
      if (!reasons.empty()) reasons += "; ";
      const std::string_view hint = clock_event_reason_hint(name);
      reasons += hint.empty() ? name : fmt::format("{}: {}", name, hint);
    }
    warnings.push_back({K::clocks_held, {}, {{"reasons", reasons}}});
  }
  if (telemetry != nullptr && telemetry->failed_queries > 0) {
    result::Warning failed{K::telemetry_queries_failed,
                           {{"failed", static_cast<double>(telemetry->failed_queries)},
                            {"messages", static_cast<double>(telemetry->errors.size())}},
                           {}};
    if (!telemetry->errors.empty()) failed.texts["first_error"] = telemetry->errors.front();
    warnings.push_back(std::move(failed));
  }
  if (telemetry != nullptr && telemetry->interval_s > 0 &&
      telemetry->sample_cost_mean_ms > kSamplerOverheadWarnFraction * telemetry->interval_s * 1000.0) {
    warnings.push_back(
        {K::sampler_overhead,
         {{"sample_cost_ms", telemetry->sample_cost_mean_ms}, {"interval_s", telemetry->interval_s}},
         {}});
  }
  if (edges != nullptr) {
    const auto warn_failed_reads = [&warnings](const std::optional<EdgeReading>& reading, const char* edge) {
      if (!reading) return;
      for (const std::string& error : reading->errors)
        warnings.push_back({K::edge_read_failed, {}, {{"edge", edge}, {"error", error}}});
    };
    warn_failed_reads(edges->before, "start");
    warn_failed_reads(edges->after, "end");
  }
  return warnings;
}

}  // namespace ib::telemetry
