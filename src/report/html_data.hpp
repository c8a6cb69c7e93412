#pragma once
// The data block of report.html (<script type="application/json" id="ib-data">): what its charts draw,
// computed here from the result model so the page's script only draws. Layout: {"runs": [{label, model,
// backend, precision, batch, streams, median_ms, median_fps, latency, percentiles, telemetry}]}; see
// html_page.js for its use and docs/reports.md for what each chart shows.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inferbench/result.hpp"

namespace ib::report {

/// A run as the page names it ("base: depth" in a comparison).
struct LabelledRun {
  std::string label;
  const result::Run* run = nullptr;
};

/// More samples than this are drawn as buckets of consecutive samples, each shown by its slowest one (the
/// tail stays visible); the data block says the bucket size.
inline constexpr std::size_t kMaxTimelinePoints = 20000;

/// Latency over the pass's time: t (s from the pass's start: each sample's cumulative latency, scaled so the
/// last ends at the pass's wall time, which makes several streams' samples fit the pass) and ms; bucket = 1,
/// or the samples each point stands for. Null without samples.
[[nodiscard]] nlohmann::json latency_timeline(const result::Run& run);

/// The percentile curve (linear interpolation) at p = 0, 5, ..., 90, 91, ..., 99, 99.5, 99.9, 99.99 (those
/// the sample count supports) with 95% order-statistic intervals (null where too few samples): {p, ms, lo,
/// hi}. Null without samples.
[[nodiscard]] nlohmann::json percentile_curve(const result::Run& run);

/// The whole data block.
[[nodiscard]] nlohmann::json html_chart_data(const std::vector<LabelledRun>& runs);

}  // namespace ib::report
