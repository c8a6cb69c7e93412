#pragma once
// What CUDA this process can use, for the result's environment block and for `--device auto`. Reading it
// creates no CUDA context, so describing a machine costs no GPU memory. No CUDA header here: the environment
// capture and the CLI include it from code that builds without the toolkit.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ib::cuda {

/// One visible device, as cudaGetDeviceProperties describes it (the runner turns it into the result's
/// GpuInfo: src/cuda/ knows nothing of the result model).
struct DeviceInfo {
  int index = 0;  ///< as cuda:N uses it
  std::string name;
  std::uint64_t total_memory_bytes = 0;
  std::string compute_capability;  ///< "9.0"
  bool operator==(const DeviceInfo&) const = default;
};

struct CudaInfo {
  /// True when at least one device is visible and was described.
  bool available = false;
  /// Why `available` is false, one sentence for the user: "no CUDA driver found
  /// (cudaErrorInsufficientDriver)".
  std::string reason;
  /// Every visible device, in CUDA's order (what CUDA_VISIBLE_DEVICES leaves), indices as cuda:N uses them.
  std::vector<DeviceInfo> devices;
  /// "13.0" from cudaDriverGetVersion: the newest CUDA the installed driver supports; absent without a
  /// driver.
  std::optional<std::string> driver_version;
  /// "13.0" from cudaRuntimeGetVersion: the runtime this binary runs with; known even without a driver.
  std::optional<std::string> runtime_version;
};

/// Never throws: every failure becomes `available = false` with a reason. In a build without CUDA the reason
/// says so.
[[nodiscard]] CudaInfo query_cuda();

}  // namespace ib::cuda
