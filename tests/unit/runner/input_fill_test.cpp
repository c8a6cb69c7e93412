#include "runner/input_fill.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace ib::runner {
namespace {

TEST(InputFill, FollowsSplitMix64FromTheSeed) {
  // splitmix64 seeded with 0 first yields 0xe220a8397b1dcdaf (the generator's published test value);
  // its top 24 bits 0xe220a8 = 14819496 map to 14819496 * 2 / 2^24 - 1 = 0.76662159...
  float value = 0;
  fill_deterministic(&value, {"x", core::DType::fp32, {1}}, 0);
  EXPECT_FLOAT_EQ(value, 0.7666215896606445f);
}

TEST(InputFill, IsDeterministicAndDependsOnTheSeed) {
  const core::TensorSpec spec{"x", core::DType::fp16, {4, 8}};
  std::vector<std::byte> a(spec.size_bytes()), b(spec.size_bytes()), c(spec.size_bytes());
  fill_deterministic(a.data(), spec, 7);
  fill_deterministic(b.data(), spec, 7);
  fill_deterministic(c.data(), spec, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(InputFill, IntegersStayInASmallRange) {
  const core::TensorSpec spec{"ids", core::DType::int64, {64}};
  std::vector<std::int64_t> ids(64, -1);
  fill_deterministic(ids.data(), spec, 1);
  for (const auto id : ids) {
    EXPECT_GE(id, 0);
    EXPECT_LT(id, 10);
  }
}

}  // namespace
}  // namespace ib::runner

namespace ib::runner {
namespace {

TEST(InputFill, AStopEndsTheFillEarly) {
  const core::TensorSpec spec{"x", core::DType::fp32, {1 << 23}};
  std::vector<float> values(1 << 23, 5.0f);
  const std::atomic<bool> stop{true};
  EXPECT_FALSE(fill_deterministic(values.data(), spec, 1, &stop));
  EXPECT_EQ(values.back(), 5.0f);  // untouched
  const std::atomic<bool> go{false};
  EXPECT_TRUE(fill_deterministic(values.data(), spec, 1, &go));
  EXPECT_NE(values.back(), 5.0f);
}

}  // namespace
}  // namespace ib::runner
