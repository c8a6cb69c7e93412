// The entry point of libinferbench_synthetic.so, the plugin the binary loads when a run needs the synthetic
// backend: cuBLAS and CUDA in a CUDA build, else the stub that says why it cannot run.
#include <string_view>
#include <type_traits>

#include "backends/plugin.hpp"
#include "backends/synthetic/synthetic_backend.hpp"

extern "C" [[gnu::visibility("default")]] void inferbench_backend_plugin_v3(ib::backends::BackendInfo& info) {
  info = ib::backends::synthetic_backend_info();
}

static_assert(std::string_view(ib::backends::kPluginEntryPoint) == "inferbench_backend_plugin_v3");
static_assert(std::is_same_v<decltype(&inferbench_backend_plugin_v3), ib::backends::PluginEntryPoint>);
