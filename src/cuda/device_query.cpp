#include "cuda/device_query.hpp"

#include <cuda_runtime_api.h>
#include <fmt/format.h>

#include <exception>

#include "cuda/check.hpp"
#include "cuda/device_count.hpp"

namespace ib::cuda {

CudaInfo query_cuda() {
  CudaInfo info;
  try {
    // The runtime version needs no driver, so a result taken on a machine without one still says what it was
    // built for.
    int runtime = 0;
    if (cudaRuntimeGetVersion(&runtime) == cudaSuccess) info.runtime_version = format_cuda_version(runtime);
    int driver = 0;
    if (cudaDriverGetVersion(&driver) == cudaSuccess && driver > 0)
      info.driver_version = format_cuda_version(driver);

    DeviceCount count = count_devices();
    if (count.count == 0) {
      info.reason = std::move(count.reason);
      return info;
    }
    // cudaGetDeviceProperties reads the driver's device attributes and creates no context (no GPU memory is
    // taken).
    for (int index = 0; index < count.count; ++index) {
      cudaDeviceProp properties{};
      const cudaError_t status = cudaGetDeviceProperties(&properties, index);
      if (status != cudaSuccess) {
        static_cast<void>(cudaGetLastError());
        info.devices.clear();
        info.reason = fmt::format("could not read the properties of CUDA device {}: {}", index,
                                  describe_cuda_error(status));
        return info;
      }
      DeviceInfo gpu;
      gpu.index = index;
      gpu.name = properties.name;
      gpu.total_memory_bytes = properties.totalGlobalMem;
      gpu.compute_capability = fmt::format("{}.{}", properties.major, properties.minor);
      info.devices.push_back(std::move(gpu));
    }
    info.available = true;
  } catch (const std::exception& error) {
    // Only allocation or formatting can throw above; keep the promise of never throwing and say what
    // happened.
    info.available = false;
    info.devices.clear();
    info.reason = std::string("could not query CUDA: ") + error.what();
  }
  return info;
}

}  // namespace ib::cuda
