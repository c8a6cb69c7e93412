// Drives `inferbench trtexec ...` end to end: `run` against a fake trtexec (tests/fixtures/trtexec/
// fake_trtexec.sh, which writes the fixtures as its artefacts and fails on demand), the parsers on the
// hand-written fixtures of TensorRT 7.x/8.x/10.x, and every malformed input: exit code 2 and one line naming
// the file, never a crash.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/bmp.hpp"
#include "../support/scoped_env.hpp"
#include "io/npy.hpp"
#include "../support/subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;
using nlohmann::json;

const std::string kBinary = INFERBENCH_BIN;
const fs::path kFixtures = TRTEXEC_FIXTURES;

using ib::testing::ScopedEnv;

class trtexecCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    work_ = fs::temp_directory_path() / ("ib_trtexec_cli_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(work_);
    fs::create_directories(work_ / "bin");
    // An executable copy named trtexec, whatever the checkout did to the script's mode.
    fake_ = work_ / "bin" / "trtexec";
    fs::copy_file(kFixtures / "fake_trtexec.sh", fake_);
    ::chmod(fake_.c_str(), 0755);
    engine_ = work_ / "resnet50.plan";
    std::ofstream(engine_) << "not really an engine";
  }
  void TearDown() override { fs::remove_all(work_); }

  ProcessResult inferbench(std::vector<std::string> args) {
    args.insert(args.begin(), kBinary);
    return ib::testing::run_process(args, work_ / ("capture" + std::to_string(++calls_)));
  }
  fs::path copy(const std::string& fixture, const fs::path& to) {
    fs::create_directories(to.parent_path());
    fs::copy_file(kFixtures / fixture, to, fs::copy_options::overwrite_existing);
    return to;
  }
  static std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static json read_json(const fs::path& path) { return json::parse(slurp(path)); }
  static void expect_one_error_line(const ProcessResult& result, int code, const std::string& part) {
    EXPECT_EQ(result.exit_code, code) << result.err;
    EXPECT_EQ(result.err.rfind("inferbench: error: ", 0), 0u) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find(part), std::string::npos) << result.err;
  }

  fs::path work_;
  fs::path fake_;
  fs::path engine_;
  int calls_ = 0;
  ScopedEnv fixtures_{"FAKE_TRTEXEC_FIXTURES", kFixtures.string()};
};

