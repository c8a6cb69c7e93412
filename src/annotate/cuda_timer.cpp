// The CUDA build's GpuTimer and NVTX ranges (nvtx3 is header-only: it costs a call into a no-op until a tool
// such as Nsight Systems injects itself).
#include <cuda_runtime_api.h>
#include <nvtx3/nvToolsExt.h>

#include <vector>

#include "annotate/gpu_timer.hpp"
#include "cuda/check.hpp"
#include "cuda/event.hpp"

namespace ib::annotate {
namespace {

class CudaTimer final : public GpuTimer {
 public:
  explicit CudaTimer(cudaStream_t stream) : stream_(stream) {
    IB_CUDA_CHECK(cudaGetDevice(&device_));
    cudaDeviceProp properties{};
    IB_CUDA_CHECK(cudaGetDeviceProperties(&properties, device_));
    name_ = properties.name;
    events_.reserve(256);
  }

  std::size_t record() override {
    if (used_ == events_.size()) events_.emplace_back(cuda::EventTiming::enabled);
    events_[used_].record(stream_);
    return used_++;
  }

  double elapsed_ms(std::size_t start, std::size_t end) override {
    events_[end].synchronize();
    return static_cast<double>(cuda::elapsed_ms(events_[start], events_[end]));
  }

  void reset() override { used_ = 0; }
  [[nodiscard]] std::string device_name() const override { return name_; }
  [[nodiscard]] int device_index() const override { return device_; }

 private:
  cudaStream_t stream_;
  int device_ = 0;
  std::string name_;
  std::vector<cuda::Event> events_;  ///< reused after reset(): a steady pipeline stops creating events
  std::size_t used_ = 0;
};

}  // namespace

std::unique_ptr<GpuTimer> make_cuda_timer(void* stream) {
  return std::make_unique<CudaTimer>(static_cast<cudaStream_t>(stream));
}

void nvtx_push(const char* name) noexcept {
  nvtxRangePushA(name);
}

void nvtx_pop() noexcept {
  nvtxRangePop();
}

}  // namespace ib::annotate
