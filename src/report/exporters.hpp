#pragma once
// Exporters turn a result into the bytes of one file each, from the result model alone (hyperfine's
// exporters): summary.csv (one row per run), samples.csv (every raw sample) and summary.md (the Markdown
// table users paste into a README or a pull request). They never measure, never touch the disk, and never
// write NaN: a value that is absent or not finite is an empty CSV cell or "-" in Markdown. Definitions: Mean
// FPS = batch * 1000 / mean latency, Median FPS = batch * 1000 / median latency (ms); percentiles
// numpy-linear; std population; every number from run_stats.hpp's one derivation of the samples.
#include <memory>
#include <string>
#include <vector>

#include "inferbench/report.hpp"
#include "inferbench/result.hpp"

namespace ib::report {

/// summary.csv: one row per run. Columns: identity (name, backend, device, status, precision, batch,
/// streams), latency (count, stats_from: "samples", or "stored" for a run without samples; mean_ms, std_ms,
/// cv, min_ms, max_ms, median_ms, then p<P>_ms for the union of the runs' configured percentiles), mean_fps,
/// median_fps, inferences_per_s, timed_wall_s, stopped_by, then telemetry, process cost and quality columns
/// (empty where the run has none), and error. RFC 4180 quoting.
[[nodiscard]] std::string summary_csv(const result::Result& result);

/// samples.csv, tidy: run, pass ("speed" or "breakdown"), iteration (0-based within the pass), latency_ms,
/// enqueue_ms, h2d_ms, compute_ms, d2h_ms (breakdown rows only), stream (speed rows of multi-stream runs).
[[nodiscard]] std::string samples_csv(const result::Result& result);

/// summary.md: the table Model | Backend | Precision | Median FPS | Mean FPS | Median latency (ms) | Mean
/// latency (ms) | p99 (ms) | std (ms), the definitions used, then tables for telemetry, process cost, output
/// agreement and depth metrics where runs have them, warnings and errors, and links to `figures` (file names
/// in the same folder) when given.
[[nodiscard]] std::string summary_markdown(const result::Result& result,
                                           const std::vector<std::string>& figures = {});

/// The three exporters above, in that order; the Markdown one links `figures`.
[[nodiscard]] std::vector<std::unique_ptr<Exporter>> standard_exporters(
    std::vector<std::string> figures = {});

}  // namespace ib::report
