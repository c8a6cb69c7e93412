#include "trtexec/times.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

using testing::fixture;

void expect_near(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-9) << "index " << i;
}

const stats::Summary& series(const TimesSummary& summary, std::string_view name) {
  for (const SeriesSummary& s : summary.series) {
    if (s.name == name) return s.summary;
  }
  throw std::runtime_error("no series " + std::string(name));
}

double percentile(const stats::Summary& summary, double p) {
  for (const stats::Percentile& q : summary.percentiles) {
    if (q.p == p) return q.value;
  }
  return std::nan("");
}

void expect_parse_error(const std::string& text, const std::string& part) {
  try {
    (void)parse_times(text);
    ADD_FAILURE() << "no error for: " << text;
  } catch (const ParseError& error) {
    EXPECT_NE(std::string(error.what()).find(part), std::string::npos) << error.what();
  }
}

TEST(trtexecTimes, TensorRT10LayoutReadsEveryStage) {
  const Times times = parse_times(fixture("times_v10.json"));
  EXPECT_EQ(times.layout, "TensorRT 8.0+");
  EXPECT_EQ(times.records(), 4u);
  expect_near(times.latency_ms, {1.3, 1.5, 1.5, 1.7});
  expect_near(times.gpu_compute_ms, {1.0, 1.2, 1.0, 1.4});
  expect_near(times.h2d_ms, {0.2, 0.2, 0.3, 0.2});
  expect_near(times.d2h_ms, {0.1, 0.1, 0.2, 0.1});
  // Enqueue from startEnqMs/endEnqMs (trtexec writes no enqueueMs): 200.2-200, 201.3-201, 202.1-202,
  // 203.4-203.
  expect_near(times.enqueue_ms, {0.2, 0.3, 0.1, 0.4});
  EXPECT_TRUE(times.end_to_end_ms.empty());  // dropped from the export in 8.4
  // Each record's earliest start (startEnqMs) and latest end (endD2hMs).
  expect_near(times.start_ms, {200, 201, 202, 203});
  expect_near(times.end_ms, {201.4, 202.9, 204.4, 206.1});
}

TEST(trtexecTimes, TensorRT10SummaryKnownNumbers) {
  const TimesSummary summary = summarize_times(parse_times(fixture("times_v10.json")), 2);
  EXPECT_EQ(summary.records, 4u);
  EXPECT_EQ(summary.batch, 2);
  // Span: last end 206.1 - first start 200.0 = 6.1 ms; 4 records / 0.0061 s = 655.7377 qps, x batch 2.
  ASSERT_TRUE(summary.span_ms);
  EXPECT_NEAR(*summary.span_ms, 6.1, 1e-9);
  EXPECT_NEAR(*summary.throughput_qps, 4 / 0.0061, 1e-6);
  EXPECT_NEAR(*summary.throughput_ips, 2 * 4 / 0.0061, 1e-6);
  ASSERT_EQ(summary.series.size(), 5u);
  EXPECT_EQ(summary.series[0].name, "latency_ms");
  EXPECT_EQ(summary.series[1].name, "gpu_compute_ms");
  EXPECT_EQ(summary.series[2].name, "enqueue_ms");
  EXPECT_EQ(summary.series[3].name, "h2d_ms");
  EXPECT_EQ(summary.series[4].name, "d2h_ms");

  // Latency sorted {1.3, 1.5, 1.5, 1.7}: mean 1.5; deviations -0.2, 0, 0, 0.2 -> variance 0.08 / 4 = 0.02;
  // linear percentiles at rank 3p: p90 -> 2.7 -> 1.5 + 0.7 * 0.2 = 1.64, p95 -> 1.67, p99 -> 1.694.
  const stats::Summary& latency = series(summary, "latency_ms");
  EXPECT_NEAR(latency.mean, 1.5, 1e-12);
  EXPECT_NEAR(latency.std, std::sqrt(0.02), 1e-12);
  EXPECT_NEAR(latency.min, 1.3, 1e-12);
  EXPECT_NEAR(latency.max, 1.7, 1e-12);
  EXPECT_NEAR(latency.median, 1.5, 1e-12);
  EXPECT_NEAR(percentile(latency, 90), 1.64, 1e-12);
  EXPECT_NEAR(percentile(latency, 95), 1.67, 1e-12);
  EXPECT_NEAR(percentile(latency, 99), 1.694, 1e-12);

  // Compute sorted {1.0, 1.0, 1.2, 1.4}: mean 1.15, median (1.0 + 1.2) / 2 = 1.1; squared deviations
  // 0.0225 + 0.0225 + 0.0025 + 0.0625 = 0.11 -> variance 0.0275; p90 = 1.2 + 0.7 * 0.2 = 1.34.
  const stats::Summary& compute = series(summary, "gpu_compute_ms");
  EXPECT_NEAR(compute.mean, 1.15, 1e-12);
  EXPECT_NEAR(compute.median, 1.1, 1e-12);
  EXPECT_NEAR(compute.std, std::sqrt(0.0275), 1e-12);
  EXPECT_NEAR(percentile(compute, 90), 1.34, 1e-12);
  EXPECT_NEAR(percentile(compute, 99), 1.394, 1e-12);

  // Enqueue sorted {0.1, 0.2, 0.3, 0.4}: mean 0.25, median 0.25, p90 = 0.3 + 0.7 * 0.1 = 0.37.
  const stats::Summary& enqueue = series(summary, "enqueue_ms");
  EXPECT_NEAR(enqueue.mean, 0.25, 1e-9);
  EXPECT_NEAR(enqueue.median, 0.25, 1e-9);
  EXPECT_NEAR(percentile(enqueue, 90), 0.37, 1e-9);
  EXPECT_NEAR(series(summary, "h2d_ms").mean, 0.225, 1e-12);  // (0.2 * 3 + 0.3) / 4
  EXPECT_NEAR(series(summary, "d2h_ms").mean, 0.125, 1e-12);  // (0.1 * 3 + 0.2) / 4
}

