#pragma once
// The subcommands. Each returns the process exit code (ExitCode) and reports errors on `err` itself.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "inferbench/registry.hpp"
#include "cli/interrupt.hpp"
#include "cli/options.hpp"
#include "inferbench/result.hpp"

namespace ib::cli {

/// `inferbench run`. A first SIGINT or SIGTERM (`interrupt`, graceful) stops the measurement: the run keeps
/// what it measured, writes its result and exits with 130 or 143. A backend call that has not returned
/// kStopGrace (cli/run_worker.hpp) after the signal is not waited for: the result is written from the samples completed, and the
/// process exits at once (std::_Exit) without returning. `err_columns`: the width of the terminal `err` writes
/// to, when it is one; then a progress bar is drawn there (unless --quiet).
[[nodiscard]] int run_command(const RunOptions& options, const backends::Registry& registry,
                              const InterruptGuard& interrupt, std::ostream& out, std::ostream& err,
                              std::optional<std::size_t> err_columns = std::nullopt);

/// The width of the terminal behind `fd`, or nothing when it is not a terminal or TERM is "dumb" (no cursor
/// control). An unknown width is 80.
[[nodiscard]] std::optional<std::size_t> terminal_columns(int fd);

/// `inferbench info`.
[[nodiscard]] int info_command(const backends::Registry& registry, std::ostream& out);

/// `inferbench quality depth`: reads the prediction (.npy) and the GT (.npy or PNG), resizes the prediction
/// to the GT's size when only the scale differs, prints the metrics (table or --json) on `out`, warnings on
/// `err`.
[[nodiscard]] int quality_depth_command(const QualityDepthOptions& options, std::ostream& out,
                                        std::ostream& err);

/// `inferbench quality diff`.
[[nodiscard]] int quality_diff_command(const QualityDiffOptions& options, std::ostream& out);

/// `inferbench report`: the console summary on `out`, every figure and export into the output folder, notes
/// (figures not drawn, gnuplot missing) on `err`.
[[nodiscard]] int report_command(const ReportOptions& options, std::ostream& out, std::ostream& err);

/// `inferbench compare`: 0, or 1 when --fail-if-slower is given and a run is significantly slower by more.
[[nodiscard]] int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err);

/// Reads and validates a result file; a missing, unreadable or invalid file is a core::InputError naming it.
[[nodiscard]] result::Result read_result_file(const std::string& path);

/// One note on `err` naming the files an earlier command wrote into `dir` that this one removed as stale
/// (io::OutputManifest); nothing when there were none.
void print_removed(std::ostream& err, const std::vector<std::string>& removed, const std::filesystem::path& dir);

/// `inferbench suite`: 0 when every case that ran is ok (skipped ones included), 1 when one failed, 130/143
/// when a signal stopped it (finished cases kept), 2 for a bad file.
[[nodiscard]] int suite_command(const SuiteOptions& options, const backends::Registry& registry,
                                const InterruptGuard& interrupt, std::ostream& out, std::ostream& err);

/// `inferbench sweep`: 0 when the sweep ran (an out-of-memory or a budget reached is a result), 1 when no
/// point could be measured, 130/143 on a signal (finished points kept), 2 for bad flags.
[[nodiscard]] int sweep_command(const SweepOptions& options, const backends::Registry& registry,
                                const InterruptGuard& interrupt, std::ostream& out, std::ostream& err);

/// `inferbench launch`: N children, their results in OUT/benchmark_mean.json; 1 when a child failed, 130/143
/// after a stop signal (forwarded to the children, whose results are kept).
[[nodiscard]] int launch_command(const LaunchOptions& options, const InterruptGuard& interrupt, std::ostream& out,
                                 std::ostream& err);

/// `inferbench merge`: rank folders into merged.json.
[[nodiscard]] int merge_command(const MergeOptions& options, std::ostream& out, std::ostream& err);

/// `inferbench trtexec run|parse-times|parse-profile|parse-log|report`. `run` returns trtexec's own exit code
/// when it fails (the tail of its log goes to `err`).
[[nodiscard]] int trtexec_command(const TrtexecOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ib::cli
