#include "trtexec/side_files.hpp"

#include <gtest/gtest.h>

#include <string>

#include "fixtures.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

using testing::fixture;

TEST(trtexecSideFiles, OurRunConfig) {
  const RunConfigFacts facts = parse_run_config(
      R"({"batch": 8, "warmup_ms": 250.5, "duration_s": null, "iterations": 100, "cuda_graph": true,
          "shapes": ["input:1x3x224x224", "mask:1x224x224"], "host": "h", "timestamp_utc": "2024-01-02T03:04:05Z"})");
  EXPECT_EQ(facts.batch, 8);
  EXPECT_EQ(facts.warmup_ms, 250.5);
  EXPECT_FALSE(facts.duration_s);
  EXPECT_EQ(facts.iterations, 100);
  EXPECT_EQ(facts.cuda_graph, true);
  ASSERT_EQ(facts.shapes.size(), 2u);
  EXPECT_EQ(facts.shapes[1].input_name, "mask");
  EXPECT_EQ(facts.shapes[1].shape, (core::Shape{1, 224, 224}));
  EXPECT_EQ(facts.host, "h");
  EXPECT_EQ(facts.json["batch"], 8);
}

TEST(trtexecSideFiles, TheToolkitsRunConfig) {
  const RunConfigFacts facts = parse_run_config(
      R"({"timestamp_iso": "2024-01-02T03:04:05", "batch": 1, "iterations": 200, "warmup": 500, "avg_runs": 100,
          "use_cuda_graph": true, "shapes": "input:1x3x518x518"})");
  EXPECT_EQ(facts.warmup_ms, 500);  // the toolkit passed its --warmup as trtexec's --warmUp, milliseconds
  EXPECT_EQ(facts.cuda_graph, true);
  EXPECT_EQ(facts.timestamp_utc, "2024-01-02T03:04:05");
  ASSERT_EQ(facts.shapes.size(), 1u);
  EXPECT_EQ(facts.shapes[0].shape, (core::Shape{1, 3, 518, 518}));
}

TEST(trtexecSideFiles, EngineMetadata) {
  const EngineFacts facts = parse_engine_metadata(
      R"({"path": "/m/a.plan", "filename": "a.plan", "size_bytes": 5, "size_megabytes": 5e-6,
          "modified_iso": "2024-01-02T03:04:05Z", "sha256": "ff"})");
  EXPECT_EQ(facts.path, "/m/a.plan");
  EXPECT_EQ(facts.size_bytes, 5u);
  EXPECT_EQ(facts.sha256, "ff");
  EXPECT_EQ(facts.mtime_utc, "2024-01-02T03:04:05Z");
  EXPECT_FALSE(facts.batch);
}

TEST(trtexecSideFiles, BadValuesAreParseErrors) {
  EXPECT_THROW((void)parse_run_config(R"({"batch": 0})"), ParseError);
  EXPECT_THROW((void)parse_run_config(R"({"batch": 1.5})"), ParseError);
  EXPECT_THROW((void)parse_run_config(R"({"warmup_ms": -1})"), ParseError);
  EXPECT_THROW((void)parse_run_config(R"({"cuda_graph": "yes"})"), ParseError);
  EXPECT_THROW((void)parse_run_config(R"({"shapes": ["input:1xax3"]})"), ParseError);
  EXPECT_THROW((void)parse_run_config(R"({"shapes": 3})"), ParseError);
  EXPECT_THROW((void)parse_run_config(R"({"host": 3})"), ParseError);
  EXPECT_THROW((void)parse_engine_metadata(R"({"size_bytes": -1})"), ParseError);
  EXPECT_THROW((void)parse_engine_metadata("[]"), ParseError);
}

TEST(trtexecSideFiles, Comparisons) {
  const std::vector<ComparisonRow> rows = parse_comparison_csv(fixture("compare.csv"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (ComparisonRow{"latency", "mean_ms", 4, 2.5, -1.5, 0.625}));
  EXPECT_EQ(rows[2].category, "gpu");
  const std::vector<ComparisonRow> quoted = parse_comparison_csv(
      "category,metric,pt_value,engine_value,delta,ratio\r\n\"a,b\",\"say \"\"hi\"\"\",1,,,\r\n");
  ASSERT_EQ(quoted.size(), 1u);
  EXPECT_EQ(quoted[0].category, "a,b");
  EXPECT_EQ(quoted[0].metric, "say \"hi\"");
  EXPECT_FALSE(quoted[0].engine_value);
  EXPECT_THROW((void)parse_comparison_csv("a,b\n"), ParseError);
  EXPECT_THROW((void)parse_comparison_csv("category,metric,pt_value,engine_value,delta,ratio\nx,y,1,2,3\n"),
               ParseError);
  EXPECT_THROW(
      (void)parse_comparison_csv("category,metric,pt_value,engine_value,delta,ratio\nx,y,one,2,3,4\n"),
      ParseError);
  EXPECT_THROW((void)parse_comparison_csv(""), ParseError);
  EXPECT_EQ(parse_output_diff(fixture("output_diff.json"))["count"], 1000);
  EXPECT_THROW((void)parse_output_diff(R"({"mae": "x"})"), ParseError);
}

}  // namespace
}  // namespace ib::trtexec
