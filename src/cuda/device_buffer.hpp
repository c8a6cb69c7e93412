#pragma once
// Owned device memory from cudaMalloc: allocated once before timing (cudaMalloc and cudaFree synchronise the
// device, so they must never run inside the timed loop).
#include <cuda_runtime_api.h>

#include <cstddef>
#include <utility>

#include "cuda/check.hpp"

namespace ib::cuda {

class DeviceBuffer {
 public:
  /// Empty: no memory, data() is nullptr.
  DeviceBuffer() = default;
  /// `bytes` of uninitialised memory on the current device; zero bytes allocates nothing. Throws CudaError
  /// (status cudaErrorMemoryAllocation when the device is full).
  explicit DeviceBuffer(std::size_t bytes) : bytes_(bytes) {
    if (bytes > 0) IB_CUDA_CHECK(cudaMalloc(&data_, bytes));
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      free();
      data_ = std::exchange(other.data_, nullptr);
      bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
  }
  ~DeviceBuffer() { free(); }

  [[nodiscard]] void* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
  /// Gives up ownership: the caller must cudaFree the returned pointer. Leaves this buffer empty.
  [[nodiscard]] void* release() noexcept {
    bytes_ = 0;
    return std::exchange(data_, nullptr);
  }

 private:
  void free() noexcept {
    // Status dropped on purpose: destructors never throw (see Stream).
    if (data_ != nullptr) static_cast<void>(cudaFree(data_));
    data_ = nullptr;
    bytes_ = 0;
  }
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

}  // namespace ib::cuda
