#include "trtexec/log.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "fixtures.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

using testing::fixture;

const LogStat& series(const LogSummary& log, std::string_view name) {
  for (const auto& [key, stat] : log.series) {
    if (key == name) return stat;
  }
  throw std::runtime_error("no series " + std::string(name));
}

TEST(trtexecLog, TensorRT10SummaryAsPrinted) {
  const LogSummary log = parse_log(fixture("trtexec_v10.log"));
  EXPECT_EQ(log.format, "TensorRT 8.0+ performance summary");
  EXPECT_EQ(log.tensorrt_version, "10.3.0");
  EXPECT_EQ(log.status, "passed");
  EXPECT_EQ(log.queries, 1437);
  EXPECT_EQ(log.warmup_queries, 96);
  EXPECT_DOUBLE_EQ(*log.throughput_qps, 478.258);
  ASSERT_EQ(log.series.size(), 5u);
  EXPECT_EQ(log.series[0].first, "latency_ms");  // the main Latency line, not only its variants
  EXPECT_EQ(log.series[1].first, "enqueue_ms");
  EXPECT_EQ(log.series[2].first, "h2d_ms");
  EXPECT_EQ(log.series[3].first, "gpu_compute_ms");
  EXPECT_EQ(log.series[4].first, "d2h_ms");
  const LogStat& latency = series(log, "latency_ms");
  EXPECT_DOUBLE_EQ(*latency.min, 2.33594);
  EXPECT_DOUBLE_EQ(*latency.max, 3.11133);
  EXPECT_DOUBLE_EQ(*latency.mean, 2.41878);
  EXPECT_DOUBLE_EQ(*latency.median, 2.40723);
  ASSERT_EQ(latency.percentiles.size(), 3u);
  EXPECT_EQ(latency.percentiles[0], (stats::Percentile{90, 2.45703}));
  EXPECT_EQ(latency.percentiles[1], (stats::Percentile{95, 2.47656}));
  EXPECT_EQ(latency.percentiles[2], (stats::Percentile{99, 2.71289}));
  const LogStat& compute = series(log, "gpu_compute_ms");
  EXPECT_DOUBLE_EQ(*compute.mean, 2.0947);
  EXPECT_DOUBLE_EQ(compute.percentiles[2].value, 2.375);
  EXPECT_DOUBLE_EQ(*series(log, "d2h_ms").min, 0.0249023);
  // The verbose explanations after the summary ("Latency: the summation of ...") must not be read as numbers.
  EXPECT_DOUBLE_EQ(*log.total_host_walltime_s, 3.00461);
  EXPECT_DOUBLE_EQ(*log.total_gpu_compute_time_s, 3.01008);
  EXPECT_DOUBLE_EQ(*log.gpu_compute_cv_percent, 2.31542);
  ASSERT_EQ(log.warnings.size(), 2u);
  EXPECT_EQ(log.warnings[0].rfind("[TRT] Using an engine plan file", 0), 0u);
  EXPECT_EQ(
      log.warnings[1],
      "GPU compute time is unstable, with coefficient of variance = 2.31542%. If not already in use, locking "
      "GPU clock frequency or adding --useSpinWait may improve the stability.");
  EXPECT_TRUE(log.errors.empty());
}

TEST(trtexecLog, TensorRT82HasEndToEndAndOnePercentile) {
  const LogSummary log = parse_log(fixture("trtexec_v8_2.log"));
  EXPECT_EQ(log.tensorrt_version, "8.2.1");
  ASSERT_EQ(log.series.size(), 6u);
  EXPECT_EQ(log.series[1].first, "end_to_end_ms");
  const LogStat& e2e = series(log, "end_to_end_ms");
  EXPECT_DOUBLE_EQ(*e2e.mean, 8.46729);
  ASSERT_EQ(e2e.percentiles.size(), 1u);
  EXPECT_EQ(e2e.percentiles[0], (stats::Percentile{99, 8.53906}));
  EXPECT_DOUBLE_EQ(*series(log, "enqueue_ms").median, 3.94531);
  EXPECT_DOUBLE_EQ(*series(log, "latency_ms").min, 4.2041);
  EXPECT_DOUBLE_EQ(*log.throughput_qps, 233.363);
  EXPECT_FALSE(log.gpu_compute_cv_percent);
  ASSERT_EQ(log.warnings.size(), 1u);
  EXPECT_EQ(log.warnings[0].rfind("Throughput may be bound by Enqueue Time", 0), 0u);
  EXPECT_NE(log.warnings[0].find("--useCudaGraph"), std::string::npos);
}

