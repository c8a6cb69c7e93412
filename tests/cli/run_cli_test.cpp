// Drives the real `inferbench` binary: real CPU benchmarks of TorchScript files made by
// make_torchscript_fixtures, the fake backend end to end, Ctrl-C, and every bad input with its exit code and
// message.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <thread>

#include <nlohmann/json.hpp>

#include "../support/bmp.hpp"
#include "../support/cli_test.hpp"
#include "../support/png_bytes.hpp"
#include "../support/subprocess.hpp"
#include "cuda/device_query.hpp"
#include "io/file_info.hpp"
#include "io/npy.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;
using nlohmann::json;

const std::string kBinary = INFERBENCH_BIN;
const std::string kFixtureTool = FIXTURE_TOOL;

class RunCli : public ib::testing::CliTest {
 protected:
  RunCli() : CliTest("ib_cli_") {}

  static void SetUpTestSuite() {
    fixtures_ = new fs::path(fs::temp_directory_path() / ("ib_cli_fixtures_" + std::to_string(getpid())));
    fs::create_directories(*fixtures_);
    const ProcessResult made =
        ib::testing::run_process({kFixtureTool, fixtures_->string()}, *fixtures_ / "log");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::ofstream(*fixtures_ / "garbage.ts") << "this is not a TorchScript archive";
  }
  static void TearDownTestSuite() {
    fs::remove_all(*fixtures_);
    delete fixtures_;
  }
  using CliTest::inferbench;
  // `base` followed by `extra`: one command line varied by a few flags.
  ProcessResult inferbench(std::vector<std::string> base, const std::vector<std::string>& extra) {
    base.insert(base.end(), extra.begin(), extra.end());
    return inferbench(std::move(base));
  }
  void expect_stopped_by(int signal_number, const std::string& model, int expected_exit);
  [[nodiscard]] fs::path out_dir() const { return work_ / "results"; }
  [[nodiscard]] json read_result() const {
    std::ifstream in(out_dir() / "result.json");
    return json::parse(in);
  }
  static fs::path fixture(const std::string& name) { return *fixtures_ / name; }

