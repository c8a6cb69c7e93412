#include "io/process.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>

#include "../../support/scoped_env.hpp"
#include "inferbench/errors.hpp"

namespace ib::io {
namespace {

namespace fs = std::filesystem;

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("ib_process_test." + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  [[nodiscard]] static std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  fs::path dir_;
};

using ib::testing::ScopedEnv;

TEST_F(ProcessTest, StdoutAndStderrGoToOneFileInOrderWithTheExitCode) {
  const fs::path log = dir_ / "log.txt";
  const ProcessOutcome outcome =
      run_process({{"/bin/sh", "-c", "echo first; echo second >&2; echo third; exit 7"}, log, std::nullopt});
  EXPECT_TRUE(outcome.started) << outcome.error;
  EXPECT_EQ(outcome.exit_code, 7);
  EXPECT_EQ(slurp(log), "first\nsecond\nthird\n");
}

TEST_F(ProcessTest, AppendsToAnExistingFile) {
  const fs::path log = dir_ / "log.txt";
  std::ofstream(log) << "command line\n";
  const ProcessOutcome outcome = run_process({{"sh", "-c", "echo output"}, log, std::nullopt});
  EXPECT_TRUE(outcome.started);
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(slurp(log), "command line\noutput\n");
}

TEST_F(ProcessTest, ArgumentsReachTheProgramVerbatimWithoutAShell) {
  const fs::path log = dir_ / "log.txt";
  // Every one of these would be split, expanded or run by a shell.
  const ProcessOutcome outcome = run_process(
      {{"/bin/sh", "-c", "printf '%s|' \"$@\"", "sh", "a b", "$HOME", "x;rm -rf y", "*", "'q'"}, log, {}});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(slurp(log), "a b|$HOME|x;rm -rf y|*|'q'|");
}

TEST_F(ProcessTest, StdinIsEmpty) {
  const fs::path log = dir_ / "log.txt";
  const ProcessOutcome outcome = run_process({{"/bin/sh", "-c", "cat; echo done"}, log, {}});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(slurp(log), "done\n");
}

TEST_F(ProcessTest, KilledBySignalIs128PlusTheSignal) {
  const ProcessOutcome outcome = run_process({{"/bin/sh", "-c", "kill -TERM $$"}, dir_ / "log.txt", {}});
  EXPECT_TRUE(outcome.started);
  EXPECT_EQ(outcome.exit_code, 128 + 15);
}

TEST_F(ProcessTest, RunsInTheWorkingDirectoryAsked) {
  const fs::path log = dir_ / "log.txt";
  const fs::path work = dir_ / "work dir";
  fs::create_directories(work);
  const ProcessOutcome outcome = run_process({{"/bin/sh", "-c", "pwd -P"}, log, work});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(slurp(log), fs::canonical(work).string() + "\n");
}

TEST_F(ProcessTest, AProgramNotOnPathIsNotStarted) {
  const fs::path log = dir_ / "log.txt";
  const ProcessOutcome outcome = run_process({{"ib-no-such-program-2f9c", "--help"}, log, {}});
  EXPECT_FALSE(outcome.started);
  EXPECT_EQ(outcome.exit_code, -1);
  EXPECT_NE(outcome.error.find("'ib-no-such-program-2f9c' was not found on PATH"), std::string::npos)
      << outcome.error;
}

TEST_F(ProcessTest, AMissingOrNonExecutablePathIsNotStarted) {
  const fs::path plain = dir_ / "not_executable.sh";
  std::ofstream(plain) << "#!/bin/sh\necho hi\n";
  ::chmod(plain.c_str(), 0644);
  for (const fs::path& program : {plain, dir_ / "missing", dir_}) {
    const ProcessOutcome outcome = run_process({{program.string()}, dir_ / "log.txt", {}});
    EXPECT_FALSE(outcome.started) << program;
    EXPECT_EQ(outcome.exit_code, -1);
    EXPECT_NE(outcome.error.find("is not an executable file"), std::string::npos) << outcome.error;
  }
}

TEST_F(ProcessTest, AnExecutableThatCannotBeExecutedIsNotStarted) {
  // Executable bit set, but no interpreter line and not a binary: exec fails (the shell fallback is
  // execvp's, not posix_spawn's).
  const fs::path garbage = dir_ / "garbage";
  std::ofstream(garbage) << "\x7f"
                            "ELF garbage";
  ::chmod(garbage.c_str(), 0755);
  const ProcessOutcome outcome = run_process({{garbage.string()}, dir_ / "log.txt", {}});
  EXPECT_FALSE(outcome.started);
  EXPECT_NE(outcome.error.find("cannot run"), std::string::npos) << outcome.error;
}

TEST_F(ProcessTest, AnOutputThatCannotBeOpenedThrowsInputError) {
  const fs::path log = dir_ / "no" / "such" / "dir" / "log.txt";
  EXPECT_THROW((void)run_process({{"/bin/true"}, log, {}}), core::InputError);
}

TEST_F(ProcessTest, EmptyArgvIsNotStarted) {
  const ProcessOutcome outcome = run_process({{}, dir_ / "log.txt", {}});
  EXPECT_FALSE(outcome.started);
  EXPECT_FALSE(outcome.error.empty());
}

TEST_F(ProcessTest, FindExecutableSearchesPathInOrder) {
  const fs::path first = dir_ / "first";
  const fs::path second = dir_ / "second";
  fs::create_directories(first);
  fs::create_directories(second);
  for (const fs::path& dir : {first, second}) {
    std::ofstream(dir / "tool") << "#!/bin/sh\n";
  }
  ::chmod((first / "tool").c_str(), 0644);  // not executable: skipped
  ::chmod((second / "tool").c_str(), 0755);
  const ScopedEnv path("PATH", first.string() + ":" + second.string());
  const std::optional<fs::path> found = find_executable("tool");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, second / "tool");
  EXPECT_FALSE(find_executable("missing-tool"));
  EXPECT_FALSE(find_executable(""));
}

TEST_F(ProcessTest, FindExecutableTakesAPathAsGiven) {
  EXPECT_EQ(find_executable("/bin/sh"), fs::path("/bin/sh"));
  EXPECT_FALSE(find_executable((dir_ / "missing").string()));
  EXPECT_FALSE(find_executable(dir_.string() + "/"));  // a directory
}

}  // namespace
}  // namespace ib::io
