// Opening NVML: the library absent, a library without NVML's symbols, nvmlInit failing, the init/shutdown
// pairing through moves, error messages and device lookup.
#include "telemetry/nvml_session.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "inferbench/errors.hpp"
#include "fake_nvml.hpp"
#include "telemetry/shared_library.hpp"

namespace ib::telemetry {
namespace {

using fakes::FakeNvml;

TEST(NvmlSession, AMissingLibraryMeansTelemetryUnavailableWithTheReason) {
  const NvmlOpenResult nvml = open_nvml("libnvidia-ml-absent-for-this-test.so.1");
  EXPECT_FALSE(nvml.available());
  EXPECT_NE(nvml.reason.find("libnvidia-ml-absent-for-this-test.so.1 could not be loaded"), std::string::npos)
      << nvml.reason;
  EXPECT_NE(nvml.reason.find("is the NVIDIA driver installed?"), std::string::npos);
  EXPECT_EQ(nvml.message(), "telemetry unavailable: " + nvml.reason);
  const result::NvmlInfo info = nvml.unavailable_info();
  EXPECT_FALSE(info.available);
  EXPECT_EQ(info.reason, nvml.reason);
  EXPECT_TRUE(info.gpus.empty());
}

TEST(NvmlSession, ALibraryWithoutNvmlIsRefusedByName) {
  // libc loads fine but has none of NVML's entry points.
  const NvmlOpenResult nvml = open_nvml("libc.so.6");
  EXPECT_FALSE(nvml.available());
  EXPECT_EQ(nvml.reason, "libc.so.6 has no nvmlInit_v2 (a driver older than NVML 6?)");
}

TEST(NvmlSession, BindsOnlyTheSymbolsALibraryHas) {
  const SharedLibrary libc("libc.so.6");
  EXPECT_NE(libc.symbol("strlen"), nullptr);
  EXPECT_EQ(libc.symbol("nvmlInit_v2"), nullptr);
  const nvml::NvmlApi api = load_nvml_api(libc);
  EXPECT_EQ(api.nvmlInit_v2, nullptr);
  EXPECT_EQ(api.nvmlDeviceGetPowerUsage, nullptr);
}

TEST(NvmlSession, AFailingInitGivesNvmlsMessage) {
  FakeNvml fake;
  fake.init_result = nvml::NVML_ERROR_DRIVER_NOT_LOADED;
  const NvmlOpenResult nvml = open_nvml(fake.api());
  EXPECT_FALSE(nvml.available());
  EXPECT_EQ(nvml.reason, "nvmlInit_v2: the NVIDIA driver is not loaded (NVML_ERROR_DRIVER_NOT_LOADED)");
  EXPECT_EQ(fake.shutdown_calls, 0);  // nothing to pair with
}

TEST(NvmlSession, ShutsDownOnceForItsInitThroughMoves) {
  FakeNvml fake;
  {
    NvmlOpenResult nvml = open_nvml(fake.api());
    ASSERT_TRUE(nvml.available());
    NvmlSession moved = std::move(*nvml.session);
    NvmlSession assigned(fake.api());  // a second init
    assigned = std::move(moved);       // shuts the second down, takes the first
    EXPECT_EQ(fake.init_calls, 2);
    EXPECT_EQ(fake.shutdown_calls, 1);
    EXPECT_EQ(assigned.device_count(), 1);
  }
  EXPECT_EQ(fake.shutdown_calls, 2);
}

TEST(NvmlSession, DevicesOutOfRangeAreUnavailable) {
  FakeNvml fake(2);
  NvmlSession session(fake.api());
  EXPECT_EQ(session.device(1).index, 1);
  try {
    (void)session.device(2);
    FAIL() << "expected UnavailableError";
  } catch (const core::UnavailableError& error) {
    EXPECT_STREQ(error.what(), "--gpu-id 2: NVML sees 2 GPUs (0..1)");
  }
  fake.gpu(1).handle_result = nvml::NVML_ERROR_NO_PERMISSION;
  try {
    (void)session.device(1);
    FAIL() << "expected UnavailableError";
  } catch (const core::UnavailableError& error) {
    EXPECT_STREQ(error.what(),
                 "GPU 1: nvmlDeviceGetHandleByIndex_v2: no permission (NVML_ERROR_NO_PERMISSION)");
  }
}

TEST(NvmlSession, ReadsTheDriverAndNvmlVersions) {
  FakeNvml fake;
  NvmlSession session(fake.api());
  EXPECT_EQ(session.driver_version(), "580.65.06");
  EXPECT_EQ(session.nvml_version(), "13.580.65.06");
  nvml::NvmlApi api = fake.api();
  api.nvmlSystemGetDriverVersion = nullptr;
  NvmlSession without(api);
  EXPECT_EQ(without.driver_version(), std::nullopt);
}

const char* nvml_own_text(nvml::nvmlReturn_t code) {
  return code == nvml::NVML_ERROR_TIMEOUT ? "Timeout" : nullptr;
}

TEST(NvmlErrors, NameEveryCodeAndPreferNvmlsOwnText) {
  nvml::NvmlApi api;
  EXPECT_EQ(nvml::error_name(nvml::NVML_ERROR_GPU_IS_LOST), "NVML_ERROR_GPU_IS_LOST");
  EXPECT_EQ(nvml::error_name(nvml::NVML_ERROR_UNKNOWN), "NVML_ERROR_UNKNOWN");
  EXPECT_EQ(nvml::error_name(77), "NVML_ERROR_77");
  EXPECT_EQ(nvml::error_text(api, nvml::NVML_ERROR_TIMEOUT), "timed out (NVML_ERROR_TIMEOUT)");
  EXPECT_EQ(nvml::error_text(api, 77), "unknown error (NVML_ERROR_77)");
  api.nvmlErrorString = &nvml_own_text;
  EXPECT_EQ(nvml::error_text(api, nvml::NVML_ERROR_TIMEOUT), "Timeout (NVML_ERROR_TIMEOUT)");
  EXPECT_EQ(nvml::error_text(api, nvml::NVML_ERROR_NO_DATA), "no data (NVML_ERROR_NO_DATA)");  // null: ours
  EXPECT_EQ(nvml::call_error(api, "nvmlDeviceGetPowerUsage", nvml::NVML_ERROR_TIMEOUT),
            "nvmlDeviceGetPowerUsage: Timeout (NVML_ERROR_TIMEOUT)");
  EXPECT_TRUE(nvml::means_unsupported(nvml::NVML_ERROR_NOT_SUPPORTED));
  EXPECT_TRUE(nvml::means_unsupported(nvml::NVML_ERROR_NO_PERMISSION));
  EXPECT_FALSE(nvml::means_unsupported(nvml::NVML_ERROR_GPU_IS_LOST));
  // Every code from 0 to 30 has a name of its own.
  for (int code = 0; code <= 30; ++code)
    EXPECT_NE(nvml::error_name(code), "NVML_ERROR_" + std::to_string(code));
}

}  // namespace
}  // namespace ib::telemetry
