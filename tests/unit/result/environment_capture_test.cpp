#include "result/environment_capture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "core/build_info.hpp"

namespace ib::result {
namespace {

TEST(OsPrettyName, DebianDoubleQuoted) {
  constexpr const char* text =
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
      "NAME=\"Debian GNU/Linux\"\n"
      "VERSION_ID=\"12\"\n"
      "ID=debian\n";
  EXPECT_EQ(os_pretty_name(text), "Debian GNU/Linux 12 (bookworm)");
}

TEST(OsPrettyName, NotOnTheFirstLineAndUnquoted) {
  EXPECT_EQ(os_pretty_name("# comment\nNAME=Arch\nPRETTY_NAME=Arch\nID=arch"), "Arch");
}

TEST(OsPrettyName, SingleQuotesAndEscapes) {
  EXPECT_EQ(os_pretty_name("PRETTY_NAME='Ubuntu 24.04 LTS'\n"), "Ubuntu 24.04 LTS");
  EXPECT_EQ(os_pretty_name(R"(PRETTY_NAME="Say \"hi\" \\ \$HOME")"), R"(Say "hi" \ $HOME)");
}

TEST(OsPrettyName, CrLfAndSurroundingBlanks) {
  EXPECT_EQ(os_pretty_name("  PRETTY_NAME=\"Rocky Linux 9.3\"\r\n"), "Rocky Linux 9.3");
}

TEST(OsPrettyName, IgnoresSimilarKeys) {
  EXPECT_EQ(os_pretty_name("NOT_PRETTY_NAME=\"x\"\nPRETTY_NAME_X=y\n"), "unknown");
}

TEST(OsPrettyName, MissingOrEmpty) {
  EXPECT_EQ(os_pretty_name(""), "unknown");
  EXPECT_EQ(os_pretty_name("NAME=Foo\n"), "unknown");
  EXPECT_EQ(os_pretty_name("PRETTY_NAME=\"\"\n"), "unknown");
}

TEST(CpuModelName, FirstProcessor) {
  constexpr const char* text =
      "processor\t: 0\n"
      "vendor_id\t: GenuineIntel\n"
      "model\t\t: 143\n"
      "model name\t: Intel(R) Xeon(R) Platinum 8480+\n"
      "\n"
      "processor\t: 1\n"
      "model name\t: Something Else\n";
  EXPECT_EQ(cpu_model_name(text), "Intel(R) Xeon(R) Platinum 8480+");
}

TEST(CpuModelName, CollapsesPaddingBlanks) {
  EXPECT_EQ(cpu_model_name("model name\t: Intel(R) Xeon(R) CPU           E5-2680 0 @ 2.70GHz  \n"),
            "Intel(R) Xeon(R) CPU E5-2680 0 @ 2.70GHz");
}

TEST(CpuModelName, ValueMayContainColons) {
  EXPECT_EQ(cpu_model_name("model name : AMD EPYC 9654: 96-Core\n"), "AMD EPYC 9654: 96-Core");
}

TEST(CpuModelName, MissingOnSomeArmKernels) {
  constexpr const char* text =
      "processor\t: 0\n"
      "BogoMIPS\t: 2000.00\n"
      "CPU implementer\t: 0x41\n"
      "CPU part\t: 0xd4f\n";
  EXPECT_EQ(cpu_model_name(text), "unknown");
  EXPECT_EQ(cpu_model_name(""), "unknown");
  EXPECT_EQ(cpu_model_name("model name\t:\n"), "unknown");
}

TEST(FormatUtcTimestamp, KnownInstants) {
  using std::chrono::seconds;
  using std::chrono::system_clock;
  EXPECT_EQ(format_utc_timestamp(system_clock::time_point{}), "1970-01-01T00:00:00Z");
  // `date -u -d @1609556645` -> Sat Jan  2 03:04:05 UTC 2021
  EXPECT_EQ(format_utc_timestamp(system_clock::time_point{seconds{1609556645}}), "2021-01-02T03:04:05Z");
  // Sub-second parts are dropped, not rounded.
  EXPECT_EQ(
      format_utc_timestamp(system_clock::time_point{seconds{1609556645}} + std::chrono::milliseconds{999}),
      "2021-01-02T03:04:05Z");
}

TEST(CaptureHostEnvironment, FillsHostFieldsAndLeavesGpuFieldsEmpty) {
  const std::vector<std::string> command_line{"inferbench", "run", "--model", "a b.pt"};
  const Environment environment = capture_host_environment(command_line);
  EXPECT_FALSE(environment.host.empty());
  EXPECT_FALSE(environment.cpu_model.empty());
  EXPECT_GE(environment.cpu_cores, 1u);
  EXPECT_FALSE(environment.os.empty());
  // "<release> <machine>", e.g. "6.1.0-18-amd64 x86_64"
  EXPECT_TRUE(std::regex_match(environment.kernel, std::regex(R"(\S+ \S+)"))) << environment.kernel;
  EXPECT_TRUE(environment.compiler.starts_with("g++ ") || environment.compiler.starts_with("clang "))
      << environment.compiler;
  EXPECT_EQ(environment.inferbench_version, core::kVersion);
  EXPECT_EQ(environment.git_sha, core::kGitSha);
  EXPECT_EQ(environment.command_line, command_line);
  EXPECT_TRUE(
      std::regex_match(environment.timestamp_utc, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")))
      << environment.timestamp_utc;
  EXPECT_TRUE(environment.gpus.empty());
  EXPECT_FALSE(environment.cuda_driver_version.has_value());
  EXPECT_FALSE(environment.cuda_runtime_version.has_value());
  EXPECT_FALSE(environment.gpu_driver_version.has_value());
  EXPECT_TRUE(environment.backends.empty());
}

}  // namespace
}  // namespace ib::result
