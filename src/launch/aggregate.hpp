#pragma once
// Many processes' results as one: CV-CUDA's benchmark_mean.json (the mean over processes of each benchmark.json's
// data and mean_data) and our own section, which never averages percentiles: per-process statistics, merged
// statistics from the pooled raw samples, and the total throughput over the window in which every process was
// measuring (items that completed inside it / its length), so a process that started late or ended early does
// not inflate the sum. Used by `inferbench launch`, `inferbench merge` and rank 0 of an MPI run.
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "launch/process_folder.hpp"

namespace ib::launch {

/// The "inferbench" section: {format_version, percentile_method, processes [...], common_window_unix_s,
/// common_window_s, items_in_common_window, total_throughput_items_per_s, merged_latency_ms, notes}.
[[nodiscard]] nlohmann::ordered_json aggregate_processes(std::span<const ProcessData> processes,
                                                         std::span<const double> percentiles);

/// {"mean_all_batches": .., "mean_data": ..} over the processes that wrote a benchmark.json (empty objects
/// when none did).
[[nodiscard]] nlohmann::ordered_json mean_benchmarks(std::span<const ProcessData> processes);

/// One line per process and the total, for the terminal.
[[nodiscard]] std::string aggregate_table(const nlohmann::ordered_json& aggregate);

}  // namespace ib::launch