TEST(trtexecTimes, TensorRT82LayoutHasEndToEndAndTheWarmUp) {
  Times times = parse_times(fixture("times_v8_2.json"));
  EXPECT_EQ(times.layout, "TensorRT 8.0+");
  EXPECT_EQ(times.records(), 5u);
  expect_near(times.end_to_end_ms, {1.8, 1.3, 1.3, 1.5, 1.5});
  // With the two warm-up records: span 204.9 - 150.0 = 54.9 ms; 5 / 0.0549 s.
  const TimesSummary all = summarize_times(times, 1);
  EXPECT_NEAR(*all.span_ms, 54.9, 1e-9);
  EXPECT_NEAR(*all.throughput_qps, 5 / 0.0549, 1e-6);

  // trtexec's rule with its default 200 ms warm-up: compute started at 150.25 and 199.4 -> warm-up.
  EXPECT_EQ(drop_warmup(times, 200), 2u);
  expect_near(times.latency_ms, {1.3, 1.5, 1.5});
  expect_near(times.enqueue_ms, {0.1, 0.2, 0.1});
  expect_near(times.compute_start_ms, {200.8, 202.1, 203.6});
  // Span 204.9 - 200.5 = 4.4 ms; 3 / 0.0044 s = 681.8 qps; mean latency 4.3 / 3.
  const TimesSummary timed = summarize_times(times, 1);
  EXPECT_NEAR(*timed.span_ms, 4.4, 1e-9);
  EXPECT_NEAR(*timed.throughput_qps, 3 / 0.0044, 1e-6);
  EXPECT_NEAR(series(timed, "latency_ms").mean, 4.3 / 3, 1e-12);
  EXPECT_NEAR(series(timed, "end_to_end_ms").median, 1.5, 1e-12);
  // Idempotent: an 8.5+ export (no warm-up records) loses nothing.
  Times v10 = parse_times(fixture("times_v10.json"));
  EXPECT_EQ(drop_warmup(v10, 200), 0u);
  EXPECT_EQ(v10.records(), 4u);
}

TEST(trtexecTimes, TensorRT71SwapsTheEnqueueAndH2dLabels) {
  const Times times = parse_times(fixture("times_v7_1.json"));
  EXPECT_EQ(times.layout, "TensorRT 7.1/7.2");
  // H2D is inMs (and startEnqMs/endEnqMs, 0.5 ms each); enqueue is endInMs - startInMs: 10-9.8, 10.4-10.1,
  // 10.6-10.5. Reading the Enq keys as enqueue would give 0.5 ms three times.
  expect_near(times.h2d_ms, {0.5, 0.5, 0.5});
  expect_near(times.enqueue_ms, {0.2, 0.3, 0.1});
  expect_near(times.gpu_compute_ms, {2.0, 2.5, 1.5});
  expect_near(times.d2h_ms, {0.25, 0.25, 0.25});
  expect_near(times.latency_ms, {2.75, 3.25, 2.25});
  expect_near(times.end_to_end_ms, {2.75, 3.25, 2.25});
  // Span: first start 9.8 (record 0's enqueue) to last end 18.25: 8.45 ms.
  const TimesSummary summary = summarize_times(times, 1);
  EXPECT_NEAR(*summary.span_ms, 8.45, 1e-9);
  EXPECT_NEAR(*summary.throughput_qps, 3 / 0.00845, 1e-6);
}

TEST(trtexecTimes, TensorRT70HasNoEnqueueTimes) {
  const Times times = parse_times(fixture("times_v7_0.json"));
  EXPECT_EQ(times.layout, "TensorRT 7.0");
  EXPECT_TRUE(times.enqueue_ms.empty());
  expect_near(times.h2d_ms, {0.25, 0.25});
  expect_near(times.gpu_compute_ms, {1.0, 1.5});
  expect_near(times.latency_ms, {1.5, 2.0});
  const TimesSummary summary = summarize_times(times, 1);
  EXPECT_NEAR(*summary.throughput_qps, 2 / 0.0035, 1e-6);  // span 3.5 - 0
  ASSERT_EQ(summary.series.size(), 5u);                    // latency, compute, h2d, d2h, end_to_end
}

