#include "trtexec/to_result.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "fixtures.hpp"
#include "result/result_json.hpp"
#include "result/warning_text.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

using testing::fixture;

ResultInputs inputs() {
  ResultInputs in;
  in.name = "resnet50.plan";
  in.batch = 2;
  in.model.path = "/models/resnet50.plan";
  in.model.size_bytes = 1234;
  in.model.sha256 = std::string(64, 'a');
  in.environment.host = "gpu-box";
  in.tensorrt_version = "10.3.0";
  in.warmup_ms = 200;
  in.shapes = {{"input", {1, 3, 224, 224}}};
  return in;
}

TEST(trtexecToResult, TensorRT10TraceBecomesARun) {
  const result::Result result = to_result(parse_times(fixture("times_v10.json")), inputs());
  ASSERT_EQ(result.runs.size(), 1u);
  EXPECT_EQ(result.environment.backends, (std::vector<result::BackendVersion>{{"trtexec", "10.3.0"}}));
  const result::Run& run = result.runs[0];
  EXPECT_EQ(run.name, "resnet50.plan");
  EXPECT_EQ(run.backend, "trtexec");
  EXPECT_EQ(run.device, "cuda:0");
  EXPECT_EQ(run.status, result::RunStatus::ok);
  EXPECT_EQ(run.config.iterations, 4);
  EXPECT_EQ(run.config.batch, 2);
  EXPECT_EQ(run.config.warmup_ms, 200);
  EXPECT_TRUE(run.config.transfers);
  EXPECT_EQ(run.config.percentiles, (std::vector<double>{50, 90, 95, 99}));
  EXPECT_EQ(run.samples.latency_ms.size(), 4u);
  EXPECT_EQ(run.samples.breakdown_latency_ms, run.samples.latency_ms);
  EXPECT_EQ(run.samples.compute_ms.size(), 4u);
  EXPECT_EQ(run.samples.enqueue_ms.size(), 4u);
  EXPECT_NEAR(run.samples.timed_wall_s, 0.0061, 1e-12);  // 206.1 - 200.0 ms
  ASSERT_TRUE(run.latency);
  EXPECT_NEAR(run.latency->mean, 1.5, 1e-12);
  EXPECT_NEAR(run.latency->percentiles[1].value, 1.64, 1e-12);  // p90, as in summary.json
  ASSERT_EQ(run.stages.size(), 4u);
  EXPECT_EQ(run.stages[0].name, "enqueue_ms");
  EXPECT_EQ(run.stages[2].name, "compute_ms");
  EXPECT_NEAR(run.stages[2].summary.mean, 1.15, 1e-12);
  // fps = batch * 1000 / mean latency = 2000 / 1.5; inferences/s = 4 records * 2 / 0.0061 s.
  ASSERT_TRUE(run.throughput);
  EXPECT_NEAR(run.throughput->fps, 2000 / 1.5, 1e-9);
  EXPECT_NEAR(run.throughput->inferences_per_s, 8 / 0.0061, 1e-6);
  // Four samples are too few for a 95% interval of the median (needs 6).
  ASSERT_EQ(run.latency_intervals.size(), 2u);
  EXPECT_FALSE(run.latency_intervals[0].available);
  ASSERT_FALSE(run.warnings.empty());
  EXPECT_NE(result::warning_text(run.warnings[0]).find("trtexec's Latency"), std::string::npos);
}

TEST(trtexecToResult, TheResultWriterWritesItAndReadsItBack) {
  const result::Result result = to_result(parse_times(fixture("times_v8_2.json")), inputs());
  const std::string text = result::serialize_result(result);
  EXPECT_EQ(result::parse_result(text), result);
  EXPECT_NE(text.find("\"backend\": \"trtexec\""), std::string::npos);
}

TEST(trtexecToResult, WithoutTimestampsTheWallTimeIsUnknown) {
  const result::Result result = to_result(parse_times(fixture("times_streams.json")), inputs());
  const result::Run& run = result.runs[0];
  EXPECT_TRUE(std::isnan(run.samples.timed_wall_s));
  EXPECT_TRUE(std::isnan(run.throughput->inferences_per_s));
  EXPECT_TRUE(run.samples.enqueue_ms.empty());
  const std::string text = result::serialize_result(result);
  EXPECT_NE(text.find("\"timed_wall_s\": null"), std::string::npos);
  const result::Result back = result::parse_result(text);
  EXPECT_EQ(back.runs[0].samples.latency_ms, run.samples.latency_ms);
}

TEST(trtexecToResult, HostBoundEnqueueIsWarned) {
  // Median enqueue 0.9 ms > 0.8 x median compute 1 ms.
  const Times times = parse_times(
      R"([{"startEnqMs": 0, "endEnqMs": 0.9, "computeMs": 1, "latencyMs": 1.2},
          {"startEnqMs": 1, "endEnqMs": 1.9, "computeMs": 1, "latencyMs": 1.2}])");
  const result::Run run = to_result(times, inputs()).runs[0];
  bool warned = false;
  for (const result::Warning& warning : run.warnings)
    warned = warned || result::warning_text(warning).find("host-bound") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(trtexecToResult, NoLatencyNoRun) {
  EXPECT_THROW((void)to_result(parse_times(R"([{"computeMs": 1}])"), inputs()), ParseError);
}

}  // namespace
}  // namespace ib::trtexec