  // Asserts a bad-input outcome: the exit code, one error line naming the problem, and no result file.
  void expect_failure(const ProcessResult& result, int code, const std::string& message_part) {
    EXPECT_EQ(result.exit_code, code) << result.err;
    EXPECT_NE(result.err.find("inferbench: error: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(message_part), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(out_dir() / "result.json"));
  }

  static fs::path* fixtures_;
};
fs::path* RunCli::fixtures_ = nullptr;

double mean_of(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

TEST_F(RunCli, VersionAndInfo) {
  const ProcessResult version = inferbench({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("inferbench 0.1.0 (git ", 0), 0u) << version.out;
  const ProcessResult info = inferbench({"info"});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("libtorch"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find(".ts"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("fake"), std::string::npos) << info.out;
}

TEST_F(RunCli, BenchmarksATorchScriptFileOnTheCpuAndWritesARecomputableResult) {
  const fs::path model = fixture("demo.ts");
  const ProcessResult result =
      inferbench({"run", "--model", model.string(), "--shape", "1x3x64x64", "--device", "cpu", "--warmup",
                  "3", "--iterations", "30", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\ndemo   libtorch  cpu "), std::string::npos) << result.out;

  const json doc = read_result();
  EXPECT_EQ(doc["schema_version"], "1.5.0");
  EXPECT_EQ(doc["interrupted"], false);
  ASSERT_EQ(doc["runs"].size(), 1u);
  const json& run = doc["runs"][0];
  EXPECT_EQ(run["name"], "demo");
  EXPECT_EQ(run["backend"], "libtorch");
  EXPECT_EQ(run["device"], "cpu");
  EXPECT_EQ(run["status"], "ok");
  EXPECT_EQ(run["model"]["sha256"], ib::io::describe_file(model).sha256);
  EXPECT_EQ(run["model"]["size_bytes"], fs::file_size(model));
  EXPECT_EQ(run["model"]["inputs"][0]["shape"], json({1, 3, 64, 64}));
  EXPECT_EQ(run["model"]["outputs"][0]["shape"], json({1, 10}));
  EXPECT_EQ(run["config"]["iterations"], 30);
  EXPECT_EQ(run["config"]["warmup"], 3);
  EXPECT_EQ(run["config"]["batch"], 1);

  const auto samples = run["samples"]["latency_ms"].get<std::vector<double>>();
  ASSERT_EQ(samples.size(), 30u);
  const json& stats = run["stats"]["latency_ms"];
  EXPECT_EQ(stats["count"], 30);
  EXPECT_NEAR(stats["mean"].get<double>(), mean_of(samples), 1e-9);
  EXPECT_DOUBLE_EQ(stats["min"].get<double>(), *std::min_element(samples.begin(), samples.end()));
  EXPECT_DOUBLE_EQ(stats["max"].get<double>(), *std::max_element(samples.begin(), samples.end()));
  auto sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_NEAR(stats["p50"].get<double>(), (sorted[14] + sorted[15]) / 2, 1e-12);  // h = 29 * 0.5 = 14.5
  EXPECT_NEAR(run["stats"]["throughput"]["fps"].get<double>(), 1000.0 / mean_of(samples), 1e-6);
  const double wall = run["samples"]["timed_wall_s"].get<double>();
  EXPECT_GE(wall * 1000.0, std::accumulate(samples.begin(), samples.end(), 0.0) - 1e-9);
  EXPECT_NEAR(run["stats"]["throughput"]["inferences_per_s"].get<double>(), 30.0 / wall, 1e-6);

  const json& environment = doc["environment"];
  EXPECT_FALSE(environment["host"].get<std::string>().empty());
  EXPECT_EQ(environment["command_line"][0], kBinary);
  EXPECT_EQ(environment["backends"][0]["name"], "libtorch");
  EXPECT_FALSE(environment["backends"][0]["version"].get<std::string>().empty());
  EXPECT_FALSE(fs::exists(out_dir() / ".result.json.tmp"));
}

TEST_F(RunCli, SeveralModelsAreComparedInOneTable) {
  const ProcessResult result =
      inferbench({"run", "--engines", fixture("demo.ts").string(), "--engines",
                  fixture("tiny_conv.ts").string(), "--shape", "1x3x32x32", "--device", "cpu", "--warmup",
                  "1", "--iterations", "5", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\ndemo "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\ntiny_conv "), std::string::npos) << result.out;
  const json doc = read_result();
  ASSERT_EQ(doc["runs"].size(), 2u);
  EXPECT_EQ(doc["runs"][1]["name"], "tiny_conv");
}

TEST_F(RunCli, TheBuiltInDemoNeedsNoFile) {
  const ProcessResult result = inferbench({"run", "--demo", "--device", "cpu", "--warmup", "2",
                                           "--iterations", "10", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json doc = read_result();
  EXPECT_EQ(doc["runs"][0]["model"]["path"], "builtin:demo");
  EXPECT_EQ(doc["runs"][0]["model"]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(doc["runs"][0]["model"]["inputs"][0]["shape"], json({1, 3, 224, 224}));
}

TEST_F(RunCli, FakeBackendTimingsAreAtLeastTheScriptedWork) {
  const ProcessResult result =
      inferbench({"run", "--model", "fake:0.2", "--warmup", "5", "--iterations", "50", "--percentiles",
                  "50,99.9", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json run = read_result()["runs"][0];
  for (double sample : run["samples"]["latency_ms"].get<std::vector<double>>()) EXPECT_GE(sample, 0.2);
  EXPECT_TRUE(run["stats"]["latency_ms"].contains("p99.9"));
  EXPECT_NE(result.out.find("warning: fake:0.2: only 50 samples: p99.9 needs at least 1000"),
            std::string::npos)
      << result.out;
}

// --profile-layers end to end: flag -> a profiled pass after the timed ones -> the result's layer_profile ->
// the reports. The fake's two steps are its layers: "wait" (the scripted 0.3 ms) and "copy" (input to output,
// 768 KiB here so it takes measurable time).
TEST_F(RunCli, ProfileLayersAddsAnUntimedProfiledPassAndItsReports) {
  const std::vector<std::string> base{"run",          "--model", "fake:0.3", "--shape",      "1x3x256x256",
                                      "--warmup",     "3",       "--iterations", "40",       "--output-dir",
                                      out_dir().string()};
  const ProcessResult result = inferbench(base, {"--profile-layers"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json run = read_result()["runs"][0];
  // The timed samples are the 40 asked for, none of them profiled.
  EXPECT_EQ(run["samples"]["latency_ms"].size(), 40U);
  const json& profile = run["layer_profile"];
  EXPECT_EQ(profile["iterations"], 10);
  ASSERT_EQ(profile["layers"].size(), 2U);
  EXPECT_EQ(profile["layers"][0]["name"], "wait");
  EXPECT_EQ(profile["layers"][1]["name"], "copy");
  for (const json& layer : profile["layers"]) {
    EXPECT_GT(layer["time_ms"].get<double>(), 0.0) << layer;
    EXPECT_GT(layer["average_ms"].get<double>(), 0.0) << layer;
    EXPECT_GT(layer["percentage"].get<double>(), 0.0) << layer;
  }
  EXPECT_GE(profile["layers"][0]["average_ms"].get<double>(), 0.3);
  // The reports every profiled run gets, as for trtexec's profiles.
  std::ifstream csv_in(out_dir() / "per_layer_times.csv");
  const std::string csv{std::istreambuf_iterator<char>(csv_in), {}};
  // Ranked by time: 'wait' usually first, but a preempted copy on a loaded machine can pass it, so the order
  // is not asserted.
  EXPECT_EQ(csv.rfind("name,time_ms,average_ms,median_ms,percentage\n", 0), 0U) << csv;
  EXPECT_NE(csv.find("\nwait,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\ncopy,"), std::string::npos) << csv;
  std::ifstream md_in(out_dir() / "summary.md");
  const std::string md{std::istreambuf_iterator<char>(md_in), {}};
  EXPECT_NE(md.find("## Per-layer profile"), std::string::npos) << md;
  EXPECT_NE(md.find(" | wait |"), std::string::npos) << md;
  EXPECT_NE(md.find(" | copy |"), std::string::npos) << md;

  // Without the flag: the same timed pass, no profile, no per-layer files.
  fs::remove_all(out_dir());
  const ProcessResult plain = inferbench(base);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const json plain_run = read_result()["runs"][0];
  EXPECT_EQ(plain_run["samples"]["latency_ms"].size(), 40U);
  EXPECT_FALSE(plain_run.contains("layer_profile") && !plain_run["layer_profile"].is_null());
  EXPECT_FALSE(fs::exists(out_dir() / "per_layer_times.csv"));
}

// A backend that cannot time layers: the run succeeds and says so, naming the flag.
TEST_F(RunCli, ProfileLayersOnABackendWithoutLayerTimesIsAWarning) {
  const ProcessResult result =
      inferbench({"run", "--model", fixture("demo.ts").string(), "--shape", "1x3x32x32", "--device", "cpu",
                  "--warmup", "1", "--iterations", "5", "--profile-layers", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json run = read_result()["runs"][0];
  EXPECT_TRUE(!run.contains("layer_profile") || run["layer_profile"].is_null());
  EXPECT_EQ(run["samples"]["latency_ms"].size(), 5U);
  const auto& warnings = run["warnings"];
  const auto found = std::find_if(warnings.begin(), warnings.end(),
                                  [](const json& w) { return w["kind"] == "layer_profile_unsupported"; });
  ASSERT_NE(found, warnings.end()) << warnings;
  EXPECT_EQ((*found)["values"]["backend"], "libtorch");
  EXPECT_NE(result.out.find("--profile-layers: the libtorch backend cannot time layers"), std::string::npos)
      << result.out;
}

TEST_F(RunCli, AProgressBarOnATerminalOnlyAndNotWithQuiet) {
  const std::vector<std::string> args{kBinary,        "run",    "--model",      "fake:2",
                                      "--model",      "fake:1", "--warmup",     "0",
                                      "--iterations", "150",    "--output-dir", out_dir().string()};
  const ProcessResult shown = ib::testing::run_on_terminal(args, work_ / "terminal", 100);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  // Drawn in place ("\r", erase to the end of the line), naming the run of two and the phase.
  EXPECT_NE(shown.err.find("\r[1/2] fake:2  measuring ["), std::string::npos) << shown.err;
  EXPECT_NE(shown.err.find("\r[2/2] fake:1  "), std::string::npos) << shown.err;
  EXPECT_NE(shown.err.find("\x1b[K"), std::string::npos) << shown.err;
  // Erased before the next line is printed: every line the terminal got starts clean.
  EXPECT_NE(shown.err.find("\r\x1b[Kfake:1 (fake, cpu): "), std::string::npos) << shown.err;
  EXPECT_LT(shown.err.rfind("measuring"), shown.err.find("result: ")) << shown.err;

  std::vector<std::string> quiet = args;
  quiet.emplace_back("--quiet");
  const ProcessResult hidden = ib::testing::run_on_terminal(quiet, work_ / "quiet", 100);
  ASSERT_EQ(hidden.exit_code, 0) << hidden.err;
  EXPECT_EQ(hidden.err.find("measuring"), std::string::npos) << hidden.err;
  EXPECT_EQ(hidden.err.find("\x1b["), std::string::npos) << hidden.err;

  const ProcessResult piped = inferbench(std::vector<std::string>(args.begin() + 1, args.end()));
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err.find('\r'), std::string::npos) << piped.err;
  EXPECT_EQ(piped.err.find("measuring"), std::string::npos) << piped.err;
}

TEST_F(RunCli, APrecisionPerModelOverridesTheDtypeList) {
  const ProcessResult result = inferbench({"run", "--model", "fake:0.1@fp16", "--model", "fake:0.2",
                                           "--model", "fake:0.1@fp16", "--dtype", "fp32,bf16", "--warmup",
                                           "0", "--iterations", "5", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json runs = read_result()["runs"];
  ASSERT_EQ(runs.size(), 4u);
  const std::vector<std::pair<std::string, std::string>> expected{{"fake:0.1@fp16", "fp16"},
                                                                  {"fake:0.2@fp32", "fp32"},
                                                                  {"fake:0.2@bf16", "bf16"},
                                                                  {"fake:0.1@fp16#2", "fp16"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(runs[i]["name"], expected[i].first) << i;
    EXPECT_EQ(runs[i]["config"]["dtype"], expected[i].second) << i;
    EXPECT_EQ(runs[i]["model"]["inputs"][0]["dtype"], expected[i].second) << i;
  }
  // Only the three precisions inferbench knows are split off; anything else stays part of the file name.
  const ProcessResult unknown =
      inferbench({"run", "--model", (work_ / "model.ts@int8").string(), "--output-dir", out_dir().string()});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("model.ts@int8"), std::string::npos) << unknown.err;
}

// Runs `model` until `signal_number` arrives during the timed iterations; the samples taken are kept, the
// result is marked interrupted and the exit code is `expected_exit`.
void RunCli::expect_stopped_by(int signal_number, const std::string& model, int expected_exit) {
  ib::testing::Subprocess process({kBinary, "run", "--model", model, "--warmup", "5", "--iterations",
                                   "100000", "--output-dir", out_dir().string()},
                                  work_ / ("capture_signal" + std::to_string(signal_number)));
  // The progress line is printed after the handler is installed; then let it take some timed samples.
  ASSERT_TRUE(process.wait_for_stderr("timed iterations", std::chrono::seconds(60)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  process.signal(signal_number);
  const ProcessResult result = process.wait();
  EXPECT_EQ(result.exit_code, expected_exit) << result.err;
  EXPECT_NE(result.err.find("(interrupted)"), std::string::npos) << result.err;
  const json doc = read_result();
  EXPECT_EQ(doc["interrupted"], true);
  EXPECT_EQ(doc["runs"][0]["status"], "interrupted");
  const auto count = doc["runs"][0]["samples"]["latency_ms"].size();
  EXPECT_GT(count, 0u);
  EXPECT_LT(count, 100000u);
  EXPECT_EQ(doc["runs"][0]["stats"]["latency_ms"]["count"], count);
}

TEST_F(RunCli, CtrlCKeepsTheSamplesAndMarksTheResult) {
  expect_stopped_by(SIGINT, "fake:1", 130);
}

// SIGTERM (docker stop, Kubernetes) is a Ctrl-C that says so in the exit code: 128 + 15.
TEST_F(RunCli, SigtermKeepsTheSamplesAndExitsWith143) {
  expect_stopped_by(SIGTERM, "fake:5", 143);
}

// The 23rd inference (2 startup + 20 timed before it) busy-waits a minute, like a huge input in LibTorch: the
// stop does not wait for it, but kStopGrace (3 s) after the signal writes the 20 samples and exits.
TEST_F(RunCli, ABackendCallThatDoesNotReturnDoesNotHoldUpTheStop) {
  std::string model = "fake:";
  for (int i = 0; i < 22; ++i) model += "5,";
  model += "60000";
  ib::testing::Subprocess process({kBinary, "run", "--model", model, "--warmup", "0", "--iterations", "1000",
                                   "--output-dir", out_dir().string()},
                                  work_ / "capture_hang");
  ASSERT_TRUE(process.wait_for_stderr("timed iterations", std::chrono::seconds(60)));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // well into the minute-long call
  const auto signalled = std::chrono::steady_clock::now();
  process.signal(SIGTERM);
  const ProcessResult result = process.wait();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
  EXPECT_EQ(result.exit_code, 143) << result.err;
  EXPECT_GE(seconds, 2.9);  // it did wait the grace period for the call
  EXPECT_LT(seconds, 30.0) << "waited for the backend call";
  const json doc = read_result();
  EXPECT_EQ(doc["interrupted"], true);
  const json& run = doc["runs"][0];
  EXPECT_EQ(run["status"], "interrupted");
  EXPECT_EQ(run["samples"]["latency_ms"].size(), 20u);
  EXPECT_EQ(run["stats"]["latency_ms"]["count"], 20);
  EXPECT_GE(run["stats"]["latency_ms"]["min"].get<double>(), 5.0);
  EXPECT_EQ(run["warnings"][0]["kind"], "abandoned_backend_call");
  EXPECT_NE(run["warnings"][0]["message"].get<std::string>().find("had not returned 3 s after the signal"),
            std::string::npos)
      << run["warnings"];
}

// Two signals in a row: whatever the second one interrupts, no temp file of ours stays in the folder.
TEST_F(RunCli, TwoQuickSignalsLeaveNoTempFile) {
  for (const int delay_ms : {0, 200, 600}) {
    ib::testing::Subprocess process({kBinary, "run", "--model", "fake:1", "--warmup", "2", "--iterations",
                                     "100000", "--output-dir", out_dir().string()},
                                    work_ / ("capture_twice" + std::to_string(delay_ms)));
    ASSERT_TRUE(process.wait_for_stderr("timed iterations", std::chrono::seconds(60)));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    process.signal(SIGINT);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    process.signal(SIGINT);
    const ProcessResult result = process.wait();
    EXPECT_EQ(result.exit_code, 130) << result.err;
    for (const auto& entry : fs::recursive_directory_iterator(out_dir()))
      EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

TEST_F(RunCli, StreamsRunConcurrentlyAndKeepEveryRequest) {
  const ProcessResult result = inferbench({"run", "--model", "fake:0.2", "--streams", "3", "--warmup", "2",
                                           "--iterations", "20", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json run = read_result()["runs"][0];
  EXPECT_EQ(run["config"]["streams"], 3);
  EXPECT_EQ(run["samples"]["latency_ms"].size(), 60u);
  const auto streams = run["samples"]["stream"].get<std::vector<int>>();
  ASSERT_EQ(streams.size(), 60u);
  for (int s = 0; s < 3; ++s) EXPECT_EQ(std::count(streams.begin(), streams.end(), s), 20) << s;
}

TEST_F(RunCli, DurationAndStabilityStopTheTimedPass) {
  ProcessResult result = inferbench({"run", "--model", "fake:1", "--warmup-ms", "20", "--duration", "0.3",
                                     "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json run = read_result()["runs"][0];
  EXPECT_EQ(run["stopped_by"], "duration");
  EXPECT_GE(run["samples"]["timed_wall_s"].get<double>(), 0.3);
  EXPECT_GE(run["samples"]["warmup_wall_s"].get<double>(), 0.02);
  EXPECT_LE(run["samples"]["latency_ms"].size(), 300u);

  // A busy-wait is steady enough for a loose target; p99's interval needs at least 299 samples.
  result = inferbench({"run", "--model", "fake:0.05", "--until-stable", "--target-ci", "50", "--max-duration",
                       "20", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  run = read_result()["runs"][0];
  EXPECT_EQ(run["stopped_by"], "stable");
  EXPECT_GE(run["samples"]["latency_ms"].size(), 299u);
  EXPECT_EQ(run["config"]["target_ci"], 0.5);
  const json& ci = run["stats"]["latency_ms"]["ci95"];
  EXPECT_TRUE(ci["p99"]["available"].get<bool>());
  EXPECT_LE(ci["p50"]["lower"].get<double>(), run["stats"]["latency_ms"]["p50"].get<double>());
  EXPECT_GE(ci["p50"]["upper"].get<double>(), run["stats"]["latency_ms"]["p50"].get<double>());
  EXPECT_TRUE(run["startup"].is_object());
}

TEST_F(RunCli, GpuOnlyModesAreRefusedOnTheCpu) {
  expect_failure(inferbench({"run", "--model", "fake:0", "--cuda-graph", "--output-dir", out_dir().string()}),
                 3, "--cuda-graph needs a CUDA device");
  expect_failure(
      inferbench({"run", "--model", "fake:0", "--sync", "spin", "--output-dir", out_dir().string()}), 2,
      "--sync");
  expect_failure(
      inferbench({"run", "--model", "fake:0", "--sync", "busy", "--output-dir", out_dir().string()}), 2,
      "bad --sync 'busy'");
  expect_failure(inferbench({"run", "--model", "fake:0", "--duration", "1", "--until-stable", "--output-dir",
                             out_dir().string()}),
                 2, "exclude each other");
  expect_failure(
      inferbench({"run", "--model", "fake:0", "--streams", "0", "--output-dir", out_dir().string()}), 2,
      "--streams must be at least 1");
}

using ib::testing::write_bmp;

// A 24-bit BMP of one colour (R, G, B).
void write_solid_bmp(const fs::path& path, int width, int height, std::uint8_t r, std::uint8_t g,
                     std::uint8_t b) {
  write_bmp(path, width, height);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const int row = (width * 3 + 3) / 4 * 4;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const auto at = static_cast<std::size_t>(54 + y * row + x * 3);
      bytes[at] = static_cast<char>(b);
      bytes[at + 1] = static_cast<char>(g);
      bytes[at + 2] = static_cast<char>(r);
    }
  }
  std::ofstream(path, std::ios::binary) << bytes;
}

void write_map(const fs::path& path, ib::core::Shape shape, double value) {
  const auto count = static_cast<std::size_t>(ib::core::element_count(shape));
  ib::io::write_npy(
      path, ib::io::make_npy(ib::core::DType::fp32, std::move(shape), std::vector<double>(count, value)));
}

// tiny_depth gives depth = (sum of the three normalised channels) / 4 + 3; tiny_depth_doubled exactly twice
// that. Both run on a 4x4 input; their maps are resized back to the 8x6 image.
TEST_F(RunCli, CrossEngineComparisonAgainstTheFirstModelAndSavedOutputs) {
  write_bmp(work_ / "photo.bmp", 8, 6);
  const ProcessResult result = inferbench({"run", "--model", fixture("tiny_depth.ts").string(), "--model",
                                           fixture("tiny_depth_doubled.ts").string(), "--image",
                                           (work_ / "photo.bmp").string(), "--input-size", "4", "--warmup",
                                           "1", "--iterations", "5", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json doc = read_result();
  const json& reference = doc["runs"][0]["quality"];
  EXPECT_EQ(reference["output"], "output");
  EXPECT_EQ(reference["output_shape"], json({1, 4, 4}));
  EXPECT_EQ(reference["map_shape"], json({6, 8}));
  EXPECT_TRUE(reference["vs_reference"].is_null());
  EXPECT_EQ(doc["runs"][0]["model"]["inputs"][0]["shape"], json({1, 3, 4, 4}));
  const json& diff = doc["runs"][1]["quality"]["vs_reference"];
  EXPECT_EQ(diff["reference"], "tiny_depth");
  // An affine map of the reference normalises to the same [0,1] map (up to the 1e-8 eps); the raw vectors are
  // parallel (cosine 1) and |2r - r| / |r| = 1.
  EXPECT_LT(diff["mae"].get<double>(), 1e-8);
  EXPECT_LT(diff["max_abs"].get<double>(), 1e-8);
  EXPECT_NEAR(diff["cosine"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(diff["rel_l2"].get<double>(), 1.0, 1e-12);
  EXPECT_EQ(diff["count"], 48);
  // Each map is saved at the image's size; the second is exactly twice the first.
  ASSERT_EQ(doc["runs"][1]["quality"]["output_file"], "outputs/tiny_depth_doubled.npy");
  const ib::io::NpyArray first = ib::io::read_npy(out_dir() / "outputs" / "tiny_depth.npy");
  const ib::io::NpyArray second = ib::io::read_npy(out_dir() / "outputs" / "tiny_depth_doubled.npy");
  EXPECT_EQ(first.shape, (ib::core::Shape{6, 8}));
  const auto a = ib::io::to_doubles(first);
  const auto b = ib::io::to_doubles(second);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(b[i], 2 * a[i], 1e-5) << i;

  // The saved map is its own ground truth: perfect scores.
  const ProcessResult scored = inferbench(
      {"run", "--model", fixture("tiny_depth.ts").string(), "--image", (work_ / "photo.bmp").string(),
       "--input-size", "4", "--warmup", "1", "--iterations", "5", "--gt",
       (out_dir() / "outputs" / "tiny_depth.npy").string(), "--output-dir", (work_ / "scored").string()});
  ASSERT_EQ(scored.exit_code, 0) << scored.err;
  std::ifstream in(work_ / "scored" / "result.json");
  const json gt = json::parse(in)["runs"][0]["quality"]["ground_truth"];
  EXPECT_EQ(gt["mode"], "single-image");
  EXPECT_EQ(gt["images"], 1);
  EXPECT_EQ(gt["valid_pixels"], 48);
  EXPECT_LT(gt["metrics"]["abs_rel"].get<double>(), 1e-6);
  EXPECT_EQ(gt["metrics"]["d1"], 1.0);
}

// The depth figure draws from the result folder alone: the run copies the input image and the GT map into
// outputs/, so `report` still shows both panels after the user's files are gone.
TEST_F(RunCli, TheDepthFigureNeedsOnlyTheResultFolder) {
  write_bmp(work_ / "photo.bmp", 8, 6);
  write_map(work_ / "gt.npy", {1, 6, 8}, 4.0);
  const ProcessResult result = inferbench(
      {"run", "--model", fixture("tiny_depth.ts").string(), "--image", (work_ / "photo.bmp").string(),
       "--input-size", "4", "--warmup", "1", "--iterations", "5", "--gt", (work_ / "gt.npy").string(),
       "--save-outputs", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json quality = read_result()["runs"][0]["quality"];
  ASSERT_EQ(quality["input_file"], "outputs/input_image.npy");
  ASSERT_EQ(quality["ground_truth_file"], "outputs/ground_truth.npy");
  const ib::io::NpyArray image = ib::io::read_npy(out_dir() / "outputs" / "input_image.npy");
  EXPECT_EQ(image.dtype, ib::core::DType::uint8);
  EXPECT_EQ(image.shape, (ib::core::Shape{6, 8, 3}));
  const ib::io::NpyArray gt = ib::io::read_npy(out_dir() / "outputs" / "ground_truth.npy");
  EXPECT_EQ(gt.shape, (ib::core::Shape{6, 8}));
  EXPECT_EQ(ib::io::to_doubles(gt), std::vector<double>(48, 4.0));

  fs::remove(work_ / "photo.bmp");
  fs::remove(work_ / "gt.npy");
  const ProcessResult report =
      inferbench({"report", (out_dir() / "result.json").string(), "--output-dir", out_dir().string()});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_EQ(report.err.find("panels left out"), std::string::npos) << report.err;
  EXPECT_TRUE(fs::exists(out_dir() / "outputs" / "input_image.npy"));  // the report's input: kept
  EXPECT_TRUE(fs::exists(out_dir() / "outputs" / "ground_truth.npy"));
}

// A depth run, then a fake-backend run into the same folder: the depth figure (and its data) and the saved
// outputs of the first are gone; the user's own files, beside them and inside outputs/, stay.
TEST_F(RunCli, AFolderUsedAgainKeepsNothingStaleAndNothingOfTheUsers) {
  write_bmp(work_ / "photo.bmp", 8, 6);
  const ProcessResult depth =
      inferbench({"run", "--model", fixture("tiny_depth.ts").string(), "--image",
                  (work_ / "photo.bmp").string(), "--input-size", "4", "--warmup", "1", "--iterations", "5",
                  "--save-outputs", "--output-dir", out_dir().string()});
  ASSERT_EQ(depth.exit_code, 0) << depth.err;
  const auto depth_files = [&] {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(out_dir())) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with("depth_comparison")) names.push_back(name);
    }
    return names;
  };
  ASSERT_FALSE(depth_files().empty());
  ASSERT_TRUE(fs::exists(out_dir() / "outputs" / "tiny_depth.npy"));
  std::ofstream(out_dir() / "notes.txt") << "mine";
  std::ofstream(out_dir() / "depth_comparison_by_hand.txt") << "mine too";  // our prefix, not our file

  const ProcessResult fake = inferbench({"run", "--model", "fake:0.1", "--warmup", "1", "--iterations", "5",
                                         "--output-dir", out_dir().string()});
  ASSERT_EQ(fake.exit_code, 0) << fake.err;
  EXPECT_EQ(depth_files(), std::vector<std::string>{"depth_comparison_by_hand.txt"});
  EXPECT_FALSE(fs::exists(out_dir() / "outputs"));
  EXPECT_TRUE(fs::exists(out_dir() / "notes.txt"));
  EXPECT_EQ(read_result()["runs"][0]["name"], "fake:0.1");
  EXPECT_NE(fake.err.find("note: removed "), std::string::npos) << fake.err;
  EXPECT_NE(fake.err.find("outputs/tiny_depth.npy"), std::string::npos) << fake.err;

  // A user's file inside outputs/ keeps the folder.
  const ProcessResult again =
      inferbench({"run", "--model", fixture("tiny_depth.ts").string(), "--image",
                  (work_ / "photo.bmp").string(), "--input-size", "4", "--warmup", "1", "--iterations", "5",
                  "--save-outputs", "--output-dir", out_dir().string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  std::ofstream(out_dir() / "outputs" / "mine.npy") << "mine";
  const ProcessResult last = inferbench({"run", "--model", "fake:0.1", "--warmup", "1", "--iterations", "5",
                                         "--output-dir", out_dir().string()});
  ASSERT_EQ(last.exit_code, 0) << last.err;
  EXPECT_FALSE(fs::exists(out_dir() / "outputs" / "tiny_depth.npy"));
  EXPECT_TRUE(fs::exists(out_dir() / "outputs" / "mine.npy"));
  EXPECT_TRUE(fs::exists(out_dir() / "notes.txt"));
}

TEST_F(RunCli, DatasetModeAveragesPerImageAndCountsImagesWithoutGroundTruth) {
  // Solid red images: every input pixel is ((1 - 0.485) / 0.229, (0 - 0.456) / 0.224, (0 - 0.406) / 0.225),
  // so the prediction is the constant p below. GT a = 2 everywhere (image size), b = 4 everywhere at half the
  // size (same aspect: the prediction is resized to it), c has no GT. Without median scaling:
  // abs_rel = (|2 - p| / 2 + |4 - p| / 4) / 2 and rmse = (|2 - p| + |4 - p|) / 2.
  const double p = ((1 - 0.485) / 0.229 + (0 - 0.456) / 0.224 + (0 - 0.406) / 0.225) / 4 + 3;
  fs::create_directories(work_ / "images");
  fs::create_directories(work_ / "gt");
  for (const char* name : {"a.bmp", "b.bmp", "c.bmp"})
    write_solid_bmp(work_ / "images" / name, 8, 6, 255, 0, 0);
  write_map(work_ / "gt" / "a.npy", {6, 8}, 2.0);
  write_map(work_ / "gt" / "b.npy", {1, 3, 4}, 4.0);
  const ProcessResult result =
      inferbench({"run", "--model", fixture("tiny_depth.ts").string(), "--input-size", "4", "--warmup", "1",
                  "--iterations", "5", "--metric-images-dir", (work_ / "images").string(), "--metric-gt-dir",
                  (work_ / "gt").string(), "--no-median-scaling", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("1 of 3 images have no GT file and were skipped"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("b.npy: the GT is 4x3 but the image 8x6 (same aspect ratio)"), std::string::npos)
      << result.out;
  const json gt = read_result()["runs"][0]["quality"]["ground_truth"];
  EXPECT_EQ(gt["mode"], "dataset");
  EXPECT_EQ(gt["images"], 2);
  EXPECT_EQ(gt["skipped_images"], 1);
  EXPECT_EQ(gt["valid_pixels"], 48 + 12);
  EXPECT_EQ(gt["median_scaling"], false);
  EXPECT_NEAR(gt["metrics"]["abs_rel"].get<double>(), (std::abs(2 - p) / 2 + std::abs(4 - p) / 4) / 2, 1e-5);
  EXPECT_NEAR(gt["metrics"]["rmse"].get<double>(), (std::abs(2 - p) + std::abs(4 - p)) / 2, 1e-5);
  EXPECT_EQ(gt["metrics"]["d1"], 0.0);  // 2 / 2.6 and 4 / 2.6 are both beyond 1.25
}

TEST_F(RunCli, AccuracyInputsThatCannotBeScoredAreErrorsBeforeAnythingRuns) {
  write_bmp(work_ / "photo.bmp", 8, 6);
  const std::vector<std::string> base{"run",
                                      "--model",
                                      fixture("tiny_depth.ts").string(),
                                      "--image",
                                      (work_ / "photo.bmp").string(),
                                      "--input-size",
                                      "4",
                                      "--output-dir",
                                      out_dir().string()};
  const auto with = [&](const std::vector<std::string>& extra) { return inferbench(base, extra); };
  write_map(work_ / "square.npy", {6, 6}, 2.0);
  expect_failure(with({"--gt", (work_ / "square.npy").string()}), 2, "different aspect ratios");
  write_map(work_ / "zeros.npy", {6, 8}, 0.0);
  expect_failure(with({"--gt", (work_ / "zeros.npy").string()}), 2, "no valid pixel");
  std::ofstream(work_ / "corrupt.npy") << "\x93NUMPY garbage";
  expect_failure(with({"--gt", (work_ / "corrupt.npy").string()}), 2, "corrupt.npy");
  fs::create_directories(work_ / "empty");
  expect_failure(with({"--metric-images-dir", (work_ / "empty").string(), "--metric-gt-dir",
                       (work_ / "empty").string()}),
                 2, "no .jpg, .jpeg, .png or .bmp files in it");
  expect_failure(with({"--metric-images-dir", (work_ / "empty").string()}), 2,
                 "needs both --metric-images-dir and --metric-gt-dir");
  expect_failure(inferbench({"run", "--model", fixture("tiny_depth.ts").string(), "--shape", "1x3x4x4",
                             "--gt", (work_ / "square.npy").string(), "--output-dir", out_dir().string()}),
                 2, "give --image too");
  expect_failure(with({"--output-name", "depth"}), 2, "--output-name depth: the model's outputs are output");
}

TEST_F(RunCli, NonFiniteOutputsAreCountedAndReported) {
  write_bmp(work_ / "photo.bmp", 8, 6);
  const ProcessResult result = inferbench({"run", "--model", fixture("nonfinite_depth.ts").string(),
                                           "--model", fixture("tiny_depth.ts").string(), "--image",
                                           (work_ / "photo.bmp").string(), "--input-size", "4", "--warmup",
                                           "1", "--iterations", "5", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("output 'output' holds 16 NaN/Inf values of 16"), std::string::npos)
      << result.out;
  const json doc = read_result();
  EXPECT_EQ(doc["runs"][0]["quality"]["nonfinite_values"], 16);
  EXPECT_TRUE(doc["runs"][1]["quality"]["vs_reference"].is_null());
  EXPECT_NE(result.out.find("cross-engine: not compared with nonfinite_depth"), std::string::npos)
      << result.out;
}

// Issue 19: with --gt, an all-NaN output used to fail the run (samples dropped, the GT file blamed).
TEST_F(RunCli, NanOutputAgainstGroundTruthKeepsItsTiming) {
  write_bmp(work_ / "photo.bmp", 8, 6);
  write_map(work_ / "gt.npy", {6, 8}, 2.0);
  const ProcessResult result =
      inferbench({"run", "--model", fixture("nonfinite_depth.ts").string(), "--image",
                  (work_ / "photo.bmp").string(), "--input-size", "4", "--gt", (work_ / "gt.npy").string(),
                  "--warmup", "1", "--iterations", "5", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("inferbench: error:"), std::string::npos) << result.err;
  const json run = read_result()["runs"][0];
  EXPECT_EQ(run["status"], "ok");
  EXPECT_EQ(run["samples"]["latency_ms"].size(), 5u);
  EXPECT_TRUE(run["quality"]["ground_truth"].is_null());
  const std::string warnings = run["warnings"].dump();
  EXPECT_NE(warnings.find("output 'output' holds 16 NaN/Inf values of 16"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("output 'output' against gt.npy: no valid predictions"), std::string::npos)
      << warnings;
}

TEST_F(RunCli, ImagesClaimingHugeSizesAreRefusedFromTheirHeader) {
  const std::string claims =
      ib::testing::with_png_size(ib::testing::grey_png(2, 2, 8, {1, 2, 3, 4}), 16000, 16000);
  std::ofstream(work_ / "claims.png", std::ios::binary) << claims;
  const std::vector<std::string> base{"run",
                                      "--model",
                                      fixture("tiny_depth.ts").string(),
                                      "--input-size",
                                      "4",
                                      "--warmup",
                                      "1",
                                      "--iterations",
                                      "2",
                                      "--output-dir",
                                      out_dir().string()};
  const auto with = [&](const std::vector<std::string>& extra) { return inferbench(base, extra); };
  const std::string line =
      "claims.png: image of 16000x16000 pixels (256.0 megapixels) is above the limit of "
      "100000000 pixels; raise it with --max-image-pixels";
  const ProcessResult image = with({"--image", (work_ / "claims.png").string()});
  expect_failure(image, 2, line);
  EXPECT_EQ(std::count(image.err.begin(), image.err.end(), '\n'), 1) << image.err;
  fs::create_directories(work_ / "images");
  fs::create_directories(work_ / "gt");
  fs::copy_file(work_ / "claims.png", work_ / "images" / "a.png");
  write_map(work_ / "gt" / "a.npy", {6, 8}, 2.0);
  expect_failure(
      with({"--metric-images-dir", (work_ / "images").string(), "--metric-gt-dir", (work_ / "gt").string()}),
      2, "a.png: image of 16000x16000 pixels");
  expect_failure(with({"--image", (work_ / "claims.png").string(), "--max-image-pixels", "0"}), 2,
                 "--max-image-pixels must be between 1 and 268435456");
}

// A BMP whose BITMAPINFOHEADER height is negative stores its rows top-down: valid, and accepted.
TEST_F(RunCli, TopDownBmpIsAnImage) {
  write_bmp(work_ / "photo.bmp", 8, 6);
  std::string bytes;
  {
    std::ifstream in(work_ / "photo.bmp", std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::uint32_t negative = static_cast<std::uint32_t>(-6);
  for (int i = 0; i < 4; ++i) bytes[22 + i] = static_cast<char>((negative >> (8 * i)) & 0xff);
  std::ofstream(work_ / "topdown.bmp", std::ios::binary) << bytes;
  const ProcessResult result = inferbench({"run", "--model", fixture("tiny_depth.ts").string(), "--image",
                                           (work_ / "topdown.bmp").string(), "--input-size", "4", "--warmup",
                                           "1", "--iterations", "2", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_result()["runs"][0]["status"], "ok");
}

// KITTI's depth GT: 16-bit PNG, depth = value / 256, 0 = no measurement (left out like any GT below
// --min-depth).
TEST_F(RunCli, SixteenBitPngGroundTruthWithItsScale) {
  // tiny_depth on a pure red image predicts p everywhere (see the dataset test above).
  const double p = ((1 - 0.485) / 0.229 + (0 - 0.456) / 0.224 + (0 - 0.406) / 0.225) / 4 + 3;
  write_solid_bmp(work_ / "red.bmp", 8, 6, 255, 0, 0);
  std::vector<std::uint16_t> values(48, 512);        // 2 m
  std::fill(values.begin(), values.begin() + 8, 0);  // the top row has no measurement
  std::ofstream(work_ / "gt.png", std::ios::binary) << ib::testing::grey_png(8, 6, 16, values);
  const std::vector<std::string> args{"run",
                                      "--model",
                                      fixture("tiny_depth.ts").string(),
                                      "--image",
                                      (work_ / "red.bmp").string(),
                                      "--input-size",
                                      "4",
                                      "--gt",
                                      (work_ / "gt.png").string(),
                                      "--no-median-scaling",
                                      "--warmup",
                                      "1",
                                      "--iterations",
                                      "2",
                                      "--output-dir",
                                      out_dir().string()};
  expect_failure(inferbench(args), 2, "gt.png: a PNG depth map stores integers: give --gt-scale");
  std::vector<std::string> scaled = args;
  scaled.insert(scaled.end(), {"--gt-scale", "256"});
  const ProcessResult result = inferbench(scaled);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json gt = read_result()["runs"][0]["quality"]["ground_truth"];
  EXPECT_EQ(gt["valid_pixels"], 40);
  EXPECT_EQ(gt["gt_scale"], 256.0);
  EXPECT_NEAR(gt["metrics"]["abs_rel"].get<double>(), std::abs(2 - p) / 2, 1e-5);
}

TEST_F(RunCli, ProcessCostOnEveryRunAndTelemetryAvailabilityInTheEnvironment) {
  expect_failure(
      inferbench({"run", "--model", "fake:0", "--telemetry", "always", "--output-dir", out_dir().string()}),
      2, "bad --telemetry 'always' (expected separate, concurrent or off)");
  expect_failure(inferbench({"run", "--model", "fake:0", "--gpu-sample-interval", "0", "--output-dir",
                             out_dir().string()}),
                 2, "--gpu-sample-interval must be between 0.001 and 3600 seconds");
  const ProcessResult result =
      inferbench({"run", "--model", "fake:0.5", "--warmup", "2", "--iterations", "100",
                  "--gpu-sample-interval", "0.05", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json doc = read_result();
  const json& process = doc["runs"][0]["stats"]["process"];
  // The fake backend spins for 0.5 ms per inference on this thread, so the process spends at least that much
  // CPU per inference.
  EXPECT_GE(process["cpu_ms_per_inference"].get<double>(), 0.45);
  EXPECT_NEAR(process["cpu_ms_per_inference"].get<double>(),
              (process["cpu_user_s"].get<double>() + process["cpu_system_s"].get<double>()) * 1000 / 100,
              1e-9);
  EXPECT_GT(process["peak_rss_bytes"].get<std::uint64_t>(), 1'000'000u);
  const json& nvml = doc["environment"]["nvml"];
  if (!nvml["available"].get<bool>()) {
    EXPECT_NE(nvml["reason"].get<std::string>(), "");
    EXPECT_EQ(nvml["gpus"], json::array());
  }
  // A CPU run never samples the GPU.
  EXPECT_TRUE(doc["runs"][0]["telemetry"].is_null());

  const ProcessResult off = inferbench({"run", "--model", "fake:0", "--iterations", "5", "--telemetry", "off",
                                        "--output-dir", (work_ / "off").string()});
  ASSERT_EQ(off.exit_code, 0) << off.err;
  std::ifstream in(work_ / "off" / "result.json");
  EXPECT_TRUE(json::parse(in)["environment"]["nvml"].is_null());
}

TEST_F(RunCli, AnImageIsTheFirstInput) {
  write_bmp(work_ / "photo.bmp", 40, 30);
  const ProcessResult result = inferbench(
      {"run", "--model", fixture("demo.ts").string(), "--shape", "1x3x32x32", "--device", "cpu", "--image",
       (work_ / "photo.bmp").string(), "--mean", "0.5,0.5,0.5", "--std", "0.25,0.25,0.25", "--warmup", "1",
       "--iterations", "3", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_result()["runs"][0]["config"]["input_image"], (work_ / "photo.bmp").string());
  fs::remove(out_dir() / "result.json");  // the failures below must leave none

  std::ofstream(work_ / "broken.png") << "\x89PNG not really";
  expect_failure(inferbench({"run", "--model", fixture("demo.ts").string(), "--shape", "1x3x32x32", "--image",
                             (work_ / "broken.png").string(), "--output-dir", out_dir().string()}),
                 2, "broken.png");
  expect_failure(
      inferbench({"run", "--model", fixture("demo.ts").string(), "--shape", "1x3x32x32", "--image",
                  (work_ / "photo.bmp").string(), "--mean", "0.5,0.5", "--output-dir", out_dir().string()}),
      2, "bad --mean '0.5,0.5'");
  // The fake model takes any shape, so the preprocessing itself refuses a non-NCHW input.
  expect_failure(inferbench({"run", "--model", "fake:0", "--shape", "1x32x32", "--image",
                             (work_ / "photo.bmp").string(), "--output-dir", out_dir().string()}),
                 2, "needs the NCHW layout [N, 3, H, W]");
}

TEST_F(RunCli, MissingModelFile) {
  expect_failure(
      inferbench({"run", "--model", (work_ / "nope.ts").string(), "--output-dir", out_dir().string()}), 2,
      "nope.ts");
}

// A .pt2 is checked as a zip archive before PyTorch's loader sees it, on every build: exit 2, one line.
TEST_F(RunCli, BadAotiPackagesAreBadInput) {
  const auto write = [this](const std::string& name, const std::string& bytes) {
    std::ofstream(work_ / name, std::ios::binary) << bytes;
    return (work_ / name).string();
  };
  const std::string zip_start("PK\x03\x04\x14\x00\x00\x00", 8);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {write("empty.pt2", ""), "the file is empty"},
      {write("text.pt2", "not a zip\n"), "it is not a zip archive"},
      {write("cut.pt2", zip_start + std::string(100, 'x')), "the zip archive is truncated"},
  };
  for (const auto& [path, reason] : cases) {
    const ProcessResult result = inferbench({"run", "--model", path, "--output-dir", out_dir().string()});
    expect_failure(result, 2, "cannot load AOTInductor package '" + path + "': " + reason);
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

// A well-formed zip that is no package: where this build has no AOTInductor loader, exit 3 saying so (and
// `inferbench info` says the same); where it has one, the loader's reason, exit 2.
TEST_F(RunCli, AotiPackageWithoutLoader) {
  const fs::path path = work_ / "model.pt2";
  std::ofstream(path, std::ios::binary) << std::string("PK\x03\x04", 4) << std::string(40, 'x')
                                        << std::string("PK\x05\x06", 4) << std::string(18, '\0');
  const ProcessResult result = inferbench({"run", "--model", path.string(), "--output-dir", out_dir().string()});
  const ProcessResult info = inferbench({"info"});
#if IB_AOTI
  expect_failure(result, 2, "cannot load AOTInductor package");
  EXPECT_EQ(info.out.find("no AOTInductor package loader"), std::string::npos) << info.out;
#else
  expect_failure(result, 3, "the aoti backend is unavailable: the LibTorch this build uses has no AOTInductor "
                            "package loader");
  EXPECT_NE(info.out.find("aoti      -          the aoti backend is unavailable: the LibTorch this build uses has "
                          "no AOTInductor package loader"),
            std::string::npos)
      << info.out;
#endif
}

TEST_F(RunCli, CorruptModelFile) {
  expect_failure(inferbench({"run", "--model", fixture("garbage.ts").string(), "--shape", "1x3x8x8",
                             "--device", "cpu", "--output-dir", out_dir().string()}),
                 2, "cannot load TorchScript model");
}

TEST_F(RunCli, ShapeTheModelRejects) {
  expect_failure(inferbench({"run", "--model", fixture("tiny_conv.ts").string(), "--shape", "1x1x8x8",
                             "--device", "cpu", "--output-dir", out_dir().string()}),
                 2, "rejected input shape");
}

TEST_F(RunCli, TorchScriptWithoutShape) {
  expect_failure(inferbench({"run", "--model", fixture("tiny_conv.ts").string(), "--device", "cpu",
                             "--output-dir", out_dir().string()}),
                 2, "--shape");
}

TEST_F(RunCli, MalformedValues) {
  expect_failure(inferbench({"run", "--demo", "--shape", "1x0x3", "--output-dir", out_dir().string()}), 2,
                 "bad shape '1x0x3'");
  expect_failure(inferbench({"run", "--demo", "--dtype", "fp8", "--output-dir", out_dir().string()}), 2,
                 "unknown dtype 'fp8'");
  expect_failure(inferbench({"run", "--demo", "--iterations", "0", "--output-dir", out_dir().string()}), 2,
                 "--iterations must be at least 1");
  expect_failure(inferbench({"run", "--demo", "--percentiles", "50,101", "--output-dir", out_dir().string()}),
                 2, "101");
  expect_failure(inferbench({"run", "--demo", "--device", "tpu", "--output-dir", out_dir().string()}), 2,
                 "bad device 'tpu'");
  expect_failure(inferbench({"run", "--output-dir", out_dir().string()}), 2, "nothing to benchmark");
  expect_failure(inferbench({"run", "--demo", "--frobnicate"}), 2, "frobnicate");
  expect_failure(inferbench({"run", "--demo", "--iterations", "many"}), 2, "many");
}

TEST_F(RunCli, AnEmptyOutputDirIsAUsageErrorAndAnExportThatCannotBeWrittenFailsTheRun) {
  const ProcessResult empty =
      inferbench({"run", "--model", "fake:0", "--iterations", "1", "--output-dir", ""});
  EXPECT_EQ(empty.exit_code, 2) << empty.err;
  EXPECT_NE(empty.err.find("inferbench: error: --output-dir is empty"), std::string::npos) << empty.err;
  EXPECT_FALSE(fs::exists(work_ / "result.json"));
  EXPECT_FALSE(fs::exists(fs::current_path() / "summary.csv"));

  // The folder is writable, but summary.csv cannot be: result.json is kept, the error line fails the run.
  fs::create_directories(out_dir() / "summary.csv");
  std::ofstream(out_dir() / "summary.csv" / "keep") << "x";
  const ProcessResult blocked = inferbench(
      {"run", "--model", "fake:0", "--warmup", "0", "--iterations", "2", "--output-dir", out_dir().string()});
  EXPECT_EQ(blocked.exit_code, 1) << blocked.err;
  EXPECT_NE(blocked.err.find("inferbench: error: cannot write"), std::string::npos) << blocked.err;
  EXPECT_TRUE(fs::exists(out_dir() / "result.json"));
}

TEST_F(RunCli, LimitsAndConflictsAreUsageErrorsBeforeTheModelLoads) {
  // garbage.ts cannot be loaded: each of these must be refused before anything tries.
  const std::string garbage = fixture("garbage.ts").string();
  const auto refused = [&](std::vector<std::string> extra, const std::string& part) {
    std::vector<std::string> args{"run", "--model", garbage, "--output-dir", out_dir().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const ProcessResult result = inferbench(args);
    expect_failure(result, 2, part);
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  };
  refused({"--iterations", "1000000000000"},
          "of samples (256 bytes per iteration), more than this machine's");
  refused({"--duration", "1e308"}, "--duration must be more than 0 and at most 604800 s (got 1e+308)");
  refused({"--warmup-ms", "inf"}, "--warmup-ms must be at least 0 and at most 604800000 ms (got inf)");
  refused({"--duration", "1", "--iterations", "5"}, "--iterations and --duration both set how long to time");
  refused({"--until-stable", "--target-ci", "nan"}, "--target-ci must be a percentage between 0 and 100");
  refused({"--max-duration", "10"}, "apply to --until-stable");
  refused({"--gpu-sample-interval", "inf"},
          "--gpu-sample-interval must be between 0.001 and 3600 seconds (got inf)");
  std::vector<std::string> fp99{"run", "--model", garbage + "@fp99", "--output-dir", out_dir().string()};
  expect_failure(inferbench(fp99), 2, "unknown precision '@fp99' (expected @fp32, @fp16 or @bf16)");

  // --gpu-id on a CPU run does nothing: said once, the run goes on.
  const ProcessResult cpu =
      inferbench({"run", "--model", "fake:0", "--warmup", "0", "--iterations", "2", "--device", "cpu",
                  "--gpu-id", "1", "--output-dir", out_dir().string()});
  EXPECT_EQ(cpu.exit_code, 0) << cpu.err;
  EXPECT_NE(cpu.err.find("inferbench: warning: --gpu-id 1 is not used: this run is on the CPU\n"),
            std::string::npos)
      << cpu.err;
}

TEST_F(RunCli, BenchPtFlagsAreAccepted) {
  // bench_pt_*.py --pt M --imgsz N --ch C --batch B --iters I --no_tf32: a B x C x N x N input.
  const ProcessResult result =
      inferbench({"run", "--pt", fixture("tiny_conv.ts").string(), "--imgsz", "8", "--ch", "3", "--batch",
                  "2", "--iters", "4", "--warmup", "1", "--no_tf32", "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json run = read_result()["runs"][0];
  EXPECT_EQ(run["config"]["iterations"], 4);
  EXPECT_EQ(run["config"]["batch"], 2);
  EXPECT_EQ(run["samples"]["latency_ms"].size(), 4u);
  // --no_tf32 is --tf32 off: nothing to warn about; recorded where the run is on CUDA.
  EXPECT_EQ(result.err.find("--no_tf32"), std::string::npos) << result.err;
  EXPECT_EQ(run["config"].value("tf32", std::string("off")), "off");  // recorded on a GPU machine only
  fs::remove(out_dir() / "result.json");
  expect_failure(inferbench({"run", "--pt", fixture("tiny_conv.ts").string(), "--batch", "2", "--output-dir",
                             out_dir().string()}),
                 2, "--ch and --batch shape the input with --imgsz N");
}

TEST_F(RunCli, AWarningAboutTheFlagsIsPrintedOnceForAllModels) {
  fs::create_directories(work_ / "images");
  fs::create_directories(work_ / "gt");
  write_solid_bmp(work_ / "images" / "a.bmp", 8, 6, 255, 0, 0);
  write_map(work_ / "gt" / "a.npy", {6, 8}, 2.0);
  write_map(work_ / "g.npy", {6, 8}, 2.0);
  const ProcessResult result = inferbench(
      {"run", "--model", fixture("tiny_depth.ts").string(), "--model",
       fixture("tiny_depth_doubled.ts").string(), "--input-size", "4", "--warmup", "1", "--iterations", "3",
       "--metric-images-dir", (work_ / "images").string(), "--metric-gt-dir", (work_ / "gt").string(), "--gt",
       (work_ / "g.npy").string(), "--output-dir", out_dir().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto count = [](const std::string& text) {
    std::size_t n = 0;
    for (std::size_t at = text.find("takes precedence over --gt"); at != std::string::npos;
         at = text.find("takes precedence over --gt", at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(count(result.err), 1u) << result.err;  // before the runs
  EXPECT_EQ(count(result.out), 1u) << result.out;  // in the summary, for all runs
  EXPECT_NE(result.out.find("warning: all runs: dataset mode takes precedence"), std::string::npos)
      << result.out;
  for (const json& run : read_result()["runs"])
    EXPECT_NE(run["warnings"].dump().find("precedence"), std::string::npos);
}

TEST_F(RunCli, UnknownBackend) {
  expect_failure(inferbench({"run", "--model", fixture("demo.ts").string(), "--backend", "onnxruntime",
                             "--output-dir", out_dir().string()}),
                 2, "unknown backend 'onnxruntime'");
  expect_failure(
      inferbench({"run", "--model", (work_ / "model.onnx").string(), "--output-dir", out_dir().string()}), 2,
      "--backend");
}

TEST_F(RunCli, CudaRequestedWithoutAGpu) {
  if (ib::cuda::query_cuda().available) GTEST_SKIP() << "this machine has a GPU";
  expect_failure(inferbench({"run", "--demo", "--device", "cuda", "--output-dir", out_dir().string()}), 3,
                 "cuda");
}

TEST_F(RunCli, UnwritableOutputDirectory) {
  std::ofstream(work_ / "a_file") << "x";
  const ProcessResult result = inferbench(
      {"run", "--model", "fake:0", "--iterations", "1", "--output-dir", (work_ / "a_file" / "sub").string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("not writable"), std::string::npos) << result.err;
}

}  // namespace
