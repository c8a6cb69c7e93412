#pragma once
// An owned CUDA stream. Non-blocking, so the work of a run never serialises behind the legacy default stream
// that libraries (and cudaMemcpy without a stream) use implicitly; that implicit synchronisation would show
// up as noise in the timed loop.
#include <cuda_runtime_api.h>

#include <utility>

#include "cuda/check.hpp"

namespace ib::cuda {

class Stream {
 public:
  /// Creates a cudaStreamNonBlocking stream on the calling thread's current device. Throws CudaError.
  Stream() { IB_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  Stream(Stream&& other) noexcept : stream_(std::exchange(other.stream_, nullptr)) {}
  Stream& operator=(Stream&& other) noexcept {
    if (this != &other) {
      destroy();
      stream_ = std::exchange(other.stream_, nullptr);
    }
    return *this;
  }
  ~Stream() { destroy(); }

  /// The handle; nullptr after a move, which CUDA would read as the legacy default stream, so do not use it
  /// then.
  [[nodiscard]] cudaStream_t get() const noexcept { return stream_; }
  /// Blocks until all work issued on the stream has finished; throws CudaError for a failure of that work.
  void synchronize() const { IB_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

 private:
  void destroy() noexcept {
    // cudaStreamDestroy returns at once and lets queued work finish. Its status is dropped: a destructor must
    // not throw, and the only failures left here (a faulted context, driver shutdown at exit) were reported
    // earlier.
    if (stream_ != nullptr) static_cast<void>(cudaStreamDestroy(stream_));
    stream_ = nullptr;
  }
  cudaStream_t stream_ = nullptr;
};

}  // namespace ib::cuda
