#include "backends/synthetic/synthetic_spec.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "inferbench/errors.hpp"

namespace ib::backends::synthetic {
namespace {

// The message of the InputError `text` raises ("" when it parses).
std::string rejection(const std::string& text) {
  try {
    static_cast<void>(parse_spec(text));
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "";
}

TEST(SyntheticSpec, ParsesEachKind) {
  EXPECT_EQ(parse_spec("synthetic:empty"), Spec{});
  EXPECT_EQ(parse_spec("synthetic:gemm:64,48,32"),
            (Spec{.kind = Kind::gemm, .m = 64, .n = 48, .k = 32, .dtype = core::DType::fp16, .bytes = 0}));
  EXPECT_EQ(parse_spec("synthetic:gemm:1,2,3:bf16").dtype, core::DType::bf16);
  EXPECT_EQ(parse_spec("synthetic:gemm:1,2,3:fp32").dtype, core::DType::fp32);
  EXPECT_EQ(parse_spec("synthetic:gemm:1,2,3:fp16").dtype, core::DType::fp16);
  EXPECT_EQ(parse_spec("synthetic:copy:1048576"), (Spec{.kind = Kind::copy, .bytes = 1048576}));
}

TEST(SyntheticSpec, RejectsMalformedSpecsNamingTheAcceptedForms) {
  for (const char* bad : {"synthetic:",
                          "synthetic:nop",
                          "synthetic:empty:1",
                          "synthetic:gemm",
                          "synthetic:gemm:",
                          "synthetic:gemm:1,2",
                          "synthetic:gemm:1,2,3,4",
                          "synthetic:gemm:0,2,3",
                          "synthetic:gemm:1,-2,3",
                          "synthetic:gemm:1,2,x",
                          "synthetic:gemm:1,,3",
                          "synthetic:gemm:1,2,3:",
                          "synthetic:gemm:1,2,3:fp64",
                          "synthetic:gemm:1,2,3:half",
                          "synthetic:gemm: 1,2,3",
                          "synthetic:gemm:+1,2,3",
                          "synthetic:copy",
                          "synthetic:copy:",
                          "synthetic:copy:0",
                          "synthetic:copy:1k",
                          "synthetic:copy:-5",
                          "synthetic:copy:1.5",
                          "fake:1",
                          "gemm:1,2,3",
                          "Synthetic:empty"}) {
    const std::string message = rejection(bad);
    EXPECT_NE(message.find("bad synthetic model '" + std::string(bad) + "'"), std::string::npos) << bad;
    EXPECT_NE(message.find("synthetic:gemm:M,N,K[:fp16|bf16|fp32]"), std::string::npos) << message;
  }
  EXPECT_NE(rejection("synthetic:nop").find("unknown kind 'nop'"), std::string::npos);
  EXPECT_NE(rejection("synthetic:gemm:1,2,3:fp64").find("fp16, bf16 or fp32, not 'fp64'"), std::string::npos);
}

TEST(SyntheticSpec, RejectsSizesThatOverflow) {
  // Each GEMM size must fit cuBLAS's int.
  const std::string int_max = std::to_string(std::numeric_limits<int>::max());
  EXPECT_EQ(parse_spec("synthetic:gemm:" + int_max + ",1,1").m, std::numeric_limits<int>::max());
  EXPECT_NE(rejection("synthetic:gemm:2147483648,1,1").find("M 2147483648 is too large"), std::string::npos);
  // Each fits, but A (MxK fp32) would need about 2^64 bytes.
  EXPECT_NE(rejection("synthetic:gemm:2147483647,1,2147483647:fp32").find("too many bytes"),
            std::string::npos);
  // Past int64 in the text itself, and just inside it.
  EXPECT_NE(rejection("synthetic:copy:99999999999999999999").find("too large"), std::string::npos);
  EXPECT_EQ(parse_spec("synthetic:copy:9223372036854775807").bytes, std::numeric_limits<std::int64_t>::max());
}

TEST(SyntheticSpec, TensorsHaveABatchOfOneAndTheSpecsSizes) {
  using core::DType;
  using core::TensorSpec;
  EXPECT_EQ(inputs_of(parse_spec("synthetic:empty")),
            (std::vector{TensorSpec{"input", DType::fp32, {1, 1}}}));
  EXPECT_EQ(outputs_of(parse_spec("synthetic:empty")),
            (std::vector{TensorSpec{"output", DType::fp32, {1, 1}}}));
  const Spec gemm = parse_spec("synthetic:gemm:64,48,32:bf16");
  EXPECT_EQ(inputs_of(gemm), (std::vector{TensorSpec{"a", DType::bf16, {1, 64, 32}},
                                          TensorSpec{"b", DType::bf16, {1, 32, 48}}}));
  EXPECT_EQ(outputs_of(gemm), (std::vector{TensorSpec{"c", DType::bf16, {1, 64, 48}}}));
  const Spec copy = parse_spec("synthetic:copy:1000");
  EXPECT_EQ(inputs_of(copy), (std::vector{TensorSpec{"input", DType::uint8, {1, 1000}}}));
  EXPECT_EQ(outputs_of(copy).at(0).size_bytes(), 1000U);
}

TEST(SyntheticSpec, FloorsAreTheKnownWork) {
  const Floor empty = floor_of(parse_spec("synthetic:empty"));
  EXPECT_EQ(empty.flops, 0.0);
  EXPECT_EQ(empty.memory_bytes, 0.0);
  const Floor gemm = floor_of(parse_spec("synthetic:gemm:64,48,32"));
  EXPECT_EQ(gemm.flops, 2.0 * 64 * 48 * 32);
  EXPECT_EQ(gemm.memory_bytes, (64.0 * 32 + 32.0 * 48 + 64.0 * 48) * 2);
  const Floor big = floor_of(parse_spec("synthetic:gemm:2147483647,2147483647,2147483647:fp16"));
  EXPECT_DOUBLE_EQ(big.flops, 2.0 * 2147483647.0 * 2147483647.0 * 2147483647.0);
  const Floor copy = floor_of(parse_spec("synthetic:copy:1000"));
  EXPECT_EQ(copy.flops, 0.0);
  EXPECT_EQ(copy.memory_bytes, 2000.0);
}

}  // namespace
}  // namespace ib::backends::synthetic
