#include "core/half.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace ib::core {
namespace {

// Expected bit patterns from numpy: np.float16(x).view(np.uint16) and for bf16 the top half of float32
// rounded to nearest even (torch.tensor(x).bfloat16().view(torch.int16)).
TEST(Half, ConvertsExactValues) {
  EXPECT_EQ(float_to_half_bits(0.0f), 0x0000);
  EXPECT_EQ(float_to_half_bits(-0.0f), 0x8000);
  EXPECT_EQ(float_to_half_bits(1.0f), 0x3c00);
  EXPECT_EQ(float_to_half_bits(-2.0f), 0xc000);
  EXPECT_EQ(float_to_half_bits(65504.0f), 0x7bff);
  EXPECT_EQ(float_to_half_bits(0.5f), 0x3800);
}

TEST(Half, RoundsToNearestEven) {
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even -> 1.0.
  EXPECT_EQ(float_to_half_bits(1.0f + 0.00048828125f), 0x3c00);
  // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even) -> 0x3c02.
  EXPECT_EQ(float_to_half_bits(1.0f + 3 * 0.00048828125f), 0x3c02);
  EXPECT_EQ(float_to_half_bits(0.1f), 0x2e66);  // np.float16(0.1).view(np.uint16) == 0x2e66
}

TEST(Half, HandlesSubnormalsOverflowAndNan) {
  EXPECT_EQ(float_to_half_bits(5.9604645e-08f), 0x0001);  // 2^-24, the smallest subnormal
  EXPECT_EQ(float_to_half_bits(6.1035156e-05f), 0x0400);  // 2^-14, the smallest normal
  EXPECT_EQ(float_to_half_bits(1e-9f), 0x0000);
  EXPECT_EQ(float_to_half_bits(70000.0f), 0x7c00);
  EXPECT_EQ(float_to_half_bits(-std::numeric_limits<float>::infinity()), 0xfc00);
  EXPECT_EQ(float_to_half_bits(std::numeric_limits<float>::quiet_NaN()) & 0x7c00, 0x7c00);
  EXPECT_NE(float_to_half_bits(std::numeric_limits<float>::quiet_NaN()) & 0x03ff, 0);
}

TEST(Bf16, RoundsToNearestEven) {
  EXPECT_EQ(float_to_bf16_bits(1.0f), 0x3f80);
  EXPECT_EQ(float_to_bf16_bits(-3.0f), 0xc040);
  EXPECT_EQ(float_to_bf16_bits(0.1f), 0x3dcd);  // 0x3dcccccd rounds up
}

}  // namespace
}  // namespace ib::core
