#include <cuda_runtime_api.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "device_io.hpp"

namespace example {
namespace {

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(status));
}

class CudaIo final : public DeviceIo {
 public:
  CudaIo() { check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate"); }
  ~CudaIo() override {
    for (void* buffer : buffers_) static_cast<void>(cudaFree(buffer));
    static_cast<void>(cudaStreamDestroy(stream_));
  }
  CudaIo(const CudaIo&) = delete;
  CudaIo& operator=(const CudaIo&) = delete;
  void* allocate(std::size_t bytes) override {
    void* buffer = nullptr;
    check(cudaMalloc(&buffer, bytes), "cudaMalloc");
    buffers_.push_back(buffer);
    return buffer;
  }
  void to_device(void* device, const void* host, std::size_t bytes) override {
    check(cudaMemcpyAsync(device, host, bytes, cudaMemcpyHostToDevice, stream_), "cudaMemcpyAsync");
  }
  void to_host(void* host, const void* device, std::size_t bytes) override {
    check(cudaMemcpyAsync(host, device, bytes, cudaMemcpyDeviceToHost, stream_), "cudaMemcpyAsync");
  }
  void synchronize() override { check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize"); }
  void* stream() override { return stream_; }

 private:
  cudaStream_t stream_ = nullptr;
  std::vector<void*> buffers_;
};

}  // namespace

std::unique_ptr<DeviceIo> make_device_io(bool cuda) {
  if (cuda) return std::make_unique<CudaIo>();
  return make_host_io();
}

}  // namespace example
