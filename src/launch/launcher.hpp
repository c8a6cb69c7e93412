#pragma once
// `inferbench launch`: N copies of a command at once, each in its own folder (OUT/proc_<i>_gpu_<g>, given to it
// as INFERBENCH_OUTPUT_DIR) with its GPU (CUDA_VISIBLE_DEVICES, round-robin over the GPUs given), started without
// a shell and waited for. A child that fails is reported with its exit code and the tail of its stderr; the
// others' results are kept. A stop signal is forwarded once to every child (they are in process groups of their
// own, so a terminal's Ctrl-C reaches only the launcher), which lets `inferbench run` children write their
// results; the launcher then keeps waiting for them.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ib::launch {

struct LaunchRequest {
  std::int64_t processes = 1;
  std::vector<int> gpus{0};
  std::int64_t warmup_batches = 1;  ///< passed on as INFERBENCH_WARMUP_BATCHES (annotated pipelines)
  std::filesystem::path output_dir;
  std::vector<std::string> command;
  /// Set in every child besides ours (the MPI rank, say).
  std::vector<std::pair<std::string, std::string>> environment;
};

struct ChildReport {
  std::int64_t index = 0;
  int gpu = 0;
  std::string label;  ///< "proc_<i>_gpu_<g>"
  std::filesystem::path folder;
  int exit_code = -1;  ///< 128 + N when ended by signal N
  std::string stderr_tail;  ///< the last lines of its stderr when it failed
};

/// How the launcher learns of a stop signal: a flag raised by the signal handler, the signal's number, and a
/// wait that a signal ends early (cli::InterruptGuard provides all three).
struct StopSource {
  const std::atomic<bool>* flag = nullptr;
  std::function<int()> signal_number;
  std::function<void(std::chrono::milliseconds)> wait;
};

/// Checks the request: at least one process, GPUs >= 0, a command. Throws core::InputError, or
/// core::UnavailableError when the command is not found.
void check_launch_request(const LaunchRequest& request);

/// The folder of child `index`: OUT/proc_<index>_gpu_<gpu>.
[[nodiscard]] std::filesystem::path child_folder(const LaunchRequest& request, std::int64_t index);

/// Starts every child, waits for all, returns their reports in index order. A stale result.json or
/// benchmark.json in a child's folder is removed first, so a failed child never shows an older run's numbers.
[[nodiscard]] std::vector<ChildReport> run_children(const LaunchRequest& request, const StopSource& stop);

/// The last `lines` lines of a text file (at most 4 KiB of it); empty when it cannot be read.
[[nodiscard]] std::string file_tail(const std::filesystem::path& file, std::size_t lines);

}  // namespace ib::launch
