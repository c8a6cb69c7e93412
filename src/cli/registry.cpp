#include "backends/fake/fake_backend.hpp"
#include "backends/libtorch/libtorch_backend.hpp"
#include "backends/synthetic/synthetic_backend.hpp"
#include "cli/commands.hpp"

namespace ib::cli {

backends::Registry make_registry() {
  backends::Registry registry;
  registry.add(backends::libtorch_backend_info());
  registry.add(backends::fake_backend_info());
  registry.add(backends::synthetic_backend_info());
  return registry;
}

}  // namespace ib::cli
