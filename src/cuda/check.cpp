#include "cuda/check.hpp"

#include <fmt/format.h>

namespace ib::cuda {

std::string describe_cuda_error(cudaError_t status) {
  return fmt::format("{} ({})", cudaGetErrorName(status), cudaGetErrorString(status));
}

void throw_cuda_error(cudaError_t status, const char* expression, const char* file, int line) {
  // Clear the thread's last-error slot so a later cudaGetLastError (after a kernel launch, say) reports its
  // own failure rather than this one again. Sticky errors (a faulted context) cannot be cleared and keep
  // surfacing.
  static_cast<void>(cudaGetLastError());
  throw CudaError(status, fmt::format("CUDA error {} in {} at {}:{}", describe_cuda_error(status), expression,
                                      file, line));
}

}  // namespace ib::cuda
