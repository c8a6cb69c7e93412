// The entry point of libinferbench_libtorch.so, the plugin the binary loads when a run needs LibTorch.
#include <string_view>
#include <type_traits>

#include "backends/libtorch/libtorch_backend.hpp"
#include "backends/plugin.hpp"

extern "C" [[gnu::visibility("default")]] void inferbench_backend_plugin_v3(ib::backends::BackendInfo& info) {
  info = ib::backends::libtorch_backend_info();
}

static_assert(std::string_view(ib::backends::kPluginEntryPoint) == "inferbench_backend_plugin_v3");
static_assert(std::is_same_v<decltype(&inferbench_backend_plugin_v3), ib::backends::PluginEntryPoint>);
