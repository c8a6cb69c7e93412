#pragma once
// The subcommands. Each returns the process exit code (core::ExitCode) and reports errors on `err` itself.
#include <atomic>
#include <cstddef>
#include <optional>
#include <ostream>

#include "backends/registry.hpp"
#include "cli/options.hpp"
#include "result/run_result.hpp"

namespace ib::cli {

/// Every backend this build has: LibTorch and the fake backend used in tests.
[[nodiscard]] backends::Registry make_registry();

/// `inferbench run`. `stop` is raised by Ctrl-C; the run then keeps what it measured and exits with 130.
/// `err_columns`: the width of the terminal `err` writes to, when it is one; then a progress bar is drawn
/// there (unless --quiet).
[[nodiscard]] int run_command(const RunOptions& options, const backends::Registry& registry,
                              const std::atomic<bool>& stop, std::ostream& out, std::ostream& err,
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

/// `inferbench trtexec run|parse-times|parse-profile|parse-log|report`. `run` returns trtexec's own exit code
/// when it fails (the tail of its log goes to `err`).
[[nodiscard]] int trtexec_command(const TrtexecOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ib::cli
