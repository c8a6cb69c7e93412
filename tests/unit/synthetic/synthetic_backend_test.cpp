// What the synthetic backend says before it touches a GPU: these run on any machine, in both kinds of build.
// Running the work is tested in tests/gpu/synthetic_gpu_test.cpp.
#include "backends/synthetic/synthetic_backend.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/build_info.hpp"
#include "inferbench/errors.hpp"

namespace ib::backends {
namespace {

LoadOptions options_for(const std::string& spec, core::DeviceKind device) {
  LoadOptions options;
  options.model.builtin = spec;
  options.device = core::DeviceSpec{device, 0};
  return options;
}

TEST(SyntheticBackend, IsRegisteredUnderItsNameWithNoExtensions) {
  const BackendInfo info = synthetic_backend_info();
  EXPECT_EQ(info.name, "synthetic");
  EXPECT_TRUE(info.extensions.empty());
  EXPECT_EQ(info.supports_cuda, core::kBuiltWithCuda);
  ASSERT_TRUE(static_cast<bool>(info.create));
}

TEST(SyntheticBackend, ExplainsWhyItCannotRunHere) {
  const BackendInfo info = synthetic_backend_info();
  try {
    static_cast<void>(info.create(options_for("synthetic:empty", core::DeviceKind::cpu)));
    FAIL() << "created a synthetic backend on the CPU";
  } catch (const core::UnavailableError& error) {
    EXPECT_STREQ(error.what(), core::kBuiltWithCuda ? "synthetic backends run on CUDA only; use --device cuda"
                                                    : "synthetic backends need CUDA; this build has none");
  }
}

TEST(SyntheticBackend, MalformedSpecIsBadInputWhereCudaIsBuiltIn) {
  const BackendInfo info = synthetic_backend_info();
  const LoadOptions bad = options_for("synthetic:gemm:1,2", core::DeviceKind::cuda);
  if (core::kBuiltWithCuda) {
    // Parsed before the device is touched, so this holds on a machine without a GPU too.
    EXPECT_THROW(static_cast<void>(info.create(bad)), core::InputError);
    // A spec given as a path (a caller that did not route it as builtin) is read the same way.
    LoadOptions by_path;
    by_path.model.path = "synthetic:copy:0";
    EXPECT_THROW(static_cast<void>(info.create(by_path)), core::InputError);
  } else {
    // Nothing can run in this build, so that is the one thing worth saying.
    EXPECT_THROW(static_cast<void>(info.create(bad)), core::UnavailableError);
  }
}

}  // namespace
}  // namespace ib::backends
