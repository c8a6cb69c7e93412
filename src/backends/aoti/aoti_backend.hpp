#pragma once
// The aoti backend: runs AOTInductor packages (.pt2, from torch.export +
// torch._inductor.aoti_compile_and_package; scripts/export_model.py writes them) through PyTorch's
// AOTIModelPackageLoader. Torch-free header, like libtorch_backend.hpp.
#include "inferbench/registry.hpp"

namespace ib::backends {

/// Registry entry: name "aoti", files ".pt2", the torch version compiled against. The factory throws
/// InputError for a bad package, shapes or dtype, and UnavailableError for a device the package or this build
/// cannot use.
[[nodiscard]] BackendInfo aoti_backend_info();

}  // namespace ib::backends
