#pragma once
// The timed samples of the speed pass in progress, readable from another thread while the pass runs: when a
// stop signal comes and a backend call does not return, the CLI writes the result from what is here without
// waiting for the call (README.md, "Stopping a run"). The loop publishes each sample after its timed region
// with one relaxed store and one release store into storage sized up front: no lock, no allocation.
#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

namespace ib::runner {

class LiveSamples {
 public:
  /// Keeps at most `capacity` samples (later ones are still timed and kept by the loop, just not here).
  explicit LiveSamples(std::size_t capacity)
      : values_(std::make_unique<std::atomic<double>[]>(capacity)), capacity_(capacity) {}

  /// A new pass starts: forget the samples of the last one.
  void clear() noexcept { count_.store(0, std::memory_order_release); }
  /// Sample `index` (0-based, in order) of the pass.
  void publish(std::size_t index, double latency_ms) noexcept {
    if (index >= capacity_) return;
    values_[index].store(latency_ms, std::memory_order_relaxed);
    count_.store(index + 1, std::memory_order_release);
  }
  /// The samples published so far, from any thread.
  [[nodiscard]] std::vector<double> snapshot() const {
    const std::size_t count = count_.load(std::memory_order_acquire);
    std::vector<double> values(count);
    for (std::size_t i = 0; i < count; ++i) values[i] = values_[i].load(std::memory_order_relaxed);
    return values;
  }
  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

 private:
  std::unique_ptr<std::atomic<double>[]> values_;
  std::size_t capacity_;
  std::atomic<std::size_t> count_{0};
};

}  // namespace ib::runner
