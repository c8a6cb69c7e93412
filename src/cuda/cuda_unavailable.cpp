// The CUDA entry points of a build without the toolkit: same functions, same error kinds, so callers need no
// #ifdef and `inferbench --device cuda` says plainly what to do instead of failing to link.
#include <string>

#include "inferbench/errors.hpp"
#include "cuda/cuda_platform.hpp"
#include "cuda/device_query.hpp"

namespace ib::cuda {
namespace {

constexpr const char* kNoCudaReason =
    "this build of inferbench has no CUDA support; rebuild with the cuda preset";

}  // namespace

std::unique_ptr<runner::Platform> make_cuda_platform(int device_index, runner::SyncMode /*sync*/) {
  throw core::UnavailableError("CUDA device " + std::to_string(device_index) + " requested but " +
                               kNoCudaReason);
}

CudaInfo query_cuda() {
  CudaInfo info;
  info.reason = kNoCudaReason;
  return info;
}

}  // namespace ib::cuda
