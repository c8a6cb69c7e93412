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
