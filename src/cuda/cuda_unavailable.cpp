// The CUDA entry points of a build without the toolkit: same functions, so callers need no #ifdef and
// `inferbench --device cuda` says plainly what to do instead of failing to link.
#include "cuda/device_query.hpp"

namespace ib::cuda {
namespace {

constexpr const char* kNoCudaReason =
    "this build of inferbench has no CUDA support; rebuild with the cuda preset";

}  // namespace

CudaInfo query_cuda() {
  CudaInfo info;
  info.reason = kNoCudaReason;
  return info;
}

}  // namespace ib::cuda
