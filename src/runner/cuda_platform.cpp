#include "runner/cuda_platform.hpp"

#include <cuda_runtime_api.h>
#include <fmt/format.h>

#include <functional>
#include <string>
#include <vector>

#include "cuda/check.hpp"
#include "cuda/cuda_memory.hpp"
#include "cuda/device_count.hpp"
#include "cuda/event.hpp"
#include "cuda/stream.hpp"
#include "inferbench/errors.hpp"

namespace ib::runner {
namespace {

using cuda::count_devices;
using cuda::describe_cuda_error;
using cuda::DeviceBuffer;
using cuda::DeviceCount;
using cuda::Event;
using cuda::EventTiming;
using cuda::PinnedBuffer;
using cuda::Stream;

// Buffer releasers: plain functions, so a buffer outliving its platform still frees correctly. Status dropped
// on purpose: they run in destructors, which never throw.
void free_pinned(void* data) {
  static_cast<void>(cudaFreeHost(data));
}
void free_device(void* data) {
  static_cast<void>(cudaFree(data));
}

[[noreturn]] void throw_unavailable(int device_index, const std::string& reason) {
  throw core::UnavailableError(fmt::format("CUDA device {} requested but {}", device_index, reason));
}

// Checks the index against what the process can see before touching the device, so that every way of not
// having the device reads as UnavailableError (exit code 3) with a reason, never as a raw CUDA error. Returns
// the index.
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
  // Since CUDA 12 cudaSetDevice also creates the device's primary context, so a device in exclusive-process
  // mode held by another process, or one out of memory for a context, fails here.
  const cudaError_t status = cudaSetDevice(device_index);
  if (status != cudaSuccess) {
    static_cast<void>(cudaGetLastError());
    throw_unavailable(device_index, "it cannot be used: " + describe_cuda_error(status));
  }
  return device_index;
}

unsigned schedule_flag(SyncMode sync) {
  switch (sync) {
    case SyncMode::block:
      return cudaDeviceScheduleBlockingSync;
    case SyncMode::spin:
      return cudaDeviceScheduleSpin;
    case SyncMode::yield:
      return cudaDeviceScheduleYield;
    case SyncMode::automatic:
      break;
  }
  return cudaDeviceScheduleAuto;
}

class CudaStageMarks final : public StageMarks {
 public:
  CudaStageMarks(int count, cudaStream_t stream) : stream_(stream) {
    for (int i = 0; i < count; ++i) events_.emplace_back(EventTiming::enabled);
  }
  void mark(int index) override { events_[static_cast<std::size_t>(index)].record(stream_); }
  [[nodiscard]] double elapsed_ms(int from, int to) override {
    return static_cast<double>(
        cuda::elapsed_ms(events_[static_cast<std::size_t>(from)], events_[static_cast<std::size_t>(to)]));
  }

 private:
  cudaStream_t stream_;
  std::vector<Event> events_;
};

class GraphReplay final : public Replay {
 public:
  GraphReplay(cudaGraph_t graph, cudaStream_t stream) : graph_(graph), stream_(stream) {
    const cudaError_t status = cudaGraphInstantiate(&exec_, graph_, 0);
    if (status != cudaSuccess) {
      static_cast<void>(cudaGetLastError());
      static_cast<void>(cudaGraphDestroy(graph_));
      throw core::UnavailableError("--cuda-graph: the captured work cannot be instantiated: " +
                                   describe_cuda_error(status));
    }
  }
  GraphReplay(const GraphReplay&) = delete;
  GraphReplay& operator=(const GraphReplay&) = delete;
  ~GraphReplay() override {
    static_cast<void>(cudaGraphExecDestroy(exec_));
    static_cast<void>(cudaGraphDestroy(graph_));
  }
  void launch() override { IB_CUDA_CHECK(cudaGraphLaunch(exec_, stream_)); }

 private:
  cudaGraph_t graph_;
  cudaGraphExec_t exec_ = nullptr;
  cudaStream_t stream_;
};

class CudaPlatform final : public Platform {
 public:
  // The stream is created after the device is selected (and its flags set), so it belongs to that device.
  CudaPlatform(int device_index, SyncMode sync)
      : device_index_(select_device_or_throw_unavailable(device_index)), stream_(with_flags(sync)) {}

