// A build without CUDA: no device time, no NVTX.
#include "annotate/gpu_timer.hpp"
#include "inferbench/errors.hpp"

namespace ib::annotate {

std::unique_ptr<GpuTimer> make_cuda_timer(void* /*stream*/) {
  throw core::UnavailableError(
      "device time per range needs a CUDA build of inferbench (this one has none): leave cuda_stream unset");
}

void nvtx_push(const char* /*name*/) noexcept {}
void nvtx_pop() noexcept {}

}  // namespace ib::annotate
