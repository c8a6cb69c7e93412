#pragma once
// The numbers trtexec prints in its log, read from text. TensorRT 8.0+ (and 9.x, 10.x, 11.x) print
//   === Performance summary ===
//   Throughput: 1234.5 qps
//   Latency: min = 0.8 ms, max = 1.2 ms, mean = 0.9 ms, median = 0.9 ms, percentile(90%) = 1 ms, ...
//   [End-to-End Host Latency: ... (8.0 - 8.3)]
//   Enqueue Time / H2D Latency / GPU Compute Time / D2H Latency: ...
//   Total Host Walltime: 3.0 s
//   Total GPU Compute Time: 2.9 s
// (one percentile up to 8.4, the --percentile list from 8.5), each line behind "[date-time] [I] ". TensorRT 7
// printed blocks instead: "Host Latency" / "Enqueue Time" / "GPU Compute", then "min: 1 ms (end to end 2 ms)"
// lines, "throughput: N qps", "walltime: N s", "total compute time: N s". Both are read; keys are named like
// the summary of a times file (latency_ms, gpu_compute_ms, ...). trtexec's percentiles are nearest-rank, its
// statistics are over float values printed with 6 significant digits: they are reported as printed, not
// recomputed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stats/summary.hpp"

namespace ib::trtexec {

struct LogStat {
  std::optional<double> min;
  std::optional<double> max;
  std::optional<double> mean;
  std::optional<double> median;
  std::vector<stats::Percentile> percentiles;  ///< as printed: percentile(99%) -> {99, value}
  bool operator==(const LogStat&) const = default;
};

/// One IO tensor as trtexec says it bound it: "Input binding for images with dimensions 1x3x518x518 and type
/// fp32 is created." (the type from 10.x on; 8.x ends after the dimensions).
struct LogBinding {
  std::string name;
  bool input = true;
  std::vector<std::int64_t> shape;
  std::optional<std::string> dtype;  ///< trtexec's name: fp32, fp16, bf16, int8, int32, ...
  bool operator==(const LogBinding&) const = default;
};

struct LogSummary {
  std::string format;  ///< "TensorRT 8.0+ performance summary" or "TensorRT 7 performance summary"
  std::optional<std::string> tensorrt_version;  ///< "8.6.1"
  std::optional<std::string> status;            ///< "passed" or "failed" (trtexec's &&&& line)
  std::optional<std::int64_t> queries;          ///< "Timing trace has N queries"
  std::optional<std::int64_t> warmup_queries;   ///< "Warmup completed N queries"
  std::optional<double> throughput_qps;
  /// trtexec's "=== Inference Options ===" as it printed them ("CUDA Graph: Enabled", "Spin-wait: ...",
  /// "Data transfers: ..."): what the run did, whatever the flags and the version's defaults.
  std::optional<bool> cuda_graph;
  std::optional<bool> spin_wait;
  std::optional<bool> data_transfers;
  std::vector<LogBinding> bindings;  ///< static-shape IO tensors, in the order trtexec bound them
  /// latency_ms, end_to_end_ms, enqueue_ms, h2d_ms, gpu_compute_ms, d2h_ms: those printed, in print order.
  std::vector<std::pair<std::string, LogStat>> series;
  std::optional<double> total_host_walltime_s;
  std::optional<double> total_gpu_compute_time_s;
  std::optional<double> gpu_compute_cv_percent;  ///< from "GPU compute time is unstable, ... = X%"
  std::vector<std::string> warnings;             ///< [W] lines, continuation lines joined
  std::vector<std::string> errors;               ///< [E] and [F] lines
  bool operator==(const LogSummary&) const = default;
};

/// Parses a trtexec log. The last performance summary wins (a log may hold several runs). Throws ParseError
/// when the text has none ("did trtexec finish?") or a summary line's numbers cannot be read.
[[nodiscard]] LogSummary parse_log(std::string_view text);

/// "8601" -> "8.6.1" and "100300" -> "10.3.0": the number in trtexec's "[TensorRT v8601]" banner
/// (major * 1000 + minor * 100 + patch before 10.0, major * 10000 + minor * 100 + patch from 10.0).
[[nodiscard]] std::optional<std::string> decode_version_number(std::string_view digits);

}  // namespace ib::trtexec
