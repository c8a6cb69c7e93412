#include "runner/gpu_environment.hpp"

namespace ib::runner {

std::vector<result::GpuInfo> environment_gpus(const cuda::CudaInfo& info) {
  std::vector<result::GpuInfo> gpus;
  for (const cuda::DeviceInfo& device : info.devices) {
    gpus.push_back({device.index, device.name, device.total_memory_bytes, device.compute_capability});
  }
  return gpus;
}

}  // namespace ib::runner
