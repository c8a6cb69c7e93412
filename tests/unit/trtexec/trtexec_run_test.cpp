#include "trtexec/run.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>

#include "../../support/scoped_env.hpp"
#include "inferbench/errors.hpp"
#include "fixtures.hpp"
#include "io/file_info.hpp"

namespace ib::trtexec {
namespace {

namespace fs = std::filesystem;
using testing::fixture;
using testing::fixture_dir;
using Json = nlohmann::ordered_json;

using ib::testing::ScopedEnv;

class trtexecRun : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("ib_trtexec_run." + std::to_string(random()));
    fs::create_directories(dir_ / "bin");
    // A copy named trtexec, executable whatever the checkout did to the script's mode.
    fake_ = dir_ / "bin" / "trtexec";
    fs::copy_file(fixture_dir() / "fake_trtexec.sh", fake_);
    ::chmod(fake_.c_str(), 0755);
    engine_ = dir_ / "model.plan";
    std::ofstream(engine_) << "engine bytes";
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  RunRequest request() const {
    RunRequest r;
    r.settings.engine = engine_;
    r.settings.batch = 4;
    r.settings.warmup_ms = 100;
    r.trtexec = fake_.string();
    r.output_dir = dir_ / "out";
    r.command_line = {"inferbench", "trtexec", "run"};
    return r;
  }
  static std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  fs::path dir_;
  fs::path fake_;
  fs::path engine_;
  ScopedEnv fixtures_{"FAKE_TRTEXEC_FIXTURES", fixture_dir().string()};
};

TEST_F(trtexecRun, WritesTheArtefactsTheMetadataAndTheLog) {
  const ScopedEnv args("FAKE_TRTEXEC_ARGS", (dir_ / "args.txt").string());
  const RunOutcome outcome = run_trtexec(request());
  EXPECT_EQ(outcome.exit_code, 0);
  const fs::path out = fs::absolute(dir_ / "out");
  ASSERT_GE(outcome.argv.size(), 2u);
  EXPECT_EQ(outcome.argv[0], fake_.string());
  EXPECT_EQ(outcome.argv[1], "--loadEngine=" + engine_.string());
  EXPECT_EQ(outcome.argv[2], "--warmUp=100");

  // trtexec received exactly the vector, one argument each, no shell in between.
  std::string expected_args;
  for (std::size_t i = 1; i < outcome.argv.size(); ++i) expected_args += outcome.argv[i] + "\n";
  EXPECT_EQ(slurp(dir_ / "args.txt"), expected_args);

  EXPECT_EQ(slurp(out / "times.json"), fixture("times_v10.json"));
  EXPECT_EQ(slurp(out / "profile.json"), fixture("profile_v10.json"));

  const Json engine = Json::parse(slurp(out / "engine_metadata.json"));
  EXPECT_EQ(engine["path"], engine_.string());
  EXPECT_EQ(engine["filename"], "model.plan");
  EXPECT_EQ(engine["kind"], "engine");
  EXPECT_EQ(engine["size_bytes"], 12);
  EXPECT_DOUBLE_EQ(engine["size_megabytes"].get<double>(), 12e-6);
  EXPECT_EQ(engine["sha256"], io::sha256_hex("engine bytes"));
  EXPECT_EQ(engine["modified_iso"], io::describe_file(engine_).mtime_utc);

  const Json config = Json::parse(slurp(out / "run_config.json"));
  EXPECT_EQ(config["batch"], 4);
  EXPECT_EQ(config["forward_batch"], false);
  EXPECT_EQ(config["warmup_ms"], 100.0);
  EXPECT_TRUE(config["iterations"].is_null());
  EXPECT_EQ(config["profile"], true);
  EXPECT_EQ(config["separate_profile_run"], true);
  EXPECT_EQ(config["trtexec_binary"], fake_.string());
  EXPECT_EQ(config["command"].get<std::vector<std::string>>(), outcome.argv);
  EXPECT_EQ(config["command_line"], quote_command(outcome.argv));
  EXPECT_EQ(config["output_dir"], out.string());

  const std::string log = slurp(outcome.log);
  EXPECT_EQ(log.substr(0, log.find('\n')), quote_command(outcome.argv));
  EXPECT_NE(log.find("fake trtexec writes to stderr too"), std::string::npos);
  EXPECT_NE(log.find("=== Performance summary ==="), std::string::npos);
}

TEST_F(trtexecRun, AFailureReturnsTrtexecsExitCodeAndKeepsTheLog) {
  const ScopedEnv fail("FAKE_TRTEXEC_EXIT", std::string("7"));
  fs::create_directories(dir_ / "out");
  std::ofstream(dir_ / "out" / "times.json") << "stale";
  std::ofstream(dir_ / "out" / "summary.json") << "{}";
  const RunOutcome outcome = run_trtexec(request());
  EXPECT_EQ(outcome.exit_code, 7);
  // An earlier run's files are not left to be misread as this run's.
  EXPECT_FALSE(fs::exists(dir_ / "out" / "times.json"));
  EXPECT_FALSE(fs::exists(dir_ / "out" / "summary.json"));
  const std::vector<std::string> tail = last_lines(slurp(outcome.log), 20);
  ASSERT_EQ(tail.size(), 20u);
  EXPECT_EQ(tail.back().rfind("&&&& FAILED", 0), 0u);
  EXPECT_EQ(tail[tail.size() - 2], "[E] Error[4]: requested failure (FAKE_TRTEXEC_EXIT=7)");
  EXPECT_EQ(tail.front(), "[I] fake trtexec line 13");  // 30 numbered lines, then 2 more: the last 20
}

TEST_F(trtexecRun, AMissingTrtexecIsUnavailable) {
  RunRequest missing = request();
  missing.trtexec = (dir_ / "bin" / "no-trtexec").string();
  EXPECT_THROW((void)run_trtexec(missing), core::UnavailableError);
  EXPECT_FALSE(fs::exists(dir_ / "out" / "run_config.json"));  // nothing written for a run that cannot start

  if (fs::exists(kTensorrtBinFallback)) GTEST_SKIP() << "this machine has " << kTensorrtBinFallback;
  const ScopedEnv path("PATH", (dir_ / "empty").string());
  RunRequest on_path = request();
  on_path.trtexec.reset();
  try {
    (void)run_trtexec(on_path);
    ADD_FAILURE();
  } catch (const core::UnavailableError& error) {
    EXPECT_NE(std::string(error.what()).find("trtexec was not found on PATH"), std::string::npos);
  }
}

TEST_F(trtexecRun, FoundOnPath) {
  const ScopedEnv path("PATH", (dir_ / "bin").string() + ":/usr/bin:/bin");
  RunRequest on_path = request();
  on_path.trtexec.reset();
  const RunOutcome outcome = run_trtexec(on_path);
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.argv[0], fake_.string());
}

TEST_F(trtexecRun, BadRequestsAreInputErrors) {
  RunRequest missing_model = request();
  missing_model.settings.engine = dir_ / "missing.plan";
  EXPECT_THROW((void)run_trtexec(missing_model), core::InputError);
  RunRequest no_model = request();
  no_model.settings.engine.reset();
  EXPECT_THROW((void)run_trtexec(no_model), core::InputError);
}

TEST(trtexecLastLines, Tail) {
  EXPECT_EQ(last_lines("a\nb\nc\n", 2), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(last_lines("a\r\nb", 5), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(last_lines("\n\nx", 3), (std::vector<std::string>{"", "", "x"}));
  EXPECT_TRUE(last_lines("", 3).empty());
  EXPECT_TRUE(last_lines("abc", 0).empty());
}

}  // namespace
}  // namespace ib::trtexec
