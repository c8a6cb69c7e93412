#pragma once
// Where the example's tensors live: host memory on the CPU, device memory and one CUDA stream on a GPU. Two
// implementations, picked by CMake (device_io_host.cpp, device_io_cuda.cpp), so the pipeline has no #ifdef.
#include <cstddef>
#include <memory>

namespace example {

class DeviceIo {
 public:
  virtual ~DeviceIo() = default;
  [[nodiscard]] virtual void* allocate(std::size_t bytes) = 0;  ///< freed with the DeviceIo
  virtual void to_device(void* device, const void* host, std::size_t bytes) = 0;
  virtual void to_host(void* host, const void* device, std::size_t bytes) = 0;
  virtual void synchronize() = 0;
  /// The stream for the backend and the profiler (a cudaStream_t); nullptr on the CPU.
  [[nodiscard]] virtual void* stream() = 0;
};

[[nodiscard]] std::unique_ptr<DeviceIo> make_host_io();
/// `cuda`: a GPU (throws when this build of the example has no CUDA).
[[nodiscard]] std::unique_ptr<DeviceIo> make_device_io(bool cuda);

}  // namespace example
