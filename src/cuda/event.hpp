#pragma once
// An owned CUDA event. Timing events give device-side stage times (H2D, compute, D2H) in the timed loop;
// events with timing disabled are cheaper to record and are the ones to use when an event only orders or
// waits for work.
#include <cuda_runtime_api.h>

#include <utility>

#include "cuda/check.hpp"

namespace ib::cuda {

enum class EventTiming { enabled, disabled };

class Event {
 public:
  /// Creates an event on the current device: cudaEventDefault, or cudaEventDisableTiming. Throws CudaError.
  explicit Event(EventTiming timing = EventTiming::enabled) {
    IB_CUDA_CHECK(cudaEventCreateWithFlags(
        &event_, timing == EventTiming::enabled ? cudaEventDefault : cudaEventDisableTiming));
  }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  Event(Event&& other) noexcept : event_(std::exchange(other.event_, nullptr)) {}
  Event& operator=(Event&& other) noexcept {
    if (this != &other) {
      destroy();
      event_ = std::exchange(other.event_, nullptr);
    }
    return *this;
  }
  ~Event() { destroy(); }

  /// The handle; nullptr after a move.
  [[nodiscard]] cudaEvent_t get() const noexcept { return event_; }
  /// Captures the work issued on `stream` so far.
  void record(cudaStream_t stream) { IB_CUDA_CHECK(cudaEventRecord(event_, stream)); }
  /// Blocks until the captured work has finished.
  void synchronize() const { IB_CUDA_CHECK(cudaEventSynchronize(event_)); }
  /// True when the captured work has finished (or nothing was recorded); never blocks.
  [[nodiscard]] bool ready() const {
    const cudaError_t status = cudaEventQuery(event_);
    if (status == cudaErrorNotReady) return false;
    IB_CUDA_CHECK(status);
    return true;
  }

 private:
  void destroy() noexcept {
    // Status dropped on purpose: destructors never throw (see Stream).
    if (event_ != nullptr) static_cast<void>(cudaEventDestroy(event_));
    event_ = nullptr;
  }
  cudaEvent_t event_ = nullptr;
};

/// Device time between two recorded, completed timing events, in milliseconds (resolution about 0.5 us).
/// Throws CudaError when either event has timing disabled, was never recorded or has not completed yet.
[[nodiscard]] inline float elapsed_ms(const Event& start, const Event& stop) {
  float ms = 0;
  IB_CUDA_CHECK(cudaEventElapsedTime(&ms, start.get(), stop.get()));
  return ms;
}

}  // namespace ib::cuda
