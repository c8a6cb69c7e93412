#include "report/console_table.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace ib::report {
namespace {

result::Run make_run(std::string name, std::vector<double> latency_ms) {
  result::Run run;
  run.name = std::move(name);
  run.backend = "libtorch";
  run.device = "cuda:0";
  run.config.batch = 1;
  run.config.percentiles = {50, 99};
  run.samples.latency_ms = latency_ms;
  run.latency = stats::summarize(latency_ms, run.config.percentiles);
  run.throughput = result::Throughput{1000.0 / run.latency->mean, 0};
  return run;
}

TEST(ConsoleTable, AlignsColumnsAndPrintsWarningsAndDefinitions) {
  result::Result result;
  result.runs.push_back(make_run("vit", {1.0, 2.0, 3.0}));
  result.runs.push_back(make_run("demo_model", {10.0}));
  result.runs.back().warnings.push_back("only 1 samples");
  result::Run failed;
  failed.name = "broken";
  failed.backend = "libtorch";
  failed.device = "cpu";
  failed.status = result::RunStatus::failed;
  failed.error = "cannot load";
  result.runs.push_back(failed);

  std::ostringstream out;
  print_console_table(out, result);
  const std::string expected =
      "model       backend   device  mean ms  std ms  p50 ms  p99 ms  min ms  max ms    FPS  samples\n"
      "vit         libtorch  cuda:0    2.000   0.816   2.000   2.980   1.000   3.000  500.0        3\n"
      "demo_model  libtorch  cuda:0   10.000       -  10.000  10.000  10.000  10.000  100.0        1\n"
      "broken      libtorch  cpu      failed\n"
      "warning: demo_model: only 1 samples\n"
      "error: broken: cannot load\n"
      "latency: host wall clock per round trip; percentiles: linear interpolation; std: population; "
      "FPS = batch * 1000 / mean ms\n";
  EXPECT_EQ(out.str(), expected);
}

}  // namespace
}  // namespace ib::report

namespace ib::report {
namespace {

TEST(ConsoleTable, PrintsBreakdownStartupAndAdaptiveStop) {
  result::Result result;
  result::Run run = make_run("vit", {1.0, 2.0, 3.0});
  run.stages = {{"enqueue_ms", stats::summarize(std::vector<double>{0.25}, run.config.percentiles)},
                {"h2d_ms", stats::summarize(std::vector<double>{0.5}, run.config.percentiles)},
                {"compute_ms", stats::summarize(std::vector<double>{1.25}, run.config.percentiles)},
                {"d2h_ms", stats::summarize(std::vector<double>{0.125}, run.config.percentiles)}};
  run.breakdown = result::Breakdown{1.875, 2.0, 0.125, 0.0625, 0.0};
  run.startup = result::Startup{500.0, 12.5, 300.0, 2.0};
  run.device_memory = result::DeviceMemory{80'000'000'000, 500'000'000, 287'000'000, 2'000'000, 58'000'000};
  run.stopped_by = "stable";
  run.latency_intervals = {{50, 0.95, true, 1.0, 3.0}, {99, 0.95, false, 0, 0}};
  result.runs.push_back(run);
  std::ostringstream out;
  print_console_table(out, result);
  const std::string text = out.str();
  EXPECT_NE(
      text.find(
          "breakdown: vit: h2d 0.500 + compute 1.250 + d2h 0.125 = 1.875 ms of 2.000 ms wall (gap 6.2%); "
          "enqueue 0.250 ms; events cost +0.000 ms\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("startup: vit: load 500.0 ms, prepare 12.5 ms, first inference 300.000 ms, second 2.000 ms; "
                "device memory: model 287 MB, buffers 2 MB, run 58 MB\n"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("stopped: vit: stable after 3 samples (0.00 s), p50 95% CI [1.000, 3.000] ms, p99 95% CI not "
                "available\n"),
      std::string::npos)
      << text;
}

}  // namespace
}  // namespace ib::report
