#include "cuda/device_count.hpp"

#include <cuda_runtime_api.h>
#include <fmt/format.h>

#include <cstdlib>

#include "cuda/check.hpp"

namespace ib::cuda {
namespace {

// When the variable hides every device the user should see that at once, not go looking for a driver problem.
[[nodiscard]] std::string visible_devices_hint() {
  const char* visible = std::getenv("CUDA_VISIBLE_DEVICES");
  return visible == nullptr ? std::string() : fmt::format("; CUDA_VISIBLE_DEVICES is \"{}\"", visible);
}

[[nodiscard]] std::string insufficient_driver_reason() {
  // cudaErrorInsufficientDriver means either that libcuda is missing or that it is older than our runtime;
  // the fix differs (install a driver vs upgrade it), so tell the two apart by the driver version, which is 0
  // without one.
  int driver = 0;
  int runtime = 0;
  const bool have_driver = cudaDriverGetVersion(&driver) == cudaSuccess && driver > 0;
  static_cast<void>(cudaRuntimeGetVersion(&runtime));
  if (!have_driver) return "no CUDA driver found (cudaErrorInsufficientDriver)";
  return fmt::format(
      "the CUDA driver supports CUDA {} but this build needs CUDA {} (cudaErrorInsufficientDriver)",
      format_cuda_version(driver), format_cuda_version(runtime));
}

}  // namespace

DeviceCount count_devices() {
  DeviceCount result;
  const cudaError_t status = cudaGetDeviceCount(&result.count);
  // The failed call also sets the thread's last error; clear it so a later, unrelated check does not report
  // it.
  static_cast<void>(cudaGetLastError());
  if (status == cudaSuccess && result.count > 0) return result;
  result.count = 0;
  switch (status) {
    case cudaSuccess:
      result.reason = "no CUDA device found" + visible_devices_hint();
      break;
    case cudaErrorNoDevice:
      result.reason = "no CUDA device found (cudaErrorNoDevice" + visible_devices_hint() + ")";
      break;
    case cudaErrorInsufficientDriver:
      result.reason = insufficient_driver_reason();
      break;
    default:
      result.reason = "the CUDA runtime could not list devices: " + describe_cuda_error(status);
      break;
  }
  return result;
}

std::string format_cuda_version(int version) {
  return fmt::format("{}.{}", version / 1000, version % 1000 / 10);
}

}  // namespace ib::cuda
