// The synthetic backend in a build without CUDA: listed, so users learn why it cannot run, but never created.
#include <memory>

#include "backends/synthetic/synthetic_backend.hpp"
#include "inferbench/errors.hpp"

namespace ib::backends {

BackendInfo synthetic_backend_info() {
  BackendInfo info{.name = "synthetic",
                   .version = [] { return std::string("none"); },
                   .extensions = {},
                   .supports_cuda = false,
                   .supports_cpu = false,
                   .create = {},
                   .demo_archive = {}};
  info.create = [](const LoadOptions& /*options*/) -> std::unique_ptr<Backend> {
    throw core::UnavailableError("synthetic backends need CUDA; this build has none");
  };
  return info;
}

}  // namespace ib::backends
