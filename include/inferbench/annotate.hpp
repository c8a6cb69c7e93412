#pragma once
// Stage timing inside a user's own pipeline (decode -> preprocess -> infer -> postprocess): named ranges pushed
// and popped in any nesting, batches among them, host wall time per range and, given a CUDA stream, device
// time per range from CUDA events on it; NVTX ranges of the same names where the build has the CUDA toolkit,
// so Nsight Systems shows them too. finalize() writes benchmark.json in the layout of CV-CUDA's range profiler
// (data / mean_data / meta, batch_<i> nodes, *_minus_warmup), which our users' scripts read, plus every
// batch's samples and percentiles with confidence intervals under the key "inferbench" (docs/pipelines.md).
//
// One Profiler per pipeline and per thread: it is not synchronised. A disabled profiler does nothing but test
// one pointer per call (bench/annotate_overhead.cpp measures both).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ib::annotate {

class Recorder;
class ScopedRange;

/// How a Profiler records and where it writes.
struct ProfilerOptions {
  /// The root key of benchmark.json's `data` (CV-CUDA's obj_name), and the first part of every level's path.
  std::string name = "pipeline";
  /// false: every call returns at once and finalize() writes nothing.
  bool enabled = true;
  /// Batches left out at each end of every batch level (the first W and the last W, CV-CUDA's -w). The
  /// environment's INFERBENCH_WARMUP_BATCHES (set by `inferbench launch -w`) overrides it.
  std::int64_t warmup_batches = 1;
  /// Where benchmark.json goes; empty: the current directory. The environment's INFERBENCH_OUTPUT_DIR (set by
  /// `inferbench launch` for each process) overrides it, so N copies of one pipeline never share a file.
  std::filesystem::path output_dir;
  /// A cudaStream_t (nullptr = the legacy default stream): device time per range from CUDA events recorded
  /// on it at push and pop. Unset: no device time (gpu_time is 0). A build without CUDA throws
  /// core::UnavailableError when it is set.
  std::optional<void*> cuda_stream;
  /// Emit NVTX push/pop ranges (CUDA-toolkit builds; a no-op elsewhere).
  bool nvtx = true;
};

/// Records ranges; finalize() turns them into benchmark.json. Errors in the nesting (a pop without a push,
/// pop_range(total_items) on a range that is not a batch, finalize() with ranges open) throw
/// core::InputError naming the range.
class Profiler {
 public:
  explicit Profiler(ProfilerOptions options = {});
  ~Profiler();
  Profiler(const Profiler&) = delete;
  Profiler& operator=(const Profiler&) = delete;
  Profiler(Profiler&&) noexcept;
  Profiler& operator=(Profiler&&) noexcept;

  /// Opens a range named `name` inside the innermost open one. Ranges with the same path add up.
  void push_range(std::string_view name) {
    if (recorder_ != nullptr) push(name, -1);
  }
  /// Opens batch `batch_idx` (>= 0): the range is named "<name>_<batch_idx>" (CV-CUDA's batch_<i>).
  void push_range(std::string_view name, std::int64_t batch_idx) {
    if (recorder_ != nullptr) push(name, batch_idx);
  }
  /// Closes the innermost open range (a batch closed this way counts 0 items and is no batch in the totals).
  void pop_range() {
    if (recorder_ != nullptr) pop(-1, false);
  }
  /// Closes the innermost open range, which must be a batch, with the number of items it processed.
  void pop_range(std::int64_t total_items) {
    if (recorder_ != nullptr) pop(total_items, false);
  }
  /// Closes the innermost open range and leaves it and everything recorded below its path out of the
  /// results (CV-CUDA's delete_range, for a stage that failed).
  void discard_range() {
    if (recorder_ != nullptr) pop(-1, true);
  }

  /// A range closed when the returned object goes out of scope.
  [[nodiscard]] ScopedRange range(std::string_view name);
  /// A batch closed with `total_items` when the returned object goes out of scope.
  [[nodiscard]] ScopedRange batch(std::string_view name, std::int64_t batch_idx, std::int64_t total_items);

  /// benchmark.json's text for what was recorded so far (all ranges must be closed). "{}" when disabled.
  [[nodiscard]] std::string json() const;
  /// Writes benchmark.json (atomically, creating the folder) and returns its path; nothing and an empty path
  /// when disabled. Waits for the GPU work of recorded ranges. Recording may go on afterwards; a later
  /// finalize() rewrites the file with everything.
  std::filesystem::path finalize();

  [[nodiscard]] bool enabled() const noexcept { return recorder_ != nullptr; }
  /// Ranges open now.
  [[nodiscard]] std::size_t depth() const noexcept;
  /// The folder finalize() writes to (environment applied).
  [[nodiscard]] const std::filesystem::path& output_dir() const noexcept { return output_dir_; }

 private:
  void push(std::string_view name, std::int64_t batch_idx);
  void pop(std::int64_t total_items, bool discard);

  std::unique_ptr<Recorder> recorder_;
  std::filesystem::path output_dir_;
  std::int64_t warmup_batches_ = 1;
};

/// Closes its range on destruction (with total_items for a batch). Move-only.
class ScopedRange {
 public:
  ScopedRange(Profiler& profiler, std::int64_t total_items) noexcept
      : profiler_(&profiler), total_items_(total_items) {}
  ~ScopedRange() { close(); }
  ScopedRange(const ScopedRange&) = delete;
  ScopedRange& operator=(const ScopedRange&) = delete;
  ScopedRange(ScopedRange&& other) noexcept : profiler_(other.profiler_), total_items_(other.total_items_) {
    other.profiler_ = nullptr;
  }
  ScopedRange& operator=(ScopedRange&&) = delete;

  /// Sets the item count a batch closes with (known only at its end, say).
  void set_total_items(std::int64_t total_items) noexcept { total_items_ = total_items; }
  /// Closes the range now rather than at the end of the scope.
  void close() noexcept;

 private:
  Profiler* profiler_;
  std::int64_t total_items_;  ///< < 0: not a batch
};

}  // namespace ib::annotate
