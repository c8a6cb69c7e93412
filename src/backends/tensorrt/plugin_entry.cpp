// The entry point of libinferbench_tensorrt.so, the plugin the binary loads when a run needs TensorRT.
#include <memory>
#include <string_view>
#include <type_traits>

#include "backends/plugin.hpp"
#include "backends/tensorrt/tensorrt_backend.hpp"

extern "C" [[gnu::visibility("default")]] void inferbench_backend_plugin_v3(ib::backends::BackendInfo& info) {
  info = ib::backends::tensorrt::tensorrt_backend_info(
      [] { return std::shared_ptr<ib::backends::tensorrt::TrtAdapter>(ib::backends::tensorrt::make_real_adapter()); });
}

static_assert(std::string_view(ib::backends::kPluginEntryPoint) == "inferbench_backend_plugin_v3");
static_assert(std::is_same_v<decltype(&inferbench_backend_plugin_v3), ib::backends::PluginEntryPoint>);
