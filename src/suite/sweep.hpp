#pragma once
// `inferbench sweep`: one model over batch sizes (a list, or doubling from 1 until a budget or an
// out-of-memory stops it) and over concurrency (requests in flight, each on its own backend instance and
// stream: RunSpec::streams). Every point is the plan `run` builds from the same flags, run through
// ib::PlanRunner into DIR/points/<point>/result.json; an out-of-memory is a point's outcome, never a crash.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "inferbench/registry.hpp"
#include "suite/suite.hpp"
#include "suite/sweep_select.hpp"

namespace ib::suite {

struct SweepSpec {
  std::string model;                  ///< a file ("{batch}": one file per batch size), or a built-in model
  std::vector<std::string> shapes;    ///< [name:]shape; the batch replaces every first dimension
  std::vector<std::string> run_args;  ///< every other `run` flag of each point (backend, device, dtype, ...)
  std::vector<std::int64_t> batches;  ///< empty: auto (1, 2, 4, ... up to max_batch)
  std::int64_t max_batch = 4096;
  std::vector<std::int64_t> concurrency;  ///< empty: no concurrency sweep
  std::optional<std::int64_t> concurrency_batch;  ///< the batch of the concurrency sweep (default: the best)
  Budgets budgets;
  std::filesystem::path output_dir;
};

struct SweepRecord {
  std::string schema_version = "1.0.0";
  std::string model;
  std::string backend;
  std::string device;
  std::string dtype;
  Budgets budgets;
  std::vector<SweepPoint> batch_points;
  std::vector<SweepPoint> concurrency_points;
  std::optional<std::int64_t> best_batch;
  std::optional<std::int64_t> knee_batch;
  std::optional<std::int64_t> oom_batch;  ///< the smallest batch that ran out of memory
  bool interrupted = false;
};

/// Runs the sweep; a line per point goes to `log`. Throws core::InputError for flags `run` refuses (before any
/// point runs).
[[nodiscard]] SweepRecord run_sweep(const SweepSpec& spec, const RunFlags& flags, const backends::Registry& registry,
                                    const std::atomic<bool>* stop, std::ostream& log);

/// sweep.json, sweep.md, sweep.csv and the figures (throughput and latency against batch, latency against
/// throughput across concurrency) into `dir`. Returns notes on figures not drawn.
[[nodiscard]] std::vector<std::string> write_sweep_files(const std::filesystem::path& dir, const SweepRecord& record);
[[nodiscard]] std::string sweep_json(const SweepRecord& record);
[[nodiscard]] std::string sweep_markdown(const SweepRecord& record);

}  // namespace ib::suite