  [[nodiscard]] core::DeviceSpec device() const override { return {core::DeviceKind::cuda, device_index_}; }
  [[nodiscard]] bool has_transfers() const override { return true; }

  [[nodiscard]] Buffer allocate_host(std::size_t bytes) override {
    // The releaser is built before the memory is taken, so nothing can throw while the memory has no owner.
    std::function<void(void*)> release = free_pinned;
    select_device();
    PinnedBuffer memory(bytes);
    return {memory.release(), bytes, std::move(release)};
  }

  [[nodiscard]] Buffer allocate_device(std::size_t bytes) override {
    std::function<void(void*)> release = free_device;
    select_device();
    DeviceBuffer memory(bytes);
    return {memory.release(), bytes, std::move(release)};
  }

  [[nodiscard]] backends::StreamHandle stream() const override { return stream_.get(); }

  // Copies need no cudaSetDevice: unlike a kernel launch, a copy may be issued to a stream of another device
  // than the current one, which keeps this call (inside the timed loop) to the one API call being measured.
  void copy_to_device(void* device_dst, const void* host_src, std::size_t bytes) override {
    IB_CUDA_CHECK(cudaMemcpyAsync(device_dst, host_src, bytes, cudaMemcpyHostToDevice, stream_.get()));
  }
  void copy_to_host(void* host_dst, const void* device_src, std::size_t bytes) override {
    IB_CUDA_CHECK(cudaMemcpyAsync(host_dst, device_src, bytes, cudaMemcpyDeviceToHost, stream_.get()));
  }
  void synchronize() override { stream_.synchronize(); }

  [[nodiscard]] bool has_device_clock() const override { return true; }

  [[nodiscard]] std::unique_ptr<StageMarks> make_stage_marks(int count) override {
    select_device();
    return std::make_unique<CudaStageMarks>(count, stream_.get());
  }

  // Thread-local capture mode: a call that is illegal during capture (cudaMalloc, a synchronisation) made by
  // the captured code fails the capture with a reason, while other threads (a telemetry sampler) are not
  // affected.
  [[nodiscard]] std::unique_ptr<Replay> capture(const std::function<void()>& issue) override {
    select_device();
    IB_CUDA_CHECK(cudaStreamBeginCapture(stream_.get(), cudaStreamCaptureModeThreadLocal));
    std::string failure;
    try {
      issue();
    } catch (const std::exception& e) {
      failure = e.what();
    }
    cudaGraph_t graph = nullptr;
    const cudaError_t status = cudaStreamEndCapture(stream_.get(), &graph);
    if (failure.empty() && status != cudaSuccess) failure = describe_cuda_error(status);
    if (!failure.empty()) {
      static_cast<void>(cudaGetLastError());
      if (graph != nullptr) static_cast<void>(cudaGraphDestroy(graph));
      throw core::UnavailableError(
          "--cuda-graph: this backend's inference cannot be captured into a CUDA graph: " + failure);
    }
    return std::make_unique<GraphReplay>(graph, stream_.get());
  }

  [[nodiscard]] std::optional<MemoryInfo> memory_info() const override {
    select_device();
    std::size_t free_bytes = 0;
    std::size_t total_bytes = 0;
    IB_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    return MemoryInfo{free_bytes, total_bytes};
  }

 private:
  // Runs before the stream is created: the flags belong to the device's primary context, made current above.
  static Stream with_flags(SyncMode sync) {
    if (sync != SyncMode::automatic) IB_CUDA_CHECK(cudaSetDeviceFlags(schedule_flag(sync)));
    return Stream();
  }

  // The current device is per host thread; allocations may come from a thread other than the constructing
  // one.
  void select_device() const { IB_CUDA_CHECK(cudaSetDevice(device_index_)); }

  int device_index_;
  Stream stream_;
};

}  // namespace

std::unique_ptr<Platform> make_cuda_platform(int device_index, SyncMode sync) {
  return std::make_unique<CudaPlatform>(device_index, sync);
}

}  // namespace ib::runner
