#pragma once
// The decisions a sweep reports, as pure functions on its points (tested on known curves): the best
// throughput within the memory and latency budgets, the knee of the throughput curve, and whether a backend's
// error is an out-of-memory. Also the values of the sweep's flags (--batch, --memory-budget).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ib::suite {

/// How a sweep point ended.
enum class PointOutcome {
  ok,
  out_of_memory,        ///< the backend ran out of device (or host) memory: the sweep's limit
  over_memory_budget,   ///< measured, but its memory is above --memory-budget
  over_latency_budget,  ///< measured, but its p99 latency is above --latency-budget-ms
  failed,               ///< another error
  skipped,              ///< not run: above a batch that ran out of memory
  interrupted
};
[[nodiscard]] const char* outcome_name(PointOutcome outcome);

/// One point of a sweep: a batch size at one concurrency (in-flight requests).
struct SweepPoint {
  std::int64_t batch = 1;
  std::int64_t concurrency = 1;
  PointOutcome outcome = PointOutcome::ok;
  std::optional<std::string> error;    ///< the backend's message, or why skipped
  std::optional<double> items_per_s;   ///< measured: count x batch / timed wall time
  std::optional<double> median_ms;     ///< latency of one request (all its batch)
  std::optional<double> mean_ms;
  std::optional<double> p99_ms;
  std::optional<std::uint64_t> memory_bytes;  ///< the allocator's peak where the backend has one, else the
                                              ///< device memory the run added (model, buffers, run)
  std::string memory_source;                  ///< "allocator_peak", "device_memory" or empty
  std::optional<std::string> result;          ///< the point's result.json, relative to the sweep folder
  bool operator==(const SweepPoint&) const = default;
};

struct Budgets {
  std::optional<std::uint64_t> memory_bytes;
  std::optional<double> latency_ms;  ///< on the p99 latency
};

/// The outcome of a measured point against the budgets (ok, over_memory_budget, over_latency_budget).
[[nodiscard]] PointOutcome judge(const SweepPoint& point, const Budgets& budgets);

/// The point with the highest items/s among those measured within the budgets (outcome ok); the smaller batch
/// on a tie. nullopt when none is.
[[nodiscard]] std::optional<std::size_t> best_point(std::span<const SweepPoint> points);

/// The knee of a throughput curve (points in increasing batch, measured ones only considered): the first
/// point from which doubling the batch adds less than `min_gain` (0.10 = 10 %) throughput. Between batches that
/// are not a doubling apart the gain is taken per doubling: (t2 / t1)^(1 / log2(b2 / b1)) - 1. nullopt while
/// throughput still grows at the last point.
[[nodiscard]] std::optional<std::size_t> knee_point(std::span<const SweepPoint> points, double min_gain = 0.10);

/// Whether a backend's error says it ran out of memory: LibTorch's "CUDA out of memory. Tried to allocate ...",
/// the CUDA runtime's cudaErrorMemoryAllocation ("out of memory"), cuBLAS/cuDNN allocation failures,
/// std::bad_alloc, TensorRT's "could not be allocated".
[[nodiscard]] bool is_out_of_memory(std::string_view message);

/// "12GiB", "12 GB", "800MiB", "1.5G" (binary: 1G = 1 GiB), "1048576": bytes. Throws core::InputError naming
/// `flag`.
[[nodiscard]] std::uint64_t parse_bytes(const std::string& text, const char* flag);

/// "1,2,4,8": batch sizes (or concurrencies), each at least 1, strictly increasing. Throws core::InputError.
[[nodiscard]] std::vector<std::int64_t> parse_count_list(const std::string& text, const char* flag);

}  // namespace ib::suite