TEST_F(trtexecCli, RunWritesArtefactsSummariesAndResult) {
  const fs::path out = work_ / "out";
  const ProcessResult result =
      inferbench({"trtexec", "run", "--engine", engine_.string(), "--shape", "input:1x3x224x224", "--batch",
                  "2", "--iterations", "50", "--warmup-ms", "100", "--trtexec", fake_.string(),
                  "--output-dir", out.string(), "--", "--fp16", "--noDataTransfers"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* name :
       {"times.json", "profile.json", "trtexec.log", "engine_metadata.json", "run_config.json",
        "summary.json", "summary.csv", "latency_series.csv", "latency_percentiles.csv", "result.json",
        "per_layer_times.csv", "profile_summary.json"}) {
    EXPECT_TRUE(fs::exists(out / name)) << name;
  }
  const json config = read_json(out / "run_config.json");
  const auto command = config["command"].get<std::vector<std::string>>();
  EXPECT_EQ(command.front(), fake_.string());
  EXPECT_EQ(command, (std::vector<std::string>{
                         fake_.string(), std::string("--loadEngine=").append(engine_.string()),
                         "--shapes=input:1x3x224x224", "--iterations=50", "--warmUp=100",
                         std::string("--exportTimes=").append((out / "times.json").string()),
                         std::string("--exportProfile=").append((out / "profile.json").string()),
                         "--dumpProfile", "--separateProfileRun", "--fp16", "--noDataTransfers"}));
  EXPECT_EQ(config["batch"], 2);
  EXPECT_EQ(slurp(out / "trtexec.log").substr(0, config["command_line"].get<std::string>().size()),
            config["command_line"].get<std::string>());
  const json engine = read_json(out / "engine_metadata.json");
  EXPECT_EQ(engine["size_bytes"], 20);  // "not really an engine"
  EXPECT_EQ(engine["path"], engine_.string());

  // times_v10.json: 4 records over 6.1 ms, batch 2 -> 8 / 0.0061 inferences/s; latency p99 = 1.694.
  const json summary = read_json(out / "summary.json");
  EXPECT_EQ(summary["records"], 4);
  EXPECT_NEAR(summary["throughput_ips"].get<double>(), 8 / 0.0061, 1e-6);
  EXPECT_NEAR(summary["latency_ms"]["p99"].get<double>(), 1.694, 1e-12);
  EXPECT_EQ(summary["engine"]["sha256"], engine["sha256"]);
  EXPECT_EQ(summary["run_config"]["command"], config["command"]);

  const json result_file = read_json(out / "result.json");
  EXPECT_EQ(result_file["runs"][0]["backend"], "trtexec");
  EXPECT_EQ(result_file["runs"][0]["name"], "resnet50.plan");
  EXPECT_EQ(result_file["runs"][0]["samples"]["latency_ms"].size(), 4u);
  EXPECT_EQ(result_file["environment"]["backends"][0]["version"], "10.3.0");  // from trtexec.log

  EXPECT_EQ(read_json(out / "profile_summary.json")["top"][0]["name"], "{ForeignNode[conv2...fc]}");
  EXPECT_NE(result.out.find("4 records"), std::string::npos) << result.out;
}

TEST_F(trtexecCli, RunFindsTrtexecOnPathAndForwardsTheBatchOnlyWhenAsked) {
  const ScopedEnv path("PATH", (work_ / "bin").string() + ":/usr/bin:/bin");
  const ScopedEnv args("FAKE_TRTEXEC_ARGS", (work_ / "args.txt").string());
  const ProcessResult result =
      inferbench({"trtexec", "run", "--onnx", engine_.string(), "--batch", "8", "--forward-batch",
                  "--cuda-graph", "--no-profile", "--output-dir", (work_ / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string out = (work_ / "out").string();
  EXPECT_EQ(slurp(work_ / "args.txt"), std::string("--onnx=").append(engine_.string()) +
                                           "\n--batch=8\n--useCudaGraph\n--exportTimes=" + out +
                                           "/times.json\n");
  EXPECT_FALSE(fs::exists(work_ / "out" / "profile.json"));
  EXPECT_EQ(read_json(work_ / "out" / "run_config.json")["trtexec_binary"], fake_.string());
}

TEST_F(trtexecCli, RunAcceptsRunTrtexecShFlags) {
  // run_trtexec.sh's names for our flags, its pass-through flags, and --extra split without a shell: the
  // $HOME and `...` reach trtexec as typed, the quoted words stay whole.
  const ScopedEnv args("FAKE_TRTEXEC_ARGS", (work_ / "args.txt").string());
  const ProcessResult result = inferbench(
      {"trtexec", "run", "--engine", engine_.string(), "--iters", "200", "--warmup", "0", "--avgRuns", "10",
       "--useCudaGraph", "--fp16", "--disableProfile", "--disableSeparateProfileRun", "--trtexec",
       fake_.string(), "--outdir", (work_ / "out").string(), "--extra",
       "--verbose --timingCacheFile='/my dir/cache' \"$HOME\" `id`", "--", "--noDataTransfers"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string out = (work_ / "out").string();
  EXPECT_EQ(slurp(work_ / "args.txt"),
            std::string("--loadEngine=").append(engine_.string()) +
                "\n--iterations=200\n--warmUp=0\n--useCudaGraph\n--exportTimes=" + out +
                "/times.json\n--avgRuns=10\n--fp16\n--verbose\n--timingCacheFile=/my dir/cache\n$HOME\n`id`\n"
                "--noDataTransfers\n");
  EXPECT_TRUE(fs::exists(work_ / "out" / "times.json"));

  const ProcessResult unclosed = inferbench({"trtexec", "run", "--engine", engine_.string(), "--trtexec",
                                             fake_.string(), "--extra", "--fp16 'oops"});
  expect_one_error_line(unclosed, 2, "--extra has an unclosed ' quote");
}

TEST_F(trtexecCli, ParseTimesAndProfileTakeTheToolkitsArguments) {
  // parse_trtexec_times.py TIMES.json [BATCH] [OUTDIR]; parse_trtexec_profile.py --outdir --topk.
  const fs::path times = copy("times_v10.json", work_ / "in" / "times.json");
  const ProcessResult parsed =
      inferbench({"trtexec", "parse-times", times.string(), "8", (work_ / "t").string()});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  EXPECT_EQ(read_json(work_ / "t" / "summary.json")["batch"], 8);
  const ProcessResult both = inferbench({"trtexec", "parse-times", times.string(), "8", "--batch", "4"});
  EXPECT_EQ(both.exit_code, 2) << both.err;

  const fs::path profile = copy("profile_v10.json", work_ / "in" / "profile.json");
  const ProcessResult top =
      inferbench({"trtexec", "parse-profile", profile.string(), "--topk", "2", "--outdir", (work_ / "p").string()});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  EXPECT_EQ(read_json(work_ / "p" / "profile_summary.json")["top"].size(), 2u);
}

TEST_F(trtexecCli, ReportReadsTheToolkitsLogName) {
  const fs::path dir = work_ / "toolkit";
  copy("times_v10.json", dir / "times.json");
  copy("trtexec_v10.log", dir / "trtexec_stdout.log");
  const ProcessResult result = inferbench({"trtexec", "report", "--artifacts", dir.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json report = read_json(dir / "report.json");
  EXPECT_EQ(report["files"]["log"], "trtexec_stdout.log");
  EXPECT_EQ(report["log"]["status"], "passed");
  EXPECT_NE(slurp(dir / "report.md").find("performance summary (trtexec_stdout.log)"), std::string::npos);
}

TEST_F(trtexecCli, RunFailureReturnsTrtexecsCodeAndTheLastTwentyLines) {
  const ScopedEnv fail("FAKE_TRTEXEC_EXIT", std::string("9"));
  const ProcessResult result = inferbench({"trtexec", "run", "--engine", engine_.string(), "--trtexec",
                                           fake_.string(), "--output-dir", (work_ / "out").string()});
  EXPECT_EQ(result.exit_code, 9);
  EXPECT_NE(result.err.find("inferbench: error: trtexec failed with exit code 9"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("  [I] fake trtexec line 13\n"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("fake trtexec line 12\n"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("requested failure (FAKE_TRTEXEC_EXIT=9)"), std::string::npos);
  EXPECT_TRUE(fs::exists(work_ / "out" / "trtexec.log"));
  EXPECT_TRUE(fs::exists(work_ / "out" / "run_config.json"));
  EXPECT_FALSE(fs::exists(work_ / "out" / "summary.json"));
}

TEST_F(trtexecCli, RunWithoutTrtexecIsUnavailable) {
  const ProcessResult given =
      inferbench({"trtexec", "run", "--engine", engine_.string(), "--trtexec",
                  (work_ / "bin" / "missing").string(), "--output-dir", (work_ / "out").string()});
  expect_one_error_line(given, 3, "does not exist or is not executable");
  if (fs::exists("/usr/src/tensorrt/bin/trtexec")) GTEST_SKIP() << "this machine has a real trtexec";
  const ScopedEnv path("PATH", (work_ / "empty").string());
  const ProcessResult on_path =
      inferbench({"trtexec", "run", "--engine", engine_.string(), "--output-dir", (work_ / "out").string()});
  expect_one_error_line(on_path, 3, "trtexec was not found on PATH");
}

TEST_F(trtexecCli, RunBadInputs) {
  expect_one_error_line(inferbench({"trtexec", "run", "--engine", (work_ / "missing.plan").string(),
                                    "--trtexec", fake_.string()}),
                        2, "missing.plan");
  expect_one_error_line(inferbench({"trtexec", "run", "--trtexec", fake_.string()}), 2, "exactly one model");
  expect_one_error_line(inferbench({"trtexec", "run", "--engine", engine_.string(), "--shape", "1x3x8x8",
                                    "--trtexec", fake_.string()}),
                        2, "needs the input's name");
  const ProcessResult both = inferbench({"trtexec", "run", "--engine", "a", "--onnx", "b"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("hint: see 'inferbench trtexec run --help'"), std::string::npos) << both.err;
  EXPECT_EQ(inferbench({"trtexec"}).exit_code, 2);
}

TEST_F(trtexecCli, RunThatWritesNoTimesFails) {
  const ScopedEnv no_times("FAKE_TRTEXEC_NO_TIMES", std::string("1"));
  const ProcessResult result = inferbench({"trtexec", "run", "--engine", engine_.string(), "--trtexec",
                                           fake_.string(), "--output-dir", (work_ / "out").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("wrote no"), std::string::npos) << result.err;
}

TEST_F(trtexecCli, ParseTimesEveryLayout) {
  // TensorRT 7.1/7.2 (labels swapped): H2D 0.5 ms each; enqueue (0.2 + 0.3 + 0.1) / 3.
  const fs::path v71 = copy("times_v7_1.json", work_ / "v71" / "times.json");
  ASSERT_EQ(inferbench({"trtexec", "parse-times", v71.string()}).exit_code, 0);
  json summary = read_json(work_ / "v71" / "summary.json");
  EXPECT_EQ(summary["layout"], "TensorRT 7.1/7.2");
  EXPECT_NEAR(summary["h2d_ms"]["mean"].get<double>(), 0.5, 1e-12);
  EXPECT_NEAR(summary["enqueue_ms"]["mean"].get<double>(), 0.2, 1e-9);
  EXPECT_NEAR(summary["throughput_qps"].get<double>(), 3 / 0.00845, 1e-6);

  // TensorRT 8.2 exports its warm-up: --warmup-ms 200 drops the two records computed before 200 ms.
  const fs::path v82 = copy("times_v8_2.json", work_ / "v82" / "times.json");
  const ProcessResult dropped =
      inferbench({"trtexec", "parse-times", v82.string(), "--warmup-ms", "200", "--batch", "4"});
  ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
  summary = read_json(work_ / "v82" / "summary.json");
  EXPECT_EQ(summary["records"], 3);
  EXPECT_EQ(summary["warmup_records_dropped"], 2);
  EXPECT_NEAR(summary["throughput_ips"].get<double>(), 4 * 3 / 0.0044, 1e-6);  // span 204.9 - 200.5 ms
  EXPECT_NEAR(summary["end_to_end_ms"]["median"].get<double>(), 1.5, 1e-12);

  // TensorRT 7.0, written elsewhere with --output-dir.
  const fs::path out = work_ / "v70-out";
  ASSERT_EQ(inferbench({"trtexec", "parse-times", (kFixtures / "times_v7_0.json").string(), "--output-dir",
                        out.string()})
                .exit_code,
            0);
  EXPECT_EQ(slurp(out / "latency_series.csv"),
            "index,start_ms,end_ms,latency_ms,gpu_compute_ms,h2d_ms,d2h_ms,end_to_end_ms\n"
            "0,0,1.5,1.5,1,0.25,0.25,1.5\n"
            "1,1.5,3.5,2,1.5,0.25,0.25,2\n");
  const std::string percentiles = slurp(out / "latency_percentiles.csv");
  EXPECT_EQ(percentiles.substr(0, percentiles.find('\n')),
            "percentile,latency_ms,gpu_compute_ms,h2d_ms,d2h_ms,end_to_end_ms");
  EXPECT_NE(percentiles.find("\n50,1.75,1.25,0.25,0.25,1.75\n"), std::string::npos) << percentiles;
  EXPECT_FALSE(read_json(out / "summary.json").contains("enqueue_ms"));  // 7.0 recorded none

  // Nested lists without timestamps: no throughput, written as null.
  const fs::path streams = copy("times_streams.json", work_ / "streams" / "times.json");
  ASSERT_EQ(inferbench({"trtexec", "parse-times", streams.string()}).exit_code, 0);
  EXPECT_TRUE(read_json(work_ / "streams" / "summary.json")["throughput_qps"].is_null());
}

TEST_F(trtexecCli, ParseTimesWarnsAboutADifferentBatchAndNeverRewritesRunConfig) {
  const fs::path times = copy("times_v10.json", work_ / "a" / "times.json");
  const std::string run_config = R"({"batch": 4, "host": "gpu-7", "warmup_ms": 200})";
  std::ofstream(work_ / "a" / "run_config.json") << run_config;
  const ProcessResult result = inferbench({"trtexec", "parse-times", times.string(), "--batch", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("warning: run_config.json records batch 4 but batch 2 is used (--batch)"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(slurp(work_ / "a" / "run_config.json"), run_config);
  const json summary = read_json(work_ / "a" / "summary.json");
  EXPECT_EQ(summary["batch"], 2);
  EXPECT_EQ(summary["run_config"]["host"], "gpu-7");
}

TEST_F(trtexecCli, ParseProfile) {
  const fs::path profile = copy("profile_v8_2.json", work_ / "p" / "profile.json");
  const ProcessResult result = inferbench({"trtexec", "parse-profile", profile.string(), "--top-k", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(slurp(work_ / "p" / "per_layer_times.csv"),
            "name,time_ms,average_ms,median_ms,percentage\n"
            "conv2,8,0.8,,40\n"
            "fc,6,0.6,,30\n"
            "conv1 + relu1,5,0.5,,25\n"
            "pool,1,0.1,,5\n");
  const json summary = read_json(work_ / "p" / "profile_summary.json");
  EXPECT_EQ(summary["layers"], 4);
  EXPECT_NEAR(summary["total_average_ms"].get<double>(), 2.0, 1e-12);
  ASSERT_EQ(summary["top"].size(), 2u);
  EXPECT_EQ(summary["top"][1], (json{{"name", "fc"}, {"average_ms", 0.6}, {"percentage", 30}}));
  // The chart is drawn where gnuplot is installed; elsewhere a note says so and the rest is written.
  EXPECT_TRUE(fs::exists(work_ / "p" / "per_layer_time.png") ||
              result.err.find("per_layer_time.png not drawn") != std::string::npos)
      << result.err;
  expect_one_error_line(inferbench({"trtexec", "parse-profile", profile.string(), "--top-k", "0"}), 2,
                        "--top-k");
}

TEST_F(trtexecCli, ParseLogJson) {
  const ProcessResult v10 =
      inferbench({"trtexec", "parse-log", (kFixtures / "trtexec_v10.log").string(), "--json"});
  ASSERT_EQ(v10.exit_code, 0) << v10.err;
  const json log = json::parse(v10.out);
  EXPECT_EQ(log["tensorrt_version"], "10.3.0");
  EXPECT_DOUBLE_EQ(log["throughput_qps"].get<double>(), 478.258);
  EXPECT_DOUBLE_EQ(log["latency_ms"]["mean"].get<double>(), 2.41878);
  EXPECT_DOUBLE_EQ(log["gpu_compute_ms"]["p99"].get<double>(), 2.375);
  EXPECT_DOUBLE_EQ(log["total_gpu_compute_time_s"].get<double>(), 3.01008);
  EXPECT_DOUBLE_EQ(log["gpu_compute_cv_percent"].get<double>(), 2.31542);

  const ProcessResult v7 =
      inferbench({"trtexec", "parse-log", (kFixtures / "trtexec_v7.log").string(), "--json"});
  ASSERT_EQ(v7.exit_code, 0) << v7.err;
  EXPECT_DOUBLE_EQ(json::parse(v7.out)["end_to_end_ms"]["p99"].get<double>(), 20.1807);

  const ProcessResult table = inferbench({"trtexec", "parse-log", (kFixtures / "trtexec_v8_2.log").string()});
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("end_to_end_ms"), std::string::npos);
}

TEST_F(trtexecCli, ReportFromAFolder) {
  const fs::path dir = work_ / "artefacts";
  copy("times_v10.json", dir / "times.json");
  copy("profile_v10.json", dir / "profile.json");
  copy("trtexec_v10.log", dir / "trtexec.log");
  copy("output_diff.json", dir / "output_diff.json");
  const ProcessResult result = inferbench({"trtexec", "report", "--artifacts", dir.string(), "--top-k", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // report.json and report.md hold what the result model has no place for: trtexec's own summary, the output
  // comparison, the side files.
  const json report = read_json(dir / "report.json");
  EXPECT_EQ(report["result"], "result.json");
  EXPECT_FALSE(report.contains("summary"));
  EXPECT_TRUE(report["profile"].is_null());
  EXPECT_DOUBLE_EQ(report["output_comparison"]["output_diff"]["rmse"].get<double>(), 0.0025);
  EXPECT_EQ(report["log"]["status"], "passed");
  const std::string md = slurp(dir / "report.md");
  EXPECT_EQ(md.find("## Top layers"), std::string::npos) << md;
  EXPECT_NE(md.find("[summary.md](summary.md)"), std::string::npos) << md;
  EXPECT_NE(md.find("| gpu_compute_ms | 2.036 | 2.095 |"), std::string::npos) << md;  // as trtexec printed it
  for (const char* figure : {"latency_hist.png", "latency_percentiles.png", "per_layer_time.png"}) {
    EXPECT_TRUE(fs::exists(dir / figure) || result.err.find("not drawn") != std::string::npos) << figure;
  }
  // The times, the layers and the warnings through the common writer, as after `inferbench run`.
  const json result_file = read_json(dir / "result.json");
  EXPECT_NEAR(result_file["runs"][0]["stats"]["compute_ms"]["mean"].get<double>(), 1.15, 1e-12);
  EXPECT_EQ(result_file["runs"][0]["layer_profile"]["layers"].size(), 4u);
  EXPECT_NE(slurp(dir / "summary.md").find("## Per-layer profile"), std::string::npos);
  EXPECT_EQ(slurp(dir / "per_layer_times.csv").substr(0, 44), "name,time_ms,average_ms,median_ms,percentage");
  for (const char* file : {"summary.csv", "samples.csv", "report.html"}) {
    EXPECT_TRUE(fs::exists(dir / file)) << file;
    EXPECT_NE(result.out.find((dir / file).string()), std::string::npos) << result.out;  // listed
  }
  expect_one_error_line(inferbench({"trtexec", "report", "--artifacts", (work_ / "bin").string()}), 2,
                        "holds none of trtexec's artefacts");
}

TEST_F(trtexecCli, MalformedFilesExitTwoNamingTheFileAndTheReason) {
  const std::string times = slurp(kFixtures / "times_v10.json");
  const std::string profile = slurp(kFixtures / "profile_v10.json");
  struct Case {
    std::string command;
    std::string file;
    std::string text;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"parse-times", "cut.json", times.substr(0, times.size() / 2), "not valid JSON: parse error at line 3"},
      {"parse-times", "garbled.json", "[{\"computeMs\": 1,, }]", "not valid JSON"},
      {"parse-times", "empty.json", "", "the file is empty"},
      {"parse-times", "nan.json", slurp(kFixtures / "times_nan.json"), "'computeMs' is not a number"},
      {"parse-times", "object.json", "{\"a\": 1}", "0 array members"},
      {"parse-times", "deep.json", std::string(100000, '['), "nested deeper than 64 levels"},
      {"parse-times", "binary.json", std::string("\x89PNG\r\n\x1a\n\0\0", 10), "not valid JSON"},
      {"parse-profile", "cut.json", profile.substr(0, profile.size() - 20), "not valid JSON"},
      {"parse-profile", "noname.json", "[{\"count\": 1}, {\"timeMs\": 1}]", "has neither 'name'"},
      {"parse-log", "log.txt", "[I] starting\n[E] cannot load engine\n", "did trtexec finish?"},
  };
  for (const Case& c : cases) {
    const fs::path path = work_ / "bad" / c.file;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << c.text;
    const ProcessResult result = inferbench({"trtexec", c.command, path.string()});
    expect_one_error_line(result, 2, std::string("'").append(path.string()).append("': "));
    EXPECT_NE(result.err.find(c.reason), std::string::npos)
        << c.command << " " << c.file << ": " << result.err;
  }
  expect_one_error_line(inferbench({"trtexec", "parse-times", (work_ / "nope.json").string()}), 2,
                        "no such file");
  expect_one_error_line(inferbench({"trtexec", "parse-times", work_.string()}), 2, "not a regular file");

  // A malformed run_config.json beside a good times file is named too.
  const fs::path good = copy("times_v10.json", work_ / "side" / "times.json");
  std::ofstream(work_ / "side" / "run_config.json") << "{\"batch\": ";
  expect_one_error_line(inferbench({"trtexec", "parse-times", good.string()}), 2,
                        std::string("run config '")
                            .append((work_ / "side" / "run_config.json").string())
                            .append("': not valid JSON"));
}

TEST_F(trtexecCli, TruncatedArtefactsNeverCrash) {
  for (const char* name : {"times_v8_2.json", "profile_v10.json", "trtexec_v10.log"}) {
    const std::string text = slurp(kFixtures / name);
    const std::string command = std::string(name).starts_with("times")     ? "parse-times"
                                : std::string(name).starts_with("profile") ? "parse-profile"
                                                                           : "parse-log";
    for (std::size_t cut = 0; cut < text.size(); cut += 1 + text.size() / 6) {
      const fs::path dir = work_ / ("cut" + std::to_string(cut));
      fs::create_directories(dir);
      std::ofstream(dir / name, std::ios::binary) << text.substr(0, cut);
      const ProcessResult result = inferbench({"trtexec", command, (dir / name).string()});
      EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 2)
          << name << " cut at " << cut << ": " << result.err;
      if (result.exit_code == 2) {
        EXPECT_EQ(result.err.rfind("inferbench: error: ", 0), 0u) << result.err;
      }
    }
  }
}

}  // namespace

TEST_F(trtexecCli, InfoSaysWhyTheTensorrtBackendIsAbsent) {
  if (IB_TENSORRT) GTEST_SKIP() << "this build has the tensorrt backend";
  const ProcessResult info = inferbench({"info"});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("\n  tensorrt  -          the tensorrt backend is unavailable: "), std::string::npos)
      << info.out;
}

TEST_F(trtexecCli, TensorRT11GetsTheNewFlagsAndTheResultSaysWhatLatencyMeant) {
  const ScopedEnv layout("FAKE_TRTEXEC_LAYOUT", std::string("v11"));
  const ScopedEnv args("FAKE_TRTEXEC_ARGS", (work_ / "args.txt").string());
  const fs::path out = work_ / "out";
  const ProcessResult result = inferbench({"trtexec", "run", "--engine", engine_.string(), "--trtexec",
                                           fake_.string(), "--output-dir", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // inferbench's defaults (no graph, blocking sync, copies) in 11's words; 11 always profiles separately.
  const std::string received = slurp(work_ / "args.txt");
  EXPECT_NE(received.find("\n--noCudaGraph\n--noSpinWait\n--includeDataTransfers\n--exportTimes="), std::string::npos)
      << received;
  EXPECT_EQ(received.find("--separateProfileRun"), std::string::npos) << received;
  EXPECT_EQ(received.find("--useCudaGraph"), std::string::npos) << received;
  const json config = read_json(out / "run_config.json");
  EXPECT_EQ(config["tensorrt_version"], "11.1.0");
  EXPECT_EQ(config["data_transfers"], true);
  // The stand-in's log prints 11's defaults ("CUDA Graph: Enabled", ...): what the log says ran wins.
  const json run = read_json(out / "result.json")["runs"][0];
  EXPECT_EQ(run["config"]["cuda_graph"], true);
  EXPECT_EQ(run["config"]["transfers"], false);
  const std::string text = run["warnings"].dump();
  EXPECT_NE(text.find("trtexec 11.1.0's Latency: GPU compute only (no host copies), CUDA graph, spin-wait"),
            std::string::npos)
      << text;
}

TEST_F(trtexecCli, RunAnEngineThroughTrtexecWithoutTheLibrary) {
  if (IB_TENSORRT) GTEST_SKIP() << "this build runs engines natively";
  const ScopedEnv args("FAKE_TRTEXEC_ARGS", (work_ / "args.txt").string());
  const fs::path out = work_ / "bench";
  const ProcessResult result = inferbench({"run", "--model", engine_.string(), "--iterations", "300", "--trtexec",
                                           fake_.string(), "--output-dir", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("the engines ran through trtexec"), std::string::npos) << result.err;
  const std::string received = slurp(work_ / "args.txt");
  EXPECT_NE(received.find("--iterations=300\n--duration=0\n"), std::string::npos) << received;
  const json saved = read_json(out / "result.json");
  ASSERT_EQ(saved["runs"].size(), 1u);
  const json& run = saved["runs"][0];
  EXPECT_EQ(run["backend"], "trtexec");
  EXPECT_EQ(run["status"], "ok");
  EXPECT_EQ(run["samples"]["latency_ms"].size(), 4u);  // times_v10.json's records
  EXPECT_FALSE(run["layer_profile"]["layers"].empty());
  EXPECT_NE(run["warnings"].dump().find("trtexec 10.3.0's Latency: H2D + GPU compute + D2H, no CUDA graph"),
            std::string::npos)
      << run["warnings"].dump();
  EXPECT_TRUE(fs::exists(out / "trtexec" / run["name"].get<std::string>() / "times.json"));
  EXPECT_TRUE(fs::exists(out / "summary.csv"));
  EXPECT_EQ(run["stopped_by"], "iterations");  // --duration=0 passed only to drop trtexec's 3 s floor
}

TEST_F(trtexecCli, TheDepthBenchmarksCommandLineRunsThroughTrtexec) {
  if (IB_TENSORRT) GTEST_SKIP() << "this build runs engines natively";
  const fs::path fp16 = work_ / "fp16.engine";
  const fs::path int8 = work_ / "int8.engine";
  std::ofstream(fp16) << "engine one";
  std::ofstream(int8) << "engine two";
  ib::testing::write_bmp(work_ / "photo.bmp", 8, 6);
  // A constant 4 m ground truth; the stand-in's depth output is 1..16 on a 4 x 4 map.
  ib::io::write_npy(work_ / "gt.npy", ib::io::make_npy(ib::core::DType::fp32, {6, 8}, std::vector<double>(48, 4.0)));
  const ProcessResult result = inferbench({"run", "--engines", fp16.string(), int8.string(), "--image",
                                           (work_ / "photo.bmp").string(), "--gt", (work_ / "gt.npy").string(),
                                           "--trtexec", fake_.string(), "--output-dir", (work_ / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json saved = read_json(work_ / "out" / "result.json");
  ASSERT_EQ(saved["runs"].size(), 2u);
  for (const json& run : saved["runs"]) {
    EXPECT_EQ(run["backend"], "trtexec");
    EXPECT_EQ(run["quality"]["output"], "depth");
    EXPECT_EQ(run["quality"]["output_shape"], json::array({1, 4, 4}));
    EXPECT_EQ(run["quality"]["map_shape"], json::array({6, 8}));
    EXPECT_EQ(run["quality"]["ground_truth"]["valid_pixels"], 48);
    EXPECT_GT(run["quality"]["ground_truth"]["metrics"]["abs_rel"].get<double>(), 0.0);
  }
  // Both engines gave the same map: no difference against the reference (the first engine).
  EXPECT_EQ(saved["runs"][1]["quality"]["vs_reference"]["reference"], saved["runs"][0]["name"]);
  EXPECT_EQ(saved["runs"][1]["quality"]["vs_reference"]["max_abs"], 0.0);
  // The image went in through --loadInputs (the stand-in checks its size), the outputs came from --exportOutput.
  const std::string quality_log = slurp(work_ / "out" / "trtexec" / saved["runs"][0]["name"].get<std::string>() /
                                        "quality" / "trtexec.log");
  EXPECT_NE(quality_log.find("--loadInputs=images:"), std::string::npos) << quality_log;
  EXPECT_NE(quality_log.find("--exportOutput="), std::string::npos) << quality_log;
}

// SIGTERM to inferbench alone (docker stop): the trtexec under way finishes, no further engine starts, nothing
// is half-written.
TEST_F(trtexecCli, ASignalStopsBeforeTheNextEngine) {
  if (IB_TENSORRT) GTEST_SKIP() << "this build runs engines natively";
  const ScopedEnv slow("FAKE_TRTEXEC_SLEEP", std::string("2"));
  const ScopedEnv args("FAKE_TRTEXEC_ARGS", (work_ / "args.txt").string());
  const fs::path second = work_ / "second.engine";
  std::ofstream(second) << "engine two";
  ib::testing::Subprocess process({kBinary, "run", "--engines", engine_.string(), second.string(), "--trtexec",
                                   fake_.string(), "--output-dir", (work_ / "out").string()},
                                  work_ / "signal");
  // The first engine's timed trtexec run has started (after the version probe): inferbench's handler is in.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (slurp(work_ / "args.txt").find("--exportTimes") == std::string::npos &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  process.signal(SIGTERM);
  const ProcessResult result = process.wait();
  EXPECT_EQ(result.exit_code, 143) << result.err;
  EXPECT_NE(result.err.find("inferbench: error: interrupted: interrupted before second"), std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(work_ / "out" / "result.json"));
  EXPECT_FALSE(fs::exists(work_ / "out" / "trtexec" / "second"));
}

TEST_F(trtexecCli, AnEngineWithNeitherTensorrtNorTrtexecIsUnavailable) {
  if (IB_TENSORRT) GTEST_SKIP() << "this build runs engines natively";
  if (fs::exists("/usr/src/tensorrt/bin/trtexec")) GTEST_SKIP() << "this machine has a real trtexec";
  const ScopedEnv path("PATH", (work_ / "empty").string());
  expect_one_error_line(inferbench({"run", "--model", engine_.string(), "--output-dir", (work_ / "out").string()}),
                        3, "the tensorrt backend is unavailable: ");
  const ProcessResult again =
      inferbench({"run", "--model", engine_.string(), "--output-dir", (work_ / "out").string()});
  EXPECT_NE(again.err.find("and no trtexec was found (on PATH, nor at /usr/src/tensorrt/bin/trtexec): give --trtexec PATH"), std::string::npos)
      << again.err;
}
