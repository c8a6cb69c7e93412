// io::ChildProcess: the launcher's children. Real programs (env, sleep, false), no shell.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../../support/scoped_env.hpp"
#include "inferbench/errors.hpp"
#include "io/process.hpp"

namespace ib::io {
namespace {

namespace fs = std::filesystem;

class ChildProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ib_child_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  SpawnRequest request(std::vector<std::string> argv) const {
    return {std::move(argv), dir_ / "out.txt", dir_ / "err.txt", {}};
  }
  static int wait(ChildProcess& child) {
    for (int i = 0; i < 1000; ++i) {
      if (const std::optional<int> code = child.poll()) return *code;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -999;
  }
  std::string read(const char* name) const {
    std::ifstream in(dir_ / name);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  fs::path dir_;
};

TEST_F(ChildProcessTest, EnvironmentIsOursWithTheRequestsVariablesOnTop) {
  const testing::ScopedEnv inherited("IB_CHILD_TEST_KEEP", "kept");
  const testing::ScopedEnv replaced("IB_CHILD_TEST_REPLACE", "old");
  SpawnRequest spawn = request({"env"});
  spawn.environment = {{"IB_CHILD_TEST_REPLACE", "new"}, {"CUDA_VISIBLE_DEVICES", "3"}};
  ChildProcess child(spawn);
  EXPECT_EQ(wait(child), 0);
  const std::string out = read("out.txt");
  EXPECT_NE(out.find("IB_CHILD_TEST_KEEP=kept\n"), std::string::npos);
  EXPECT_NE(out.find("IB_CHILD_TEST_REPLACE=new\n"), std::string::npos);
  EXPECT_EQ(out.find("IB_CHILD_TEST_REPLACE=old"), std::string::npos);
  EXPECT_NE(out.find("CUDA_VISIBLE_DEVICES=3\n"), std::string::npos);
}

TEST_F(ChildProcessTest, ExitCodesAndSignalsAreReported) {
  ChildProcess failing(request({"false"}));
  EXPECT_EQ(wait(failing), 1);
  ChildProcess sleeping(request({"sleep", "30"}));
  EXPECT_FALSE(sleeping.poll().has_value());
  sleeping.signal(SIGTERM);
  EXPECT_EQ(wait(sleeping), 128 + SIGTERM);
  EXPECT_EQ(sleeping.poll(), 128 + SIGTERM);  // asked again: the same answer
}

TEST_F(ChildProcessTest, AMissingProgramIsUnavailable) {
  EXPECT_THROW(ChildProcess(request({"no-such-program-ib"})), core::UnavailableError);
  EXPECT_THROW(ChildProcess(request({})), core::InputError);
}

TEST_F(ChildProcessTest, TheChildHasItsOwnProcessGroup) {
  ChildProcess child(request({"sleep", "30"}));
  EXPECT_EQ(::getpgid(child.pid()), child.pid());
  EXPECT_NE(::getpgid(child.pid()), ::getpgrp());
  child.signal(SIGKILL);
  EXPECT_EQ(wait(child), 128 + SIGKILL);
}

}  // namespace
}  // namespace ib::io
