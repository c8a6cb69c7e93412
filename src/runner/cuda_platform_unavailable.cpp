// make_cuda_platform in a build without the toolkit: same function, same error kind, so callers need no
// #ifdef and `inferbench --device cuda` says plainly what to do instead of failing to link.
#include <string>

#include "cuda/device_query.hpp"
#include "inferbench/errors.hpp"
#include "runner/cuda_platform.hpp"

namespace ib::runner {

std::unique_ptr<Platform> make_cuda_platform(int device_index, SyncMode /*sync*/) {
  // query_cuda() of such a build says why there is no CUDA: the same words as the environment block.
  throw core::UnavailableError("CUDA device " + std::to_string(device_index) + " requested but " +
                               cuda::query_cuda().reason);
}

}  // namespace ib::runner