TEST(trtexecTimes, ListsPerStreamAreReadInOrderWithoutTimestamps) {
  const Times times = parse_times(fixture("times_streams.json"));
  EXPECT_EQ(times.layout, "TensorRT 8.0+, no timestamps");
  expect_near(times.latency_ms, {1.5, 2.5, 4.0});
  expect_near(times.gpu_compute_ms, {1.0, 2.0, 3.0});
  EXPECT_TRUE(times.start_ms.empty());
  ASSERT_FALSE(times.notes.empty());
  EXPECT_NE(times.notes.front().find("2 lists"), std::string::npos);
  const TimesSummary summary = summarize_times(times, 4);
  EXPECT_FALSE(summary.span_ms);
  EXPECT_FALSE(summary.throughput_qps);
  EXPECT_FALSE(summary.throughput_ips);
  EXPECT_NEAR(series(summary, "latency_ms").mean, 8.0 / 3, 1e-12);
}

TEST(trtexecTimes, AnObjectWrappingTheListIsUnwrapped) {
  const Times times = parse_times(fixture("times_wrapped.json"));
  EXPECT_EQ(times.layout, "TensorRT 8.0+");
  expect_near(times.enqueue_ms, {0.5, 0.25});
  expect_near(times.latency_ms, {2.5, 5.0});
  ASSERT_FALSE(times.notes.empty());
  EXPECT_NE(times.notes.front().find("'times'"), std::string::npos);
  EXPECT_NEAR(*summarize_times(times, 1).throughput_qps, 2 / 0.008, 1e-9);  // span 8 - 0 ms
}

TEST(trtexecTimes, LatencyIsTheSumOfTheStagesWhenNotWritten) {
  const Times times = parse_times(R"([{"h2dMs": 0.25, "computeMs": 1, "d2hMs": 0.5}])");
  expect_near(times.latency_ms, {1.75});
  ASSERT_FALSE(times.notes.empty());
  EXPECT_NE(times.notes.back().find("h2d_ms + gpu_compute_ms + d2h_ms"), std::string::npos);
}

TEST(trtexecTimes, SmallTimesStayMilliseconds) {
  // A compute mean below 0.1 is not seconds (the toolkit's bug multiplied it by 1000).
  const Times times = parse_times(R"([{"computeMs": 0.03}, {"computeMs": 0.05}])");
  EXPECT_TRUE(times.latency_ms.empty());
  const TimesSummary summary = summarize_times(times, 1);
  ASSERT_EQ(summary.series.size(), 1u);
  EXPECT_NEAR(summary.series[0].summary.mean, 0.04, 1e-15);
}

TEST(trtexecTimes, ErrorsNameTheRecordAndKey) {
  expect_parse_error(fixture("times_nan.json"), "record 1 (counting from 0): 'computeMs' is not a number");
  expect_parse_error("[]", "no inference records");
  expect_parse_error("{}", "0 array members");
  expect_parse_error(R"({"a": [], "b": []})", "2 array members");
  expect_parse_error("[1, 2]", "element 0 is a number");
  expect_parse_error("42", "is a number, expected the array");
  expect_parse_error(R"([[{"computeMs": 1}], {"computeMs": 1}])",
                     "element 1 is an object but element 0 is an array");
  expect_parse_error(R"([{"computeMs": 1}, {"latencyMs": 2}])",
                     "record 1 (counting from 0) has no 'computeMs'");
  expect_parse_error(R"([{"computeMs": "1.5"}])", "'computeMs' is a string");
  expect_parse_error(R"([{"computeMs": true}])", "'computeMs' is true or false");
  expect_parse_error(R"([{"computeMs": -0.5}])", "'computeMs' is negative");
  expect_parse_error(R"([{"startComputeMs": 5, "endComputeMs": 4}])",
                     "'endComputeMs' (4) is before 'startComputeMs' (5)");
  expect_parse_error(R"([{"foo": 1}])", "none of trtexec's timing keys");
  expect_parse_error(fixture("profile_v10.json"), "looks like an --exportProfile file");
  expect_parse_error(R"([{"computeMs": 1e999}])", "not valid JSON");
}

TEST(trtexecTimes, DropWarmupNeedsComputeStartsAndLeavesSomething) {
  Times streams = parse_times(fixture("times_streams.json"));
  EXPECT_THROW((void)drop_warmup(streams, 200), ParseError);
  Times v10 = parse_times(fixture("times_v10.json"));
  EXPECT_THROW((void)drop_warmup(v10, 1e6), ParseError);
  EXPECT_EQ(v10.records(), 4u);  // unchanged by the refused drop
}

TEST(trtexecTimes, LateTimestampsGetAPrecisionNote) {
  const Times times = parse_times(
      R"([{"startEnqMs": 12000.1, "endEnqMs": 12000.3, "startComputeMs": 12000.2, "endComputeMs": 12001.2}])");
  bool noted = false;
  for (const std::string& note : times.notes)
    noted = noted || note.find("6 significant digits") != std::string::npos;
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace ib::trtexec
