// The values of run flags parsed into typed values: the text a user types -> the value, or one error naming it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inferbench/errors.hpp"
#include "plan/values.hpp"

namespace ib::plan {
namespace {

TEST(ParsePercentiles, AcceptsCommasAndSpaces) {
  EXPECT_EQ(parse_percentiles("50,90,95,99"), (std::vector<double>{50, 90, 95, 99}));
  EXPECT_EQ(parse_percentiles("50 99.9"), (std::vector<double>{50, 99.9}));
  EXPECT_EQ(parse_percentiles(" 50, 90 ,99  99.99 "), (std::vector<double>{50, 90, 99, 99.99}));
  EXPECT_EQ(parse_percentiles("0,100"), (std::vector<double>{0, 100}));
  EXPECT_EQ(parse_percentiles("99"), (std::vector<double>{99}));
  EXPECT_EQ(parse_percentiles("1e1"), (std::vector<double>{10}));
}

TEST(ParsePercentiles, RejectsBadText) {
  for (const char* text : {"", "   ", "abc", "50,", ",50", "50,,90", "-1", "100.5", "nan", "inf", "50x",
                           "0x10", "50;90", "+50"}) {
    EXPECT_THROW((void)parse_percentiles(text), core::InputError) << "'" << text << "'";
  }
}

TEST(ParsePercentiles, ErrorNamesTheValue) {
  try {
    (void)parse_percentiles("50,abc");
    FAIL() << "no exception";
  } catch (const core::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("'abc'"), std::string::npos) << error.what();
  }
}

TEST(ParsePercentiles, RejectsARepeatedValue) {
  try {
    (void)parse_percentiles("50,99,50");
    FAIL() << "accepted a repeated percentile";
  } catch (const core::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'50' is given twice"), std::string::npos) << e.what();
  }
}

TEST(ParseChoices, SyncTelemetryAndDtypeListsAreTypedOrNamedInTheError) {
  EXPECT_EQ(parse_sync_mode("spin"), SyncMode::spin);
  EXPECT_EQ(parse_sync_mode("auto"), SyncMode::automatic);
  EXPECT_EQ(parse_telemetry_mode("concurrent"), TelemetryMode::concurrent);
  EXPECT_EQ(parse_dtype_list("fp32,fp16"), (std::vector<core::DType>{core::DType::fp32, core::DType::fp16}));
  try {
    (void)parse_sync_mode("busy");
    FAIL() << "accepted --sync busy";
  } catch (const core::InputError& e) {
    EXPECT_STREQ(e.what(), "bad --sync 'busy' (expected auto, block, spin or yield)");
  }
  EXPECT_THROW((void)parse_telemetry_mode("sometimes"), core::InputError);
  EXPECT_THROW((void)parse_dtype_list("fp32,"), core::InputError);
}

TEST(ParseChoices, ModelPrecisionSuffixAndTriples) {
  const ModelArg plain = parse_model_arg("dir/model.ts");
  EXPECT_EQ(plain.spec, "dir/model.ts");
  EXPECT_FALSE(plain.dtype.has_value());
  const ModelArg half = parse_model_arg("model.ts@fp16");
  EXPECT_EQ(half.spec, "model.ts");
  EXPECT_EQ(half.dtype, core::DType::fp16);
  EXPECT_EQ(parse_model_arg("user@host/model.ts").spec, "user@host/model.ts");  // a '/' after '@': a path
  EXPECT_THROW((void)parse_model_arg("model.ts@int4"), core::InputError);
  EXPECT_EQ(parse_triple("0.5,0.25,1", "--mean"), (std::array<float, 3>{0.5f, 0.25f, 1.0f}));
  for (const char* bad : {"0.5,0.5", "0.5,0.5,0.5,0.5", "a,b,c", "1,2,inf", ""}) {
    EXPECT_THROW((void)parse_triple(bad, "--std"), core::InputError) << bad;
  }
}

}  // namespace
}  // namespace ib::plan
