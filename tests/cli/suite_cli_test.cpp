// `inferbench suite`: the CPU example end to end, the runner's format, exit codes, and a suite interrupted
// with SIGINT that --resume completes without running its finished cases again.
#include <csignal>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../support/html_check.hpp"
#include "../support/cli_test.hpp"
#include "../support/subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;
using ib::testing::slurp;
using nlohmann::json;
using ::testing::HasSubstr;

const std::string kBinary = INFERBENCH_BIN;
const fs::path kSource = IB_SOURCE_DIR;

class SuiteCli : public ib::testing::CliTest {
 protected:
  SuiteCli() : CliTest("ib_suite_cli_") {}

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(work_ / name) << text;
    return work_ / name;
  }
  json suite_json() { return json::parse(slurp(work_ / "out" / "suite.json")); }
};

TEST_F(SuiteCli, RunsTheCpuExampleAndTabulatesEveryCase) {
  const ProcessResult r = inferbench({"suite", (kSource / "examples/suites/cpu-demo.yml").string(), "--output-dir",
                                      (work_ / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json suite = suite_json();
  EXPECT_EQ(suite["schema_version"], "1.0.0");
  ASSERT_EQ(suite["cases"].size(), 16u);
  int ok = 0;
  for (const json& c : suite["cases"]) {
    if (c["status"] == "ok") {
      ++ok;
      EXPECT_EQ(c["stats"]["samples"], 30);
      const json result = json::parse(slurp(work_ / "out" / c["result"].get<std::string>()));
      EXPECT_EQ(result["runs"][0]["name"], c["name"]);
      EXPECT_EQ(result["runs"][0]["config"]["batch"], c["batch"]);
    } else {
      EXPECT_EQ(c["status"], "skipped");
      EXPECT_FALSE(c["reason"].get<std::string>().empty());
    }
  }
  EXPECT_EQ(ok, 4);  // demo and fake, fp32, batch 1 and 2
  const std::string md = slurp(work_ / "out" / "suite.md");
  EXPECT_THAT(md, HasSubstr("| Config | Backend | precision | Median(FPS) | Mean(FPS) | Median-Latency(ms) | "
                            "Mean-Latency(ms) | 99th_p | std_dev |"));
  EXPECT_THAT(md, HasSubstr("| demo b2 | libtorch | int8 | - |"));
  EXPECT_THAT(slurp(work_ / "out" / "suite.csv"), HasSubstr("fake_0.2-fake-fp32-b2,fake:0.2 b2,fake:0.2,fake,fp32,2,ok,"));
  // One report.html for the whole suite: every measured case by name, nothing fetched from outside the file.
  const std::string page = slurp(work_ / "out" / "report.html");
  EXPECT_THAT(page, HasSubstr("<title>inferbench suite: cpu-demo</title>"));
  for (const json& c : suite["cases"]) {
    const std::string cell = "<th class=\"text\">" + c["name"].get<std::string>() + "</th>";
    EXPECT_EQ(page.find(cell) != std::string::npos, c["status"] == "ok") << c["name"];
  }
  EXPECT_TRUE(ib::testing::external_references(page).empty());
}

TEST_F(SuiteCli, DryRunListsTheCasesAndRunsNothing) {
  const ProcessResult r = inferbench({"suite", (kSource / "examples/suites/cpu-demo.yml").string(), "--dry-run",
                                      "--output-dir", (work_ / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("16 cases"));
  EXPECT_THAT(r.out, HasSubstr("demo-libtorch-int8-b1"));
  EXPECT_THAT(r.out, HasSubstr("skipped: int8 needs a calibrated TensorRT engine"));
  EXPECT_FALSE(fs::exists(work_ / "out"));
}

TEST_F(SuiteCli, ABadFileIsOneLineNamingKeyAndLineAndExit2) {
  const fs::path file = write("bad.yml", "models: ['fake:1']\niterations: 10\nwarmup: many\n");
  const ProcessResult r = inferbench({"suite", file.string(), "--output-dir", (work_ / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("inferbench: error: "));
  EXPECT_THAT(r.err, HasSubstr("bad.yml:3: key 'warmup':"));
  EXPECT_FALSE(fs::exists(work_ / "out"));
}

TEST_F(SuiteCli, AFailingCaseIsRecordedAndTheSuiteGoesOnWithExit1) {
  std::ofstream(work_ / "broken.ts") << "not a TorchScript archive";
  const fs::path file = write("s.yml", "models: [broken.ts, 'fake:0.1']\ninputs: 1x3x8x8\niterations: 10\nwarmup: 1\n"
                                       "device: cpu\n");
  const ProcessResult r = inferbench({"suite", file.string(), "--output-dir", (work_ / "out").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json suite = suite_json();
  ASSERT_EQ(suite["cases"].size(), 2u);
  EXPECT_EQ(suite["cases"][0]["status"], "failed");
  EXPECT_FALSE(suite["cases"][0]["reason"].get<std::string>().empty());
  EXPECT_EQ(suite["cases"][1]["status"], "ok");
}

TEST_F(SuiteCli, TheRunnersLayoutRunsWithItsModelBesideTheConfig) {
  fs::create_directories(work_ / "config" / "models");
  fs::copy_file(kSource / "tests/fixtures/suite/perf_run/config/vgg16.yml", work_ / "config" / "vgg16.yml");
  const ProcessResult made = ib::testing::run_process({FIXTURE_TOOL, (work_ / "fixtures").string()}, work_ / "made");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  fs::copy_file(work_ / "fixtures" / "demo.ts", work_ / "config" / "models" / "vgg16_traced.jit.pt");
  const ProcessResult r = inferbench({"suite", (work_ / "config" / "vgg16.yml").string(), "--device", "cpu",
                                      "--output-dir", (work_ / "out").string()});
  // fp16 has no CPU convolution kernels in Debian's LibTorch: that case fails, is recorded, and makes the exit 1.
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json suite = suite_json();
  EXPECT_EQ(suite["format"], "perf_run");
  EXPECT_EQ(suite["cases"][1]["status"], "failed");
  EXPECT_THAT(suite["cases"][1]["reason"].get<std::string>(), HasSubstr("fp16"));
  ASSERT_EQ(suite["cases"].size(), 6u);
  EXPECT_EQ(suite["cases"][0]["status"], "ok");
  EXPECT_EQ(suite["cases"][0]["stats"]["samples"], 100);  // the runner's default: 100 iterations
  EXPECT_EQ(suite["cases"][2]["status"], "skipped");
}

TEST_F(SuiteCli, SigintKeepsFinishedCasesAndResumeRunsOnlyTheRest) {
  const fs::path file = write("s.yml", "models: ['fake:4']\nbatches: [1, 2, 3, 4]\ninputs: 1x3x8x8\n"
                                       "iterations: 250\nwarmup: 1\ndevice: cpu\n");
  const std::string out = (work_ / "out").string();
  {
    ib::testing::Subprocess suite({kBinary, "suite", file.string(), "--output-dir", out}, work_ / "first");
    ASSERT_TRUE(suite.wait_for_stderr("fake_4-fake-fp32-b2 (fake", std::chrono::seconds(60)));
    suite.signal(SIGINT);
    const ProcessResult r = suite.wait();
    EXPECT_EQ(r.exit_code, 130) << r.err;
  }
  json first = suite_json();
  EXPECT_TRUE(first["interrupted"].get<bool>());
  EXPECT_EQ(first["cases"][0]["status"], "ok");
  // The signal came while the second case ran (1 s of timed work): it, or at the latest the third, is not ok,
  // and the last one never started.
  EXPECT_NE(first["cases"][2]["status"], "ok");
  EXPECT_EQ(first["cases"][3]["status"], "pending");
  for (const auto& entry : fs::recursive_directory_iterator(out))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
  const std::string kept = slurp(work_ / "out" / "cases" / "fake_4-fake-fp32-b1" / "result.json");

  const ProcessResult r = inferbench({"suite", file.string(), "--output-dir", out, "--resume"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("[1/4] fake_4-fake-fp32-b1: done before, kept"));
  EXPECT_EQ(slurp(work_ / "out" / "cases" / "fake_4-fake-fp32-b1" / "result.json"), kept);
  const json second = suite_json();
  EXPECT_FALSE(second["interrupted"].get<bool>());
  for (const json& c : second["cases"]) EXPECT_EQ(c["status"], "ok") << c["name"];
}

TEST_F(SuiteCli, SweepWritesItsTablesAndFigures) {
  const ProcessResult r = inferbench({"sweep", "--model", "fake:0.05", "--device", "cpu", "--shape", "1x3x4x4",
                                      "--batch", "auto", "--max-batch", "4", "--concurrency", "1,2", "--iterations", "20",
                                      "--warmup", "2", "--output-dir", (work_ / "sw").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json sweep = json::parse(slurp(work_ / "sw" / "sweep.json"));
  EXPECT_EQ(sweep["schema_version"], "1.0.0");
  ASSERT_EQ(sweep["batch_points"].size(), 3u);  // 1, 2, 4
  EXPECT_EQ(sweep["batch_points"][2]["batch"], 4);
  EXPECT_GT(sweep["batch_points"][2]["items_per_s"].get<double>(), 0);
  ASSERT_EQ(sweep["concurrency_points"].size(), 2u);
  EXPECT_EQ(sweep["concurrency_points"][1]["concurrency"], 2);
  const json point = json::parse(slurp(work_ / "sw" / sweep["concurrency_points"][1]["result"].get<std::string>()));
  EXPECT_EQ(point["runs"][0]["config"]["streams"], 2);
  for (const char* name : {"throughput_vs_batch", "latency_vs_batch", "latency_vs_throughput"})
    EXPECT_TRUE(fs::exists(work_ / "sw" / (std::string(name) + ".gp"))) << name;
  EXPECT_THAT(slurp(work_ / "sw" / "throughput_vs_batch.gp"), HasSubstr("fake:0.05 (fake, fp32, cpu)"));
  EXPECT_THAT(r.out, HasSubstr("## Concurrency"));
  const std::string page = slurp(work_ / "sw" / "report.html");
  EXPECT_THAT(page, HasSubstr("<title>inferbench sweep: fake:0.05</title>"));
  for (const char* label : {"batch 1", "batch 2", "batch 4"})
    EXPECT_THAT(page, HasSubstr(std::string("<th class=\"text\">") + label + "</th>")) << label;
  // The concurrency points, at the best batch (whichever it was): one request in flight is a point of its own.
  EXPECT_THAT(page, HasSubstr(" x 1 in flight</th>"));
  EXPECT_THAT(page, HasSubstr(" x 2 in flight</th>"));
}

TEST_F(SuiteCli, SweepOfSeveralModelsGoesOnPastAModelThatFails) {
  std::ofstream(work_ / "broken.ts") << "not a TorchScript archive";
  const ProcessResult r = inferbench({"sweep", "--model", (work_ / "broken.ts").string(), "--model", "fake:0.05",
                                      "--device", "cpu", "--shape", "1x3x4x4", "--batch", "1,2", "--iterations", "10",
                                      "--warmup", "1", "--output-dir", (work_ / "sw").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("inferbench: error: no point of the sweep of " + (work_ / "broken.ts").string() +
                               " could be measured"));
  const json broken = json::parse(slurp(work_ / "sw" / "broken.ts" / "sweep.json"));
  ASSERT_EQ(broken["batch_points"].size(), 2u);
  EXPECT_EQ(broken["batch_points"][0]["outcome"], "failed");
  const json fake = json::parse(slurp(work_ / "sw" / "fake_0.05" / "sweep.json"));
  ASSERT_EQ(fake["batch_points"].size(), 2u);
  for (const json& point : fake["batch_points"]) EXPECT_EQ(point["outcome"], "ok") << point;
  EXPECT_TRUE(fs::exists(work_ / "sw" / "fake_0.05" / "report.html"));
}

TEST_F(SuiteCli, SweepOfStaticModelsTakesAFilePerBatch) {
  const ProcessResult made = ib::testing::run_process({FIXTURE_TOOL, (work_ / "fixtures").string()}, work_ / "made");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  for (const char* b : {"1", "2"}) fs::copy_file(work_ / "fixtures" / "demo.ts", work_ / (std::string("demo_b") + b + ".ts"));
  const ProcessResult r = inferbench({"sweep", "--model", (work_ / "demo_b{batch}.ts").string(), "--device", "cpu",
                                      "--shape", "1x3x16x16", "--batch", "1,2,4", "--iterations", "10", "--warmup", "1",
                                      "--output-dir", (work_ / "sw").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json sweep = json::parse(slurp(work_ / "sw" / "sweep.json"));
  ASSERT_EQ(sweep["batch_points"].size(), 3u);
  EXPECT_EQ(sweep["batch_points"][1]["outcome"], "ok");
  EXPECT_EQ(sweep["batch_points"][2]["outcome"], "failed");  // there is no demo_b4.ts
  EXPECT_THAT(sweep["batch_points"][2]["error"].get<std::string>(), HasSubstr("demo_b4.ts"));
  // Figures are titled by the file's name; sweep.json keeps the path.
  const std::string script = slurp(work_ / "sw" / "throughput_vs_batch.gp");
  EXPECT_THAT(script, HasSubstr("demo_b{batch}.ts (libtorch, fp32, cpu)"));
  EXPECT_EQ(script.find(work_.string()), std::string::npos);
  EXPECT_EQ(sweep["model"], (work_ / "demo_b{batch}.ts").string());
}

TEST_F(SuiteCli, SweepRefusesBadBudgetsWithExit2) {
  ProcessResult r = inferbench({"sweep", "--model", "fake:1", "--memory-budget", "lots", "--output-dir", (work_ / "sw").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("inferbench: error: bad --memory-budget 'lots'"));
  r = inferbench({"sweep", "--model", "fake:1", "--batch", "4,2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad --batch '4,2'"));
  r = inferbench({"sweep", "--model", "fake:1", "--", "--output-dir", (work_ / "elsewhere").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("'--output-dir' after -- : it is a flag of sweep itself, give it before --"));
  EXPECT_FALSE(fs::exists(work_ / "elsewhere"));
}

TEST_F(SuiteCli, SweepStoppedBySigtermWritesThePointsItFinished) {
  const std::string out = (work_ / "sw").string();
  ib::testing::Subprocess sweep({kBinary, "sweep", "--model", "fake:5", "--device", "cpu", "--shape", "1x3x4x4",
                                 "--batch", "1,2,3,4", "--iterations", "100", "--warmup", "1", "--output-dir", out},
                                work_ / "sweep");
  ASSERT_TRUE(sweep.wait_for_stderr("batch 1 x 1 in flight: ok", std::chrono::seconds(60)));
  sweep.signal(SIGTERM);
  const ProcessResult r = sweep.wait();
  EXPECT_EQ(r.exit_code, 143) << r.err;
  const json record = json::parse(slurp(work_ / "sw" / "sweep.json"));
  EXPECT_TRUE(record["interrupted"].get<bool>());
  ASSERT_GE(record["batch_points"].size(), 1u);
  EXPECT_LT(record["batch_points"].size(), 4u);
  EXPECT_EQ(record["batch_points"][0]["outcome"], "ok");
}

}  // namespace
