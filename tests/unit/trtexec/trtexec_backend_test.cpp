// What the trtexec route reads back: the IO bindings a log names, and --exportOutput's values.
#include "trtexec/trtexec_backend.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inferbench/errors.hpp"
#include "trtexec/log.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

// The lines as trtexec 10.x/11.x (with the type) and 8.6 (without) print them (samples/common/sampleInference.cpp).
constexpr const char* kLog =
    "&&&& RUNNING TensorRT.trtexec [TensorRT v100300] [b26] # trtexec --loadEngine=m.plan\n"
    "[11/20/2024-09:14:03] [I] Input binding for images with dimensions 1x3x518x518 and type fp16 is created.\n"
    "[11/20/2024-09:14:03] [I] Output binding for depth with dimensions 1x518x518 and type fp32 is created.\n"
    "[11/20/2024-09:14:03] [I] Output binding for boxes is dynamic and will be created during execution using "
    "OutputAllocator.\n"
    "[I] Input binding for mask with dimensions 1x518x518 is created.\n"
    "[I] === Performance summary ===\n"
    "[I] Throughput: 10 qps\n"
    "[I] Latency: min = 1 ms, max = 1 ms, mean = 1 ms, median = 1 ms, percentile(99%) = 1 ms\n";

TEST(trtexecBackend, BindingsFromTheLog) {
  const LogSummary log = parse_log(kLog);
  ASSERT_EQ(log.bindings.size(), 3U);
  EXPECT_EQ(log.bindings[0], (LogBinding{"images", true, {1, 3, 518, 518}, "fp16"}));
  EXPECT_EQ(log.bindings[1], (LogBinding{"depth", false, {1, 518, 518}, "fp32"}));
  EXPECT_EQ(log.bindings[2], (LogBinding{"mask", true, {1, 518, 518}, std::nullopt}));
}

TEST(trtexecBackend, TensorsTakeTheLoggedTypesAndOutputsAreFp32) {
  const LogSummary log = parse_log(kLog);
  const TrtexecBackend backend(RunRequest{}, log.bindings, core::DType::bf16);
  EXPECT_EQ(backend.inputs(), (std::vector<core::TensorSpec>{{"images", core::DType::fp16, {1, 3, 518, 518}},
                                                             {"mask", core::DType::bf16, {1, 518, 518}}}));
  EXPECT_EQ(backend.outputs(), (std::vector<core::TensorSpec>{{"depth", core::DType::fp32, {1, 518, 518}}}));
  EXPECT_THROW(TrtexecBackend(RunRequest{}, {}, core::DType::fp32), core::InputError);
}

TEST(trtexecBackend, ExportedOutputValues) {
  const std::string json = "[\n  { \"name\" : \"depth\"\n  , \"dimensions\" : \"1x2x2\"\n  , \"values\" : [ 0.5, 1, "
                           "-2.25, 3e2 ]\n  }\n]\n";
  EXPECT_EQ(exported_output(json, "depth", 4), (std::vector<float>{0.5F, 1.0F, -2.25F, 300.0F}));
  EXPECT_THROW((void)exported_output(json, "depth", 5), ParseError);
  EXPECT_THROW((void)exported_output(json, "logits", 4), ParseError);
  // iostream prints non-finite values as nan/inf: not JSON, refused with a reason.
  EXPECT_THROW((void)exported_output("[{\"name\": \"depth\", \"values\": [nan]}]", "depth", 1), ParseError);
}

}  // namespace
}  // namespace ib::trtexec
