// The exports, parsed back and checked against the result they came from: summary.csv (every number the
// same double, empty cells where the run has nothing), samples.csv (every raw sample), summary.md (the
// table's cells against hand-computed values); never a bare NaN.
#include "report/exporters.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "csv_reader.hpp"
#include "sample_result.hpp"

namespace ib::report {
namespace {

namespace fs = std::filesystem;
using testing::csv_records;

double number(const std::string& cell) {
  std::size_t used = 0;
  const double value = std::stod(cell, &used);
  EXPECT_EQ(used, cell.size()) << cell;
  return value;
}

// No "nan" or "inf" as a word of its own ("inferences_per_s" is fine), in any case.
void expect_no_nan(const std::string& text) {
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto letter = [&](std::size_t i) {
    return i < lower.size() && std::isalpha(static_cast<unsigned char>(lower[i]));
  };
  for (const std::string bad : {"nan", "inf"}) {
    for (auto at = lower.find(bad); at != std::string::npos; at = lower.find(bad, at + 1)) {
      EXPECT_TRUE((at > 0 && letter(at - 1)) || letter(at + 3)) << text.substr(at > 20 ? at - 20 : 0, 40);
    }
  }
}

class Exporters : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ib_exporters_" + std::to_string(getpid()));
    result_ = testing::sample_result(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  result::Result result_;
};

TEST_F(Exporters, SummaryCsvReadsBackAsTheResult) {
  const std::string text = summary_csv(result_);
  expect_no_nan(text);
  const auto records = csv_records(text);
  ASSERT_EQ(records.size(), result_.runs.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& row = records[i];
    const auto& run = result_.runs[i];
    const auto& l = *run.latency;
    EXPECT_EQ(row.at("name"), run.name);
    EXPECT_EQ(row.at("backend"), "tensorrt");
    EXPECT_EQ(row.at("status"), "ok");
    EXPECT_EQ(row.at("precision"), run.config.dtype);
    EXPECT_EQ(row.at("batch"), "1");
    EXPECT_EQ(row.at("count"), "400");
    // The shortest round-trip text of a double reads back as the same double.
    EXPECT_EQ(number(row.at("mean_ms")), l.mean);
    EXPECT_EQ(number(row.at("std_ms")), l.std);
    EXPECT_EQ(number(row.at("min_ms")), l.min);
    EXPECT_EQ(number(row.at("max_ms")), l.max);
    EXPECT_EQ(number(row.at("median_ms")), l.median);
    EXPECT_EQ(number(row.at("p99_ms")), l.percentiles[3].value);
    EXPECT_EQ(number(row.at("p90_ms")), l.percentiles[1].value);
    EXPECT_DOUBLE_EQ(number(row.at("mean_fps")), 1000.0 / l.mean);  // batch 1
    EXPECT_DOUBLE_EQ(number(row.at("median_fps")), 1000.0 / l.median);
    EXPECT_EQ(number(row.at("inferences_per_s")), run.throughput->inferences_per_s);
    EXPECT_EQ(number(row.at("gpu_util_mean_pct")), 96.5 - 8.0 * static_cast<double>(i));
    EXPECT_EQ(number(row.at("vram_used_max_mb")), 2200);
    EXPECT_EQ(row.at("mem_util_mean_pct"), "");  // not in the run's summaries
    EXPECT_EQ(number(row.at("energy_per_inference_j")), *run.telemetry_summary->energy_per_inference_j);
    EXPECT_EQ(number(row.at("peak_power_w")), 333.25);
    EXPECT_EQ(number(row.at("cpu_ms_per_inference")), 4.375);
    EXPECT_EQ(row.at("peak_rss_bytes"), "812000000");
    EXPECT_EQ(row.at("gt_mode"), "single-image");
    EXPECT_EQ(number(row.at("d1")), run.quality->ground_truth->metrics.d1);
    EXPECT_EQ(row.at("error"), "");
  }
  // The reference run has no comparison: empty cells; the others name it.
  EXPECT_EQ(records[0].at("reference"), "");
  EXPECT_EQ(records[0].at("mae"), "");
  EXPECT_EQ(records[2].at("reference"), "depth_anything_vits_fp32");
  EXPECT_EQ(number(records[2].at("mae")), 0.004);
}

TEST_F(Exporters, NonFiniteSamplesQuotingBatchAndFailedRuns) {
  result::Result result;
  result::Run run = testing::make_run("model, \"quoted\"", "fp16", {1, 2, 3, 10});
  // A sample stored as null reads back as NaN: left out of every statistic, its place kept in samples.csv.
  run.samples.latency_ms.insert(run.samples.latency_ms.begin() + 2, std::numeric_limits<double>::quiet_NaN());
  run.config.batch = 2;
  run.config.percentiles = {50, 99.9};
  result.runs.push_back(run);
  result::Run failed;
  failed.name = "broken";
  failed.status = result::RunStatus::failed;
  failed.error = "cannot load: bad, file";
  result.runs.push_back(failed);

  const std::string text = summary_csv(result);
  expect_no_nan(text);
  const auto records = csv_records(text);
  ASSERT_EQ(records.size(), 2u);
  const auto& row = records[0];
  EXPECT_EQ(row.at("name"), "model, \"quoted\"");
  // Finite samples {1, 2, 3, 10}: mean 4, median 2.5, population std sqrt(50 / 4) = 3.5355339059327378,
  // p99.9: h = 3 * 0.999 = 2.997 -> 3 + 0.997 * 7 = 9.979. FPS with batch 2: 2000 / 4 = 500 and 2000 / 2.5 =
  // 800.
  EXPECT_EQ(row.at("count"), "4");
  EXPECT_EQ(number(row.at("mean_ms")), 4.0);
  EXPECT_EQ(number(row.at("median_ms")), 2.5);
  EXPECT_DOUBLE_EQ(number(row.at("std_ms")), std::sqrt(12.5));
  EXPECT_DOUBLE_EQ(number(row.at("p99.9_ms")), 9.979);
  EXPECT_EQ(number(row.at("mean_fps")), 500.0);
  EXPECT_EQ(number(row.at("median_fps")), 800.0);
  EXPECT_EQ(records[1].at("status"), "failed");
  EXPECT_EQ(records[1].at("count"), "0");
  EXPECT_EQ(records[1].at("mean_ms"), "");
  EXPECT_EQ(records[1].at("error"), "cannot load: bad, file");

  const std::string samples = samples_csv(result);
  expect_no_nan(samples);
  const auto sample_rows = csv_records(samples);
  ASSERT_EQ(sample_rows.size(), 5u);
  EXPECT_EQ(sample_rows[2].at("latency_ms"), "");  // the NaN sample: an empty cell, its place kept
  EXPECT_EQ(sample_rows[4].at("iteration"), "4");
  EXPECT_EQ(number(sample_rows[4].at("latency_ms")), 10.0);

  // The Markdown row, by hand from the numbers above.
  const std::string md = summary_markdown(result);
  expect_no_nan(md);
  EXPECT_NE(
      md.find(
          "| Model | Backend | Precision | Median FPS | Mean FPS | Median latency (ms) | Mean latency (ms) | "
          "p99 (ms) | std (ms) |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n"),
      std::string::npos)
      << md;
  // p99: h = 3 * 0.99 = 2.97 -> 3 + 0.97 * 7 = 9.79.
  EXPECT_NE(
      md.find("| model, \"quoted\" | tensorrt | fp16 | 800.0 | 500.0 | 2.500 | 4.000 | 9.790 | 3.536 |\n"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| broken |  |  | failed | - | - | - | - | - |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- **broken** failed: cannot load: bad, file\n"), std::string::npos) << md;
}

TEST_F(Exporters, SamplesCsvHoldsEverySampleOfBothPasses) {
  result::Result result;
  result::Run run = testing::make_run("a", "fp32", {1.5, 2.25, 3.0});
  run.samples.stream = {0, 1, 0};
  run.samples.breakdown_latency_ms = {1.75, 2.0};
  run.samples.enqueue_ms = {0.03, 0.04};
  run.samples.h2d_ms = {0.25, 0.5};
  run.samples.compute_ms = {1.25, 1.0};
  run.samples.d2h_ms = {0.125, 0.25};
  result.runs.push_back(run);
  const auto rows = csv_records(samples_csv(result));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].at("run"), "a");
  EXPECT_EQ(rows[1].at("pass"), "speed");
  EXPECT_EQ(rows[1].at("iteration"), "1");
  EXPECT_EQ(number(rows[1].at("latency_ms")), 2.25);
  EXPECT_EQ(rows[1].at("stream"), "1");
  EXPECT_EQ(rows[1].at("compute_ms"), "");
  EXPECT_EQ(rows[4].at("pass"), "breakdown");
  EXPECT_EQ(rows[4].at("iteration"), "1");
  EXPECT_EQ(number(rows[4].at("latency_ms")), 2.0);
  EXPECT_EQ(number(rows[4].at("enqueue_ms")), 0.04);
  EXPECT_EQ(number(rows[4].at("h2d_ms")), 0.5);
  EXPECT_EQ(number(rows[4].at("compute_ms")), 1.0);
  EXPECT_EQ(number(rows[4].at("d2h_ms")), 0.25);
  EXPECT_EQ(rows[4].at("stream"), "");
}

TEST_F(Exporters, MarkdownSectionsForTelemetryProcessAndQuality) {
  result_.runs[1].quality->ground_truth->mode = "dataset";
  result_.runs[1].quality->ground_truth->images = 12;
  const std::string md = summary_markdown(result_, {"speed_benchmark.png"});
  expect_no_nan(md);
  EXPECT_NE(md.find("host bench-01 · NVIDIA H100 80GB HBM3 · 2026-11-23T10:00:00Z · inferbench 0.1.0 (git "
                    "0123456789ab)\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("## GPU telemetry\n"), std::string::npos);
  // Energy per inference 0.3075 J = 307.500 mJ; clocks 1980 -> 1755; VRAM 2200 MiB (NVML's unit) = 2.31 GB.
  EXPECT_NE(
      md.find("| depth_anything_vits_fp32 | 96.5 | - | 2.31 GB | 301.5 | 333.2 | 307.500 | 1980 → 1755 |\n"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| depth_anything_vits_fp32 | 4.375 | 812 MB |\n"), std::string::npos) << md;
  EXPECT_NE(
      md.find("| depth_anything_vits_int8 | depth_anything_vits_fp32 | 0.004000 | 0.006000 | 0.100000 |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| depth_anything_vits_fp32 | single image | 0.0500 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| depth_anything_vits_fp16 | dataset average over 12 images | 0.0600 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("![speed_benchmark.png](speed_benchmark.png)"), std::string::npos) << md;
}

// A summary-only result (no samples) shows its stored stats, marked in both exports; a run with samples shows
// what they give, whatever its stored stats say.
TEST_F(Exporters, StoredStatsWithoutSamplesAreShownAndMarked) {
  result::Result result;
  result::Run stored = testing::make_run("summary_only", "fp16", {1, 2, 3, 10});
  stored.samples.latency_ms.clear();
  result.runs.push_back(stored);
  result::Run edited = testing::make_run("edited", "fp16", {1, 2, 3, 10});
  edited.latency->mean = 40;
  edited.throughput->inferences_per_s = 7;
  result.runs.push_back(edited);

  const auto records = csv_records(summary_csv(result));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].at("stats_from"), "stored");
  EXPECT_EQ(records[0].at("count"), "4");
  EXPECT_EQ(number(records[0].at("mean_ms")), 4.0);
  EXPECT_EQ(number(records[0].at("inferences_per_s")), stored.throughput->inferences_per_s);
  EXPECT_EQ(records[1].at("stats_from"), "samples");
  EXPECT_EQ(number(records[1].at("mean_ms")), 4.0);
  // 4 samples over a timed wall of 16 ms: 250 per second.
  EXPECT_DOUBLE_EQ(number(records[1].at("inferences_per_s")), 250.0);

  const std::string md = summary_markdown(result);
  EXPECT_NE(md.find("| summary_only † | tensorrt | fp16 | 400.0 | 250.0 | 2.500 | 4.000 | 9.790 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| edited | tensorrt | fp16 | 400.0 | 250.0 | 2.500 | 4.000 | 9.790 |"),
            std::string::npos)
      << md;
  EXPECT_NE(
      md.find("† No samples in the result: the stored stats of summary_only are shown as they were written, "
              "and cannot be checked.\n"),
      std::string::npos)
      << md;
}

TEST_F(Exporters, StandardExportersNameTheirFiles) {
  const auto exporters = standard_exporters();
  ASSERT_EQ(exporters.size(), 3u);
  EXPECT_EQ(exporters[0]->file_name(), "summary.csv");
  EXPECT_EQ(exporters[1]->file_name(), "samples.csv");
  EXPECT_EQ(exporters[2]->file_name(), "summary.md");
  EXPECT_EQ(exporters[0]->serialize(result_), summary_csv(result_));
  EXPECT_EQ(exporters[2]->serialize(result_), summary_markdown(result_));
}

}  // namespace
}  // namespace ib::report
