#include "backends/aoti/aoti_entry.hpp"
#include "backends/aoti/pt2_archive.hpp"
#include "backends/fake/fake_backend.hpp"
#include "backends/libtorch/libtorch_backend.hpp"
#include "backends/plugin.hpp"
#include "backends/tensorrt/tensorrt_backend.hpp"
#include "core/build_info.hpp"
#include "inferbench/run.hpp"

namespace ib {
namespace {

backends::Registry make_default_registry() {
  backends::Registry registry;
  registry.add(backends::plugin_backend({.name = "libtorch",
                                         .version = {},
                                         .extensions = backends::libtorch_extensions(),
                                         .supports_cuda = IB_TORCH_CUDA != 0,
                                         .supports_cpu = true,
                                         .create = {},
                                         .demo_archive = {},
                                         .framework_settings = true},
                                        "libinferbench_libtorch.so"));
#if IB_AOTI
  registry.add(backends::aoti_backend_entry(backends::plugin_backend({.name = "aoti",
                                                                      .version = {},
                                                                      .extensions = backends::aoti_extensions(),
                                                                      .supports_cuda = IB_TORCH_CUDA != 0,
                                                                      .supports_cpu = true,
                                                                      .create = {},
                                                                      .demo_archive = {},
                                                                      .framework_settings = true},
                                                                     "libinferbench_aoti.so")));
#else
  registry.add(backends::aoti_unavailable_backend(IB_AOTI_REASON));
#endif
#if IB_TENSORRT
  registry.add(backends::plugin_backend({.name = "tensorrt",
                                         .version = {},
                                         .extensions = backends::tensorrt::tensorrt_extensions(),
                                         .supports_cuda = true,
                                         .supports_cpu = false,
                                         .create = {},
                                         .demo_archive = {}},
                                        "libinferbench_tensorrt.so"));
#else
  registry.add(backends::tensorrt::tensorrt_unavailable_backend(IB_TENSORRT_REASON));
#endif
  registry.add(backends::fake_backend_info());
  registry.add(backends::plugin_backend({.name = "synthetic",
                                         .version = {},
                                         .extensions = {},
                                         .supports_cuda = core::kBuiltWithCuda,
                                         .supports_cpu = false,
                                         .create = {},
                                         .demo_archive = {}},
                                        "libinferbench_synthetic.so"));
  return registry;
}

}  // namespace

const backends::Registry& default_registry() {
  static const backends::Registry registry = make_default_registry();
  return registry;
}

}  // namespace ib
