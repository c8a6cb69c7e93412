#pragma once
// The subcommands. Each returns the process exit code (core::ExitCode) and reports errors on `err` itself.
#include <atomic>
#include <ostream>

#include "backends/registry.hpp"
#include "cli/options.hpp"

namespace ib::cli {

/// Every backend this build has: LibTorch and the fake backend used in tests.
[[nodiscard]] backends::Registry make_registry();

/// `inferbench run`. `stop` is raised by Ctrl-C; the run then keeps what it measured and exits with 130.
[[nodiscard]] int run_command(const RunOptions& options, const backends::Registry& registry,
                              const std::atomic<bool>& stop, std::ostream& out, std::ostream& err);

/// `inferbench info`.
[[nodiscard]] int info_command(const backends::Registry& registry, std::ostream& out);

/// `inferbench quality depth`: reads both .npy files, prints the metrics (table or --json) on `out`.
[[nodiscard]] int quality_depth_command(const QualityDepthOptions& options, std::ostream& out);

/// `inferbench quality diff`.
[[nodiscard]] int quality_diff_command(const QualityDiffOptions& options, std::ostream& out);

}  // namespace ib::cli
