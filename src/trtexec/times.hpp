#pragma once
// The per-inference timing trace trtexec writes with --exportTimes, read from text into one series per stage,
// in milliseconds (trtexec writes milliseconds in every version; nothing here guesses units from magnitudes).
//
// Layouts (docs/trtexec.md):
//   TensorRT 8.0+   startEnqMs endEnqMs startH2dMs endH2dMs startComputeMs endComputeMs startD2hMs endD2hMs
//                   h2dMs computeMs d2hMs latencyMs [endToEndMs up to 8.3]
//   TensorRT 7.1/7.2  the H2D event times under startEnqMs/endEnqMs and the enqueue times under
//                   startInMs/endInMs (labels swapped), startOutMs/endOutMs, inMs computeMs outMs latencyMs
//                   endToEndMs
//   TensorRT 7.0    startInMs/endInMs (H2D), startComputeMs/endComputeMs, startOutMs/endOutMs, inMs computeMs
//                   outMs latencyMs endToEndMs; no enqueue times
// An explicit enqueueMs (written by other tools, never by trtexec) is taken when present. The list may be
// wrapped: an array of arrays (one per stream) is read in order, and an object whose only array member holds
// the records is unwrapped.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stats/summary.hpp"

namespace ib::trtexec {

struct Times {
  std::string layout;  ///< "TensorRT 8.0+", "TensorRT 7.1/7.2", "TensorRT 7.0" or "durations only"
  /// One value per record, or empty when the file does not have that stage.
  std::vector<double> latency_ms;      ///< trtexec's Latency: H2D + GPU compute + D2H
  std::vector<double> gpu_compute_ms;  ///< computeMs (or endComputeMs - startComputeMs)
  std::vector<double> enqueue_ms;      ///< host time in enqueue: endEnqMs - startEnqMs (7.1/7.2: the In keys)
  std::vector<double> h2d_ms;
  std::vector<double> d2h_ms;
  std::vector<double> end_to_end_ms;  ///< endToEndMs (TensorRT up to 8.3; it includes queueing)
  /// Earliest start and latest end timestamp of each record (empty without timestamps), for the wall span.
  std::vector<double> start_ms;
  std::vector<double> end_ms;
  std::vector<double>
      compute_start_ms;            ///< startComputeMs (empty when absent): trtexec's warm-up rule uses it
  std::vector<std::string> notes;  ///< what the reader had to tolerate, for the summary's warnings
  [[nodiscard]] std::size_t records() const;
  bool operator==(const Times&) const = default;
};

/// One named series of a Times, in the order summaries list them.
struct NamedSeries {
  std::string name;  ///< "latency_ms", "gpu_compute_ms", "enqueue_ms", "h2d_ms", "d2h_ms", "end_to_end_ms"
  const std::vector<double>* values = nullptr;
};

/// The series present (non-empty), latency first.
[[nodiscard]] std::vector<NamedSeries> present_series(const Times& times);

/// Parses the text of a times file. Throws ParseError naming the record and key at fault: not JSON, no
/// records, a record that is not an object, a value that is not a finite number, a negative duration, an end
/// before its start, or a record lacking a stage that the first record has.
[[nodiscard]] Times parse_times(std::string_view text);

/// trtexec's own warm-up rule: a record is warm-up when its compute started before `warmup_ms` (timestamps
/// count from the start of the warm-up). TensorRT up to 8.4 exports the warm-up records and 8.5+ does not,
/// so applying the rule to an 8.5+ file removes nothing. Returns how many records were removed; throws
/// ParseError when the file has no startComputeMs.
std::size_t drop_warmup(Times& times, double warmup_ms);

/// The percentiles each series' summary object carries: p90, p95, p99 (median is its own key).
[[nodiscard]] std::vector<double> summary_percentiles();

struct SeriesSummary {
  std::string name;
  stats::Summary summary;  ///< percentiles: summary_percentiles()
  bool operator==(const SeriesSummary&) const = default;
};

struct TimesSummary {
  std::size_t records = 0;
  std::int64_t batch = 1;
  std::optional<double> span_ms;         ///< last end - first start, when the file has timestamps
  std::optional<double> throughput_qps;  ///< records / span, when the span is positive
  std::optional<double> throughput_ips;  ///< throughput_qps * batch
  std::vector<SeriesSummary> series;     ///< present_series order
  bool operator==(const TimesSummary&) const = default;
};

/// Statistics of every series (numpy-linear percentiles, population std) and the throughput. `batch` >= 1.
[[nodiscard]] TimesSummary summarize_times(const Times& times, std::int64_t batch);

}  // namespace ib::trtexec
