#pragma once
// From a run's telemetry to its summary and warnings, as pure functions: metric means/extremes from the
// telemetry pass's series; energy, power and the clock drop from the readings at the speed pass's edges;
// throttle reasons from both. Kept apart from the sampling so a stored result can be summarised again.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/result.hpp"
#include "telemetry/edge_reading.hpp"

namespace ib::telemetry {

/// A drop of the SM clock over the timed pass above this fraction warns (the scripts users come from warn
/// below 95 % too).
inline constexpr double kClockDropWarnFraction = 0.05;
/// A sample costing more than this fraction of the interval warns: the sampler is then busy most of the time.
inline constexpr double kSamplerOverheadWarnFraction = 0.1;

/// The readings just before and just after the speed pass; either may be absent (no GPU, no NVML).
struct PassEdges {
  std::optional<EdgeReading> before;
  std::optional<EdgeReading> after;
};

/// `telemetry`: the telemetry pass's series, or null without one. `inferences`: the speed pass's iterations x
/// batch. `pass_wall_s`: its wall time (Samples::timed_wall_s). Metric summaries cover finite values only and
/// leave out the cumulative energy counter and metrics with no finite value; energy needs both edges and a
/// counter that did not go backwards (driver reload); per-inference and power values need inferences > 0 and
/// a wall time > 0. Throttle reasons: every bit seen in the series or at the end of the speed pass, gpu_idle
/// excluded, lowest bit first.
[[nodiscard]] result::TelemetrySummary summarize_telemetry(const result::Telemetry* telemetry,
                                                           const PassEdges& edges, std::int64_t inferences,
                                                           double pass_wall_s);

/// The warnings (kinds and values; result/warning_text.hpp words them): SM clock dropped more than
/// kClockDropWarnFraction; clocks held back by throttle reasons; GPU queries that failed (from `telemetry`);
/// sampling costing more than kSamplerOverheadWarnFraction of the interval (from `telemetry`); edge readings
/// that failed (from `edges`).
[[nodiscard]] std::vector<result::Warning> telemetry_warnings(const result::TelemetrySummary& summary,
                                                              const result::Telemetry* telemetry = nullptr,
                                                              const PassEdges* edges = nullptr);

}  // namespace ib::telemetry
