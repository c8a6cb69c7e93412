#pragma once
// How many devices this process sees, or in words why it sees none. Shared by query_cuda and the runner's
// CUDA platform (src/runner/cuda_platform.cpp) so both explain a missing driver or device the same way.
#include <string>

namespace ib::cuda {

struct DeviceCount {
  int count = 0;
  /// Why count is 0, e.g. "no CUDA device found (cudaErrorNoDevice)"; empty when count > 0.
  std::string reason;
};

/// Never throws a CUDA failure; a failed count is reported in `reason`.
[[nodiscard]] DeviceCount count_devices();

/// "13.0" from 13000: the encoding of cudaRuntimeGetVersion and cudaDriverGetVersion (1000 * major + 10 *
/// minor).
[[nodiscard]] std::string format_cuda_version(int version);

}  // namespace ib::cuda
