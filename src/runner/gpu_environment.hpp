#pragma once
// The GPUs of the result's environment block, from what src/cuda/ found.
#include <vector>

#include "cuda/device_query.hpp"
#include "inferbench/result.hpp"

namespace ib::runner {

/// Every device of `info`, in CUDA's order; empty when none is usable.
[[nodiscard]] std::vector<result::GpuInfo> environment_gpus(const cuda::CudaInfo& info);

}  // namespace ib::runner
