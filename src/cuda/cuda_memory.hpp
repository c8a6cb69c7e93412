#pragma once
// Owned CUDA memory, one RAII type for both kinds the runner needs, which differ only in how they are taken
// and given back: device memory (cudaMalloc) and page-locked host memory (cudaHostAlloc). Both are allocated
// once before timing: allocation and freeing synchronise the device, so they never run inside the timed loop.
// Pinned memory makes cudaMemcpyAsync truly asynchronous (pageable copies are staged through a driver
// buffer), and is what serving code uses, so transfer times measured through it are the ones users will see.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <utility>

#include "cuda/check.hpp"

namespace ib::cuda {

struct DeviceMemoryKind {
  static cudaError_t allocate(void** data, std::size_t bytes) { return cudaMalloc(data, bytes); }
  static cudaError_t free(void* data) { return cudaFree(data); }
};

struct PinnedMemoryKind {
  static cudaError_t allocate(void** data, std::size_t bytes) {
    return cudaHostAlloc(data, bytes, cudaHostAllocDefault);
  }
  static cudaError_t free(void* data) { return cudaFreeHost(data); }
};

template <typename Kind>
class CudaMemory {
 public:
  /// Empty: no memory, data() is nullptr.
  CudaMemory() = default;
  /// `bytes` of uninitialised memory (device memory on the current device, or pinned host memory); zero bytes
  /// allocates nothing. Throws CudaError (status cudaErrorMemoryAllocation when memory is exhausted).
  explicit CudaMemory(std::size_t bytes) : bytes_(bytes) {
    if (bytes > 0) IB_CUDA_CHECK(Kind::allocate(&data_, bytes));
  }
  CudaMemory(const CudaMemory&) = delete;
  CudaMemory& operator=(const CudaMemory&) = delete;
  CudaMemory(CudaMemory&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
  CudaMemory& operator=(CudaMemory&& other) noexcept {
    if (this != &other) {
      free();
      data_ = std::exchange(other.data_, nullptr);
      bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
  }
  ~CudaMemory() { free(); }

  [[nodiscard]] void* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
  /// Gives up ownership: the caller must free the returned pointer the Kind's way. Leaves this buffer empty.
  [[nodiscard]] void* release() noexcept {
    bytes_ = 0;
    return std::exchange(data_, nullptr);
  }

 private:
  void free() noexcept {
    // Status dropped on purpose: destructors never throw (see Stream).
    if (data_ != nullptr) static_cast<void>(Kind::free(data_));
    data_ = nullptr;
    bytes_ = 0;
  }
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

/// Device memory from cudaMalloc.
using DeviceBuffer = CudaMemory<DeviceMemoryKind>;
/// Page-locked host memory from cudaHostAlloc.
using PinnedBuffer = CudaMemory<PinnedMemoryKind>;

}  // namespace ib::cuda
