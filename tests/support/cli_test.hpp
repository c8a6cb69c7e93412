#pragma once
// The fixture the tests of the `inferbench` binary build on: a scratch folder per test,
// <tmp>/<prefix><pid>_<test name>, emptied before the test and removed after it; programs run there without a
// shell, each run's output captured in a file of its own; and files read whole.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "slurp.hpp"
#include "subprocess.hpp"

namespace ib::testing {

class CliTest : public ::testing::Test {
 protected:
  explicit CliTest(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    work_ = std::filesystem::temp_directory_path() / (prefix_ + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(work_);
    std::filesystem::create_directories(work_);
  }
  void TearDown() override {
    if (!work_.empty()) std::filesystem::remove_all(work_);
  }

  /// Runs `command` (the program, then its arguments).
  ProcessResult run_command(const std::vector<std::string>& command) {
    return run_process(command, work_ / ("capture" + std::to_string(++calls_)));
  }
#ifdef INFERBENCH_BIN
  /// Runs the binary under test with `args`.
  ProcessResult inferbench(std::vector<std::string> args) {
    args.insert(args.begin(), INFERBENCH_BIN);
    return run_command(args);
  }
#endif

  std::filesystem::path work_;

 private:
  std::string prefix_;
  int calls_ = 0;
};

}  // namespace ib::testing
