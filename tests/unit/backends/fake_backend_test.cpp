#include "backends/fake/fake_backend.hpp"

#include <gtest/gtest.h>

#include "inferbench/registry.hpp"
#include "inferbench/errors.hpp"

namespace ib::backends {
namespace {

TEST(FakeSpec, ParsesMillisecondDurations) {
  EXPECT_EQ(parse_fake_spec("fake:0.2"), (std::vector<std::int64_t>{200'000}));
  EXPECT_EQ(parse_fake_spec("fake:1,1,5"), (std::vector<std::int64_t>{1'000'000, 1'000'000, 5'000'000}));
  for (const char* bad : {"fake:", "fake:x", "fake:1,", "fake:-1", "fake:1ms", "model.ts", "fake:nan"}) {
    EXPECT_THROW((void)parse_fake_spec(bad), core::InputError) << bad;
  }
}

TEST(Registry, PicksByNameOrByLongestExtension) {
  Registry registry;
  BackendInfo a;
  a.name = "a";
  a.extensions = {".pt"};
  BackendInfo b;
  b.name = "b";
  b.extensions = {".jit.pt", ".ts"};
  registry.add(a);
  registry.add(b);
  EXPECT_EQ(registry.by_name("b").name, "b");
  EXPECT_EQ(registry.for_path("m/model.pt").name, "a");
  EXPECT_EQ(registry.for_path("model.jit.pt").name, "b");
  EXPECT_EQ(registry.for_path("MODEL.TS").name, "b");
  EXPECT_THROW((void)registry.for_path("model.onnx"), core::InputError);
  try {
    (void)registry.by_name("tensorrt");
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_STREQ(e.what(), "unknown backend 'tensorrt' (this build has: a, b)");
  }
}

TEST(FakeBackendInfo, ShapeFromArgumentsAndCpuOnly) {
  const BackendInfo info = fake_backend_info();
  LoadOptions options;
  options.model.builtin = "fake:0";
  options.shapes = {{std::nullopt, {2, 5}}};
  const auto backend = info.create(options);
  EXPECT_EQ(backend->inputs().front().shape, (core::Shape{2, 5}));
  options.device = {core::DeviceKind::cuda, 0};
  EXPECT_THROW((void)info.create(options), core::UnavailableError);
}

}  // namespace
}  // namespace ib::backends
