#pragma once
// Owned page-locked host memory from cudaHostAlloc. Copies from pageable memory are staged through a driver
// buffer and are synchronous with respect to the host; pinned memory makes cudaMemcpyAsync truly asynchronous
// and is what serving code uses, so transfer times measured through it are the ones users will see.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <utility>

#include "cuda/check.hpp"

namespace ib::cuda {

class PinnedBuffer {
 public:
  /// Empty: no memory, data() is nullptr.
  PinnedBuffer() = default;
  /// `bytes` of uninitialised page-locked host memory; zero bytes allocates nothing. Throws CudaError.
  explicit PinnedBuffer(std::size_t bytes) : bytes_(bytes) {
    if (bytes > 0) IB_CUDA_CHECK(cudaHostAlloc(&data_, bytes, cudaHostAllocDefault));
  }
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;
  PinnedBuffer(PinnedBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
  PinnedBuffer& operator=(PinnedBuffer&& other) noexcept {
    if (this != &other) {
      free();
      data_ = std::exchange(other.data_, nullptr);
      bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
  }
  ~PinnedBuffer() { free(); }

  [[nodiscard]] void* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
  /// Gives up ownership: the caller must cudaFreeHost the returned pointer. Leaves this buffer empty.
  [[nodiscard]] void* release() noexcept {
    bytes_ = 0;
    return std::exchange(data_, nullptr);
  }

 private:
  void free() noexcept {
    // Status dropped on purpose: destructors never throw (see Stream).
    if (data_ != nullptr) static_cast<void>(cudaFreeHost(data_));
    data_ = nullptr;
    bytes_ = 0;
  }
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

}  // namespace ib::cuda
