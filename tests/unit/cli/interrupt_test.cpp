// The signal handling every command installs: a graceful first signal only raises the flag; a second one (or
// the first without a graceful stop) kills the children we wait for, removes the temp files we are writing
// and ends the process by that signal. Each death test runs in a child process of the test.
#include "cli/interrupt.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "io/cleanup_registry.hpp"

extern char** environ;

namespace ib::cli {
namespace {

namespace fs = std::filesystem;

class InterruptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("ib_interrupt_test." + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// What a writer has when the signal comes: a temp file being written and a child (gnuplot) running.
[[noreturn]] void write_then_get_signals(const fs::path& temp, const fs::path& pid_file, bool graceful,
                                         int signals) {
  const InterruptGuard guard(graceful);
  const io::TrackedTempFile tracked(temp);
  std::ofstream(temp) << "half a figure";
  pid_t child = -1;
  const char* argv[] = {"sleep", "30", nullptr};
  if (posix_spawnp(&child, "sleep", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) std::_Exit(3);
  std::ofstream(pid_file) << child;
  const io::TrackedChild tracked_child(child);
  for (int i = 0; i < signals; ++i) std::raise(SIGTERM);
  // Reached only when the signals did not end the process: the sleep must not hold the test's pipe open.
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  std::_Exit(guard.flag().load() ? 0 : 4);
}

bool process_gone(const fs::path& pid_file) {
  std::ifstream in(pid_file);
  pid_t pid = 0;
  in >> pid;
  return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

TEST_F(InterruptTest, ASecondSignalRemovesTempFilesAndChildrenAndEndsTheProcess) {
  const fs::path temp = dir_ / ".speed_benchmark.png.tmp";
  EXPECT_EXIT(write_then_get_signals(temp, dir_ / "pid", true, 2), ::testing::KilledBySignal(SIGTERM), "");
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_TRUE(process_gone(dir_ / "pid"));  // killed and reaped, not left running
}

TEST_F(InterruptTest, WithoutAGracefulStopTheFirstSignalCleansUpAndEnds) {
  const fs::path temp = dir_ / ".summary.csv.tmp.0123456789abcdef";
  EXPECT_EXIT(write_then_get_signals(temp, dir_ / "pid", false, 1), ::testing::KilledBySignal(SIGTERM), "");
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_TRUE(process_gone(dir_ / "pid"));
}

TEST_F(InterruptTest, AGracefulFirstSignalOnlyRaisesTheFlag) {
  const fs::path temp = dir_ / ".result.json.tmp";
  EXPECT_EXIT(write_then_get_signals(temp, dir_ / "pid", true, 1), ::testing::ExitedWithCode(0), "");
  EXPECT_TRUE(fs::exists(temp));  // the writer finishes (or removes) it itself
}

TEST_F(InterruptTest, TheExitCodeNamesTheSignalAndWaitWakesOnIt) {
  {
    const InterruptGuard guard(true);
    EXPECT_EQ(guard.signal_number(), 0);
    EXPECT_FALSE(guard.wait(std::chrono::milliseconds(1)));
    guard.wake();
    EXPECT_TRUE(guard.wait(std::chrono::milliseconds(-1)));
    std::raise(SIGTERM);
    EXPECT_TRUE(guard.flag().load());
    EXPECT_EQ(guard.signal_number(), SIGTERM);
    EXPECT_EQ(guard.exit_code(), ExitCode::terminated);
    EXPECT_TRUE(guard.wait(std::chrono::milliseconds(-1)));  // the signal woke it
  }
  const InterruptGuard again(true);  // a new guard starts clean
  EXPECT_FALSE(again.flag().load());
  std::raise(SIGINT);
  EXPECT_EQ(again.exit_code(), ExitCode::interrupted);
}

}  // namespace
}  // namespace ib::cli
