#include "cuda/cuda_platform.hpp"

#include <cuda_runtime_api.h>
#include <fmt/format.h>

#include <functional>
#include <string>

#include "core/errors.hpp"
#include "cuda/check.hpp"
#include "cuda/device_buffer.hpp"
#include "cuda/device_count.hpp"
#include "cuda/pinned_buffer.hpp"
#include "cuda/stream.hpp"

namespace ib::cuda {
namespace {

// Buffer releasers: plain functions, so a buffer outliving its platform still frees correctly. Status dropped on
// purpose: they run in destructors, which never throw.
void free_pinned(void* data) { static_cast<void>(cudaFreeHost(data)); }
void free_device(void* data) { static_cast<void>(cudaFree(data)); }

[[noreturn]] void throw_unavailable(int device_index, const std::string& reason) {
  throw core::UnavailableError(fmt::format("CUDA device {} requested but {}", device_index, reason));
}

// Checks the index against what the process can see before touching the device, so that every way of not having
// the device reads as UnavailableError (exit code 3) with a reason, never as a raw CUDA error. Returns the index.
[[nodiscard]] int select_device_or_throw_unavailable(int device_index) {
  if (device_index < 0) throw_unavailable(device_index, "device indices start at 0");
  const DeviceCount devices = count_devices();
  if (devices.count == 0) throw_unavailable(device_index, devices.reason);
  if (device_index >= devices.count) {
    throw_unavailable(device_index, devices.count == 1
                                        ? std::string("only 1 CUDA device is visible (cuda:0)")
                                        : fmt::format("only {} CUDA devices are visible (cuda:0 to cuda:{})",
                                                      devices.count, devices.count - 1));
  }
  // Since CUDA 12 cudaSetDevice also creates the device's primary context, so a device in exclusive-process mode held
  // by another process, or one out of memory for a context, fails here.
  const cudaError_t status = cudaSetDevice(device_index);
  if (status != cudaSuccess) {
    static_cast<void>(cudaGetLastError());
    throw_unavailable(device_index, "it cannot be used: " + describe_cuda_error(status));
  }
  return device_index;
}

class CudaPlatform final : public runner::Platform {
 public:
  // The stream is created after the device is selected, so it belongs to that device.
  explicit CudaPlatform(int device_index) : device_index_(select_device_or_throw_unavailable(device_index)) {}

  [[nodiscard]] core::DeviceSpec device() const override { return {core::DeviceKind::cuda, device_index_}; }
  [[nodiscard]] bool has_transfers() const override { return true; }

  [[nodiscard]] runner::Buffer allocate_host(std::size_t bytes) override {
    // The releaser is built before the memory is taken, so nothing can throw while the memory has no owner.
    std::function<void(void*)> release = free_pinned;
    select_device();
    PinnedBuffer memory(bytes);
    return {memory.release(), bytes, std::move(release)};
  }

  [[nodiscard]] runner::Buffer allocate_device(std::size_t bytes) override {
    std::function<void(void*)> release = free_device;
    select_device();
    DeviceBuffer memory(bytes);
    return {memory.release(), bytes, std::move(release)};
  }

  [[nodiscard]] backends::StreamHandle stream() const override { return stream_.get(); }

  // Copies need no cudaSetDevice: unlike a kernel launch, a copy may be issued to a stream of another device than
  // the current one, which keeps this call (inside the timed loop) to the one API call being measured.
  void copy_to_device(void* device_dst, const void* host_src, std::size_t bytes) override {
    IB_CUDA_CHECK(cudaMemcpyAsync(device_dst, host_src, bytes, cudaMemcpyHostToDevice, stream_.get()));
  }
  void copy_to_host(void* host_dst, const void* device_src, std::size_t bytes) override {
    IB_CUDA_CHECK(cudaMemcpyAsync(host_dst, device_src, bytes, cudaMemcpyDeviceToHost, stream_.get()));
  }
  void synchronize() override { stream_.synchronize(); }

 private:
  // The current device is per host thread; allocations may come from a thread other than the constructing one.
  void select_device() const { IB_CUDA_CHECK(cudaSetDevice(device_index_)); }

  int device_index_;
  Stream stream_;
};

}  // namespace

std::unique_ptr<runner::Platform> make_cuda_platform(int device_index) {
  return std::make_unique<CudaPlatform>(device_index);
}

}  // namespace ib::cuda
