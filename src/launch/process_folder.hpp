#pragma once
// What one process (a launcher's child, or a rank of a multi-machine run) left in its folder, reduced to what
// aggregation needs: raw latency samples, when each unit of work completed and how many items it carried, and
// the window in which the process measured. Two kinds of file count: result.json (`inferbench run`) and
// benchmark.json (a pipeline annotated with include/inferbench/annotate.hpp).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ib::launch {

struct Completion {
  double end_unix_s = 0;  ///< system clock, s since the epoch
  std::int64_t items = 0;
};

struct MeasuringWindow {
  double start_unix_s = 0;
  double end_unix_s = 0;
};

struct ProcessData {
  std::string label;  ///< "proc_0_gpu_0", "rank_3"
  std::filesystem::path folder;
  std::vector<std::string> sources;  ///< the files read: "result.json", "benchmark.json"
  /// result.json: every run's latency_ms; benchmark.json: the host time of every non-warm-up batch.
  std::vector<double> latency_ms;
  std::vector<Completion> completions;  ///< measured work only (no warm-up), in any order
  std::optional<MeasuringWindow> window;
  std::optional<nlohmann::ordered_json> benchmark;  ///< benchmark.json as written
  std::vector<std::string> problems;                ///< a file that could not be read, one sentence each
};

/// Reads `folder`'s result.json and benchmark.json (either may be absent). A file that exists but does not
/// parse is a problem in the outcome, not an exception: the other processes' results still count.
[[nodiscard]] ProcessData load_process_folder(const std::filesystem::path& folder, std::string label);

/// When each timed iteration of a run ended, from its start, its latencies and its wall time: iterations of
/// one stream run back to back, so iteration k ends at start + wall * (sum of the first k + 1 latencies) /
/// (sum of all), which spreads the loop's own gaps evenly; with several streams, evenly over the wall time.
[[nodiscard]] std::vector<double> iteration_ends(double start_unix_s, double wall_s, const std::vector<double>& latency_ms,
                                                 bool one_stream);

}  // namespace ib::launch
