#pragma once
// What a Profiler recorded: one node per distinct path of range names (repeated ranges at one path add up),
// each batch a node of its own ("batch_3"), with its host and device milliseconds. Recorder builds it from
// push/pop calls; benchmark_json.hpp turns it into the file.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "annotate/gpu_timer.hpp"
#include "core/clock.hpp"

namespace ib::annotate {

struct RangeNode {
  std::string name;   ///< as in the file: "decode", or "batch_3" for batch 3 of push_range("batch", 3)
  std::string label;  ///< the name pushed ("batch" for a batch)
  std::int32_t parent = -1;
  std::vector<std::int32_t> children;  ///< in first-push order
  /// children by name: a pipeline of thousands of batches finds (or misses) a child in O(log n)
  std::map<std::string, std::int32_t, std::less<>> child_by_name;
  bool batch = false;
  std::int64_t batch_idx = -1;
  std::int64_t total_items = 0;  ///< batches: the items popped with (summed when the same batch repeats)
  double cpu_ms = 0;             ///< host wall time, summed over the calls
  double gpu_ms = 0;             ///< device time from events, summed over the calls (0 without a stream)
  std::int64_t calls = 0;
  /// Batches: system clock (s since the epoch) at the first push and the last pop, so `inferbench launch` can
  /// intersect the windows in which several processes measured.
  double start_unix_s = 0;
  double end_unix_s = 0;
  bool discarded = false;  ///< left out of every output, with its subtree
};

/// nodes[0] is the root: the profiler's name, no range of its own. A deque: a pipeline adds nodes with every
/// batch, and a growing vector would move them all to fresh memory at each doubling (large blocks come from mmap,
/// every move a round of page faults), which made a new range cost microseconds.
struct RangeTree {
  std::deque<RangeNode> nodes;
  bool gpu_timed = false;
  std::string device_name = "CPU";
  int device_index = -1;
};

class Recorder {
 public:
  /// `gpu` may be null (no device time).
  Recorder(std::string root_name, std::unique_ptr<core::Clock> clock, std::unique_ptr<GpuTimer> gpu, bool nvtx);

  /// batch_idx < 0: not a batch. Throws core::InputError for a negative batch index other than -1.
  void push(std::string_view name, std::int64_t batch_idx);
  /// total_items < 0: a plain pop. Throws core::InputError without an open range, or with total_items >= 0 on
  /// a range that is not a batch.
  void pop(std::int64_t total_items, bool discard);
  /// The tree with the device times of every closed range added (waits for the GPU). Throws
  /// core::InputError while ranges are open.
  [[nodiscard]] const RangeTree& resolve();
  [[nodiscard]] std::size_t depth() const noexcept { return open_.size(); }

 private:
  struct Open {
    std::int32_t node;
    std::int64_t start_ns;
    std::size_t gpu_start;
  };
  struct PendingGpu {
    std::int32_t node;
    std::size_t start;
    std::size_t end;
  };
  [[nodiscard]] std::int32_t child(std::int32_t parent, std::string_view name, std::string_view label);
  /// Adds the device times of closed ranges, oldest first, and releases their marks: all of them (waiting for
  /// the GPU), or only as far as the GPU has got (never waiting).
  void resolve_pending(bool wait);

  RangeTree tree_;
  std::unique_ptr<core::Clock> clock_;
  std::unique_ptr<GpuTimer> gpu_;
  bool nvtx_;
  std::vector<Open> open_;
  std::deque<PendingGpu> pending_;
  std::string scratch_;  ///< the batch name being built, reused so a push allocates only for a new path
};

}  // namespace ib::annotate
