#pragma once
// The bytes of every file the trtexec subcommands write, from parsed artefacts: JSON objects (non-finite
// numbers become null, never a bare NaN), CSV text (numbers in their shortest round-trip form, an empty cell
// for a missing or non-finite value) and Markdown. No filesystem here.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inferbench/result.hpp"
#include "trtexec/log.hpp"
#include "trtexec/profile.hpp"
#include "trtexec/times.hpp"

namespace ib::trtexec {

/// Everything summary.json says about a times file.
struct TimesReport {
  std::string source;  ///< the times file, as given
  std::string layout;  ///< Times::layout
  TimesSummary summary;
  std::optional<double> warmup_ms;  ///< when warm-up records were dropped by trtexec's rule
  std::optional<std::size_t> warmup_records_dropped;
  std::vector<result::Warning> warnings;
  std::optional<nlohmann::ordered_json> engine;      ///< engine_metadata.json, embedded
  std::optional<nlohmann::ordered_json> run_config;  ///< run_config.json, embedded
};

/// {min, max, mean, median, std, p90, p95, p99} of one series.
[[nodiscard]] nlohmann::ordered_json stats_json(const stats::Summary& summary);

/// summary.json: source, layout, records, batch, span_ms, throughput_qps, throughput_ips, one stats object
/// per series (latency_ms, gpu_compute_ms, enqueue_ms, h2d_ms, d2h_ms, end_to_end_ms), method, warnings,
/// engine, run_config.
[[nodiscard]] nlohmann::ordered_json summary_json(const TimesReport& report);

/// summary.csv: one header row and one value row, the numbers of summary.json with dotted column names
/// (records, batch, span_ms, throughput_qps, throughput_ips, latency_ms.min, ..., d2h_ms.p99).
[[nodiscard]] std::string summary_csv(const TimesReport& report);

/// latency_series.csv: index, start_ms and end_ms (with timestamps), then one column per series, one row per
/// record.
[[nodiscard]] std::string latency_series_csv(const Times& times);

/// The percentiles latency_percentiles.csv lists: 0, 1, 5, 10, 25, 50, 75, 90, 95, 97, 99, 99.5, 99.9, 100.
[[nodiscard]] std::vector<double> table_percentiles();

/// latency_percentiles.csv: percentile, then one column per series (numpy-linear).
[[nodiscard]] std::string latency_percentiles_csv(const Times& times);

/// profile_summary.json: {"layers": N, "iterations": N or null, "total_average_ms": x, "top": [{"name",
/// "average_ms", "percentage"}...] (the top_k largest), "notes": [...]}.
[[nodiscard]] nlohmann::ordered_json profile_summary_json(const Profile& profile, std::size_t top_k);

/// parse-log's JSON: format, tensorrt_version, status, queries, warmup_queries, throughput_qps, one object
/// per printed series ({min, max, mean, median, p90, ...} as printed), total_host_walltime_s,
/// total_gpu_compute_time_s, gpu_compute_cv_percent, percentile_method, warnings, errors.
[[nodiscard]] nlohmann::ordered_json log_summary_json(const LogSummary& log);

/// parse-log's table for the terminal.
[[nodiscard]] std::string log_table(const LogSummary& log);

/// JSON text of `value`, 2-space indented, with a trailing newline; invalid UTF-8 (a log line) becomes
/// U+FFFD.
[[nodiscard]] std::string to_json_text(const nlohmann::ordered_json& value);

}  // namespace ib::trtexec
