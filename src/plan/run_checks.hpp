#pragma once
// Every value of `inferbench run` checked in one place, before any model is loaded: a pure function of the
// options (and the machine's memory, passed in), so a table of flags -> error text tests it without a run.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/run_options.hpp"
#include "runner/benchmark.hpp"

namespace ib::plan {

/// What one timed iteration costs in memory until the result is written: up to five 8-byte series (latency,
/// enqueue, H2D, compute, D2H), each sample held again as a JSON value (16 bytes) and as text (about 24).
inline constexpr std::uint64_t kBytesPerIteration = 256;

/// The machine's physical memory in bytes (sysconf), or nothing when it cannot be read.
[[nodiscard]] std::optional<std::uint64_t> physical_memory_bytes();

/// The warm-up and the stop rule the flags ask for (defaults where a flag is not given).
[[nodiscard]] Warmup warmup_of(const RunOptions& options);
[[nodiscard]] StopRule stop_rule_of(const RunOptions& options);

/// --cudnn-benchmark and --tf32 (with bench_pt's --no_tf32) as LoadOptions takes them; InputError for a
/// value other than on/off or --no_tf32 with --tf32 on.
[[nodiscard]] bool cudnn_benchmark_of(const RunOptions& options);
[[nodiscard]] std::optional<bool> tf32_of(const RunOptions& options);

/// Throws core::InputError (exit 2) naming the flag for a value that is not finite, out of range, in
/// conflict with another flag, or needs more memory for its samples than `memory_bytes` (when known).
/// Returns the warnings about flags that will have no effect, for the plan's warnings.
[[nodiscard]] std::vector<result::Warning> check_run_options(const RunOptions& options,
                                                             std::optional<std::uint64_t> memory_bytes);

}  // namespace ib::plan
