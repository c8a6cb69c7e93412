// `launch --mpi` in a build with Open MPI: loads libinferbench_mpi.so (mpi_group.cpp) from this build's plugin
// folder. RTLD_GLOBAL, unlike the backend plugins: Open MPI loads components of its own that look up its
// libraries' symbols in the global scope.
#include <dlfcn.h>

#include "backends/plugin.hpp"
#include "inferbench/errors.hpp"
#include "launch/ranks.hpp"

namespace ib::launch {

std::unique_ptr<RankGroup> make_mpi_group() {
  const std::filesystem::path path = backends::plugin_directory() / "libinferbench_mpi.so";
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    throw core::UnavailableError("MPI is unavailable: cannot load " + path.string() + ": " +
                                 (reason != nullptr ? reason : "unknown error"));
  }
  using Entry = RankGroup* (*)();
  auto* entry = reinterpret_cast<Entry>(dlsym(handle, "inferbench_mpi_plugin_v1"));
  if (entry == nullptr) throw core::UnavailableError("MPI is unavailable: " + path.string() + " has no entry point");
  return std::unique_ptr<RankGroup>(entry());  // never unloaded: MPI keeps threads until exit
}

bool mpi_built_in() noexcept {
  return true;
}

}  // namespace ib::launch
