#include "inferbench/shape.hpp"

#include <gtest/gtest.h>

#include "inferbench/device_spec.hpp"
#include "inferbench/dtype.hpp"
#include "inferbench/errors.hpp"

namespace ib::core {
namespace {

TEST(Shape, ParsesTrtexecStyleDimensions) {
  EXPECT_EQ(parse_shape("1x3x224x224"), (Shape{1, 3, 224, 224}));
  EXPECT_EQ(parse_shape("7"), (Shape{7}));
}

TEST(Shape, RejectsEmptyZeroNegativeAndGarbage) {
  for (const char* bad : {"", "1x", "x3", "1xx3", "0x3", "-1x3", "1x3.5", "1 x3", "abc", "1x3x"}) {
    EXPECT_THROW((void)parse_shape(bad), InputError) << bad;
  }
}

TEST(Shape, RejectsShapesWhoseElementCountOverflows) {
  EXPECT_THROW((void)parse_shape("4294967296x4294967296"), InputError);
}

TEST(Shape, NamedArgumentSplitsAtTheLastColon) {
  EXPECT_EQ(parse_shape_arg("input:1x3x8x8"), (ShapeArg{"input", {1, 3, 8, 8}}));
  EXPECT_EQ(parse_shape_arg("ns:x:2x2"), (ShapeArg{"ns:x", {2, 2}}));
  EXPECT_EQ(parse_shape_arg("2x2"), (ShapeArg{std::nullopt, {2, 2}}));
  EXPECT_THROW((void)parse_shape_arg(":2x2"), InputError);
}

TEST(Shape, FormatsAndCounts) {
  EXPECT_EQ(shape_to_string({1, 3, 518, 518}), "1x3x518x518");
  EXPECT_EQ(shape_to_string({}), "scalar");
  EXPECT_EQ(element_count({1, 3, 518, 518}), 804972);
  EXPECT_EQ(element_count({}), 1);
}

TEST(DType, ParsesNamesAndAliasesAndKnowsSizes) {
  EXPECT_EQ(parse_dtype("fp16"), DType::fp16);
  EXPECT_EQ(parse_dtype("half"), DType::fp16);
  EXPECT_EQ(parse_dtype("float32"), DType::fp32);
  EXPECT_EQ(dtype_size(DType::bf16), 2u);
  EXPECT_EQ(dtype_size(DType::int64), 8u);
  EXPECT_EQ(dtype_name(DType::boolean), "bool");
  EXPECT_THROW((void)parse_dtype("fp8"), InputError);
}

TEST(DeviceSpec, ParsesCpuCudaAndIndexedCuda) {
  EXPECT_EQ(parse_device("cpu"), (DeviceSpec{DeviceKind::cpu, 0}));
  EXPECT_EQ(parse_device("cuda"), (DeviceSpec{DeviceKind::cuda, 0}));
  EXPECT_EQ(parse_device("cuda:3"), (DeviceSpec{DeviceKind::cuda, 3}));
  EXPECT_EQ(device_to_string({DeviceKind::cuda, 1}), "cuda:1");
  for (const char* bad : {"gpu", "cuda:", "cuda:-1", "cuda:x", "CPU"}) {
    EXPECT_THROW((void)parse_device(bad), InputError) << bad;
  }
}

}  // namespace
}  // namespace ib::core
