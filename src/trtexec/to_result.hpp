#pragma once
// A trtexec timing trace as an inferbench result (include/inferbench/result.hpp), so `report` and `compare` treat
// trtexec runs and native runs alike. The mapping (docs/trtexec.md):
//   samples.latency_ms   trtexec's Latency per inference (H2D + GPU compute + D2H from CUDA events; not a
//                        host round trip: a warning in the run says so)
//   samples.enqueue_ms, h2d_ms, compute_ms, d2h_ms   the stage series, with breakdown_latency_ms = the same
//                        latencies (one pass measured both)
//   samples.timed_wall_s the span of the file's timestamps (NaN without timestamps)
//   config.iterations    the number of records; config.warmup 0 (trtexec warms up by time: warmup_ms)
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/result.hpp"
#include "trtexec/timing_mode.hpp"
#include "trtexec/times.hpp"

namespace ib::trtexec {

struct ResultInputs {
  std::string name;  ///< the run's name (the engine's file name, usually)
  std::int64_t batch = 1;
  result::ModelInfo model;
  result::Environment environment;  ///< the host part; backends gets {"trtexec", TensorRT version}
  std::optional<std::string> tensorrt_version;
  std::optional<double> warmup_ms;
  std::optional<double> duration_s;
  bool cuda_graph = false;
  /// What trtexec's Latency covered in this run (from the recorded command and the version), when known:
  /// config.cuda_graph, sync ("spin"/"block") and transfers follow it, and the latency warning names it.
  std::optional<TimingMode> timing;
  std::vector<result::NamedShape> shapes;
  std::vector<result::Warning> warnings;  ///< added to the run's own
};

/// The result of one run: backend "trtexec", device "cuda:0", percentiles 50/90/95/99 with the p50/p99
/// intervals, stage summaries and throughput like a native run. Throws ParseError when `times` has no
/// latency series (nothing to put in samples.latency_ms).
[[nodiscard]] result::Result to_result(const Times& times, const ResultInputs& inputs);

}  // namespace ib::trtexec