TEST(trtexecLog, TensorRT7Blocks) {
  const LogSummary log = parse_log(fixture("trtexec_v7.log"));
  EXPECT_EQ(log.format, "TensorRT 7 performance summary");
  EXPECT_FALSE(log.tensorrt_version);
  EXPECT_EQ(log.status, "passed");
  EXPECT_EQ(log.queries, 312);
  EXPECT_DOUBLE_EQ(*log.throughput_qps, 103.348);
  EXPECT_DOUBLE_EQ(*log.total_host_walltime_s, 3.01894);
  EXPECT_DOUBLE_EQ(*log.total_gpu_compute_time_s, 2.93843);
  const LogStat& latency = series(log, "latency_ms");
  EXPECT_DOUBLE_EQ(*latency.min, 9.51367);
  EXPECT_DOUBLE_EQ(*latency.mean, 9.67125);
  ASSERT_EQ(latency.percentiles.size(), 1u);
  EXPECT_EQ(latency.percentiles[0], (stats::Percentile{99, 10.2412}));
  const LogStat& e2e = series(log, "end_to_end_ms");
  EXPECT_DOUBLE_EQ(*e2e.max, 21.4219);
  EXPECT_EQ(e2e.percentiles[0], (stats::Percentile{99, 20.1807}));
  const LogStat& enqueue = series(log, "enqueue_ms");
  EXPECT_DOUBLE_EQ(*enqueue.median, 0.607422);
  EXPECT_FALSE(enqueue.mean);  // TensorRT 7 printed no mean enqueue time
  EXPECT_DOUBLE_EQ(*series(log, "gpu_compute_ms").median, 9.38965);
}

TEST(trtexecLog, TheLastSummaryWinsAndLinesWithoutPrefixesAreRead) {
  const std::string text =
      "=== Performance summary ===\n"
      "Throughput: 10 qps\n"
      "Latency: min = 1 ms, max = 3 ms, mean = 2 ms, median = 2 ms, percentile(99.9%) = 3 ms\n"
      "=== Performance summary ===\r\n"
      "Throughput: 20 qps\r\n"
      "GPU Compute Time: min = 0.5 ms, max = 1 ms, mean = inf ms, median = 0.75 ms\r\n";
  const LogSummary log = parse_log(text);
  EXPECT_DOUBLE_EQ(*log.throughput_qps, 20);
  ASSERT_EQ(log.series.size(), 1u);
  EXPECT_EQ(log.series[0].first, "gpu_compute_ms");
  EXPECT_FALSE(log.series[0].second.mean);  // inf reads as missing
  EXPECT_DOUBLE_EQ(*log.series[0].second.median, 0.75);
}

TEST(trtexecLog, ErrorsAndFailures) {
  try {
    (void)parse_log("[I] Loading engine\n[E] Error[1]: no such file\n&&&& FAILED TensorRT.trtexec\n");
    ADD_FAILURE();
  } catch (const ParseError& error) {
    EXPECT_NE(std::string(error.what()).find("did trtexec finish?"), std::string::npos);
  }
  try {
    (void)parse_log("[I] === Performance summary ===\n[I] Latency: min = abc ms, max = 1 ms\n");
    ADD_FAILURE();
  } catch (const ParseError& error) {
    EXPECT_NE(
        std::string(error.what()).find("line 2 ('Latency: min = abc ms, max = 1 ms'): 'abc' is not a number"),
        std::string::npos)
        << error.what();
  }
  EXPECT_THROW((void)parse_log("[I] === Performance summary ===\n[I] Throughput: 12 fps\n"), ParseError);
  EXPECT_THROW((void)parse_log(""), ParseError);
  const LogSummary failed = parse_log(
      "[I] === Performance summary ===\n[E] Error[2]: something broke\n&&&& FAILED TensorRT.trtexec "
      "[TensorRT v8601]\n");
  EXPECT_EQ(failed.status, "failed");
  EXPECT_EQ(failed.tensorrt_version, "8.6.1");
  ASSERT_EQ(failed.errors.size(), 1u);
  EXPECT_EQ(failed.errors[0], "Error[2]: something broke");
}

TEST(trtexecLog, VersionNumbers) {
  EXPECT_EQ(decode_version_number("8601"), "8.6.1");
  EXPECT_EQ(decode_version_number("7103"), "7.1.3");
  EXPECT_EQ(decode_version_number("100300"), "10.3.0");
  EXPECT_EQ(decode_version_number("110100"), "11.1.0");
  EXPECT_FALSE(decode_version_number("12"));
  EXPECT_FALSE(decode_version_number("86x1"));
  EXPECT_FALSE(decode_version_number(""));
}

}  // namespace
}  // namespace ib::trtexec
