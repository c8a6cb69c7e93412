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
    std::size_t mark = events_.size();
    if (free_.empty()) {
      events_.emplace_back(cuda::EventTiming::enabled);
    } else {
      mark = free_.back();
      free_.pop_back();
    }
    events_[mark].record(stream_);
    return mark;
  }

  double elapsed_ms(std::size_t start, std::size_t end) override {
    events_[end].synchronize();
    return static_cast<double>(cuda::elapsed_ms(events_[start], events_[end]));
  }

  bool ready(std::size_t mark) override { return events_[mark].ready(); }
  void release(std::size_t mark) override { free_.push_back(mark); }
  [[nodiscard]] std::string device_name() const override { return name_; }
  [[nodiscard]] int device_index() const override { return device_; }

 private:
  cudaStream_t stream_;
  int device_ = 0;
  std::string name_;
  std::vector<cuda::Event> events_;  ///< reused once released: a steady pipeline stops creating events
  std::vector<std::size_t> free_;
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
