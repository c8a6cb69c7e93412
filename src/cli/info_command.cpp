#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "core/build_info.hpp"
#include "inferbench/errors.hpp"
#include "cuda/device_query.hpp"

namespace ib::cli {

int info_command(const backends::Registry& registry, std::ostream& out) {
  fmt::print(out, "inferbench {} (git {})\n", core::kVersion, core::kGitSha);
  fmt::print(out, "built with CUDA: {}\n", core::kBuiltWithCuda ? "yes" : "no");
  fmt::print(out, "metrics endpoint (--metrics-port): {}\n",
             core::kBuiltWithMetricsHttp ? "yes" : std::string("no: ") + core::kWhyNoMetricsHttp);
  const cuda::CudaInfo cuda_info = cuda::query_cuda();
  if (cuda_info.available) {
    fmt::print(out, "CUDA: driver {}, runtime {}\n", cuda_info.driver_version.value_or("?"),
               cuda_info.runtime_version.value_or("?"));
    for (const auto& gpu : cuda_info.devices) {
      fmt::print(out, "  cuda:{}  {}  {:.1f} GiB  compute capability {}\n", gpu.index, gpu.name,
                 static_cast<double>(gpu.total_memory_bytes) / (1024.0 * 1024.0 * 1024.0),
                 gpu.compute_capability);
    }
  } else {
    fmt::print(out, "CUDA: not usable: {}\n", cuda_info.reason);
  }
  fmt::print(out, "devices: cpu{}\n", cuda_info.available ? ", cuda" : "");
  fmt::print(out, "backends:\n");
  for (const auto& backend : registry.all()) {
    std::string extensions;
    for (const auto& extension : backend.extensions) extensions += " " + extension;
    std::string devices = backend.supports_cpu ? "cpu" : "";
    if (backend.supports_cuda) devices += devices.empty() ? "cuda" : ", cuda";
    // Asking a plugin backend for its version loads it: its line then says why it cannot be loaded.
    try {
      fmt::print(out, "  {:<9} {:<10} devices: {}  files:{}\n", backend.name, backend.version(),
                 devices.empty() ? "none in this build" : devices, extensions.empty() ? " (none)" : extensions);
    } catch (const core::UnavailableError& error) {
      fmt::print(out, "  {:<9} {:<10} {}\n", backend.name, "-", error.what());
    }
  }
  return 0;
}

}  // namespace ib::cli
