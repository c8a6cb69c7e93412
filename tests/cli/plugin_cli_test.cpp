// The heavy backends are plugins (backends/plugin.hpp): the binary links neither torch nor cuBLAS, commands
// that need no backend run without the plugins, and a run that needs a missing or broken plugin exits 3 with
// one line saying why.
#include <elf.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "../support/subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;

const fs::path kBinary = INFERBENCH_BIN;
const fs::path kLibtorchPlugin = LIBTORCH_PLUGIN;

template <typename T>
T read_at(const std::string& bytes, std::size_t offset) {
  T value{};
  if (offset + sizeof(T) > bytes.size()) throw std::runtime_error("truncated ELF file");
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

// The DT_NEEDED entries of a 64-bit ELF file: the libraries the dynamic loader maps before main() runs.
std::vector<std::string> needed_libraries(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto header = read_at<Elf64_Ehdr>(bytes, 0);
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64)
    throw std::runtime_error(path.string() + " is not a 64-bit ELF file");
  std::vector<std::string> needed;
  for (std::size_t i = 0; i < header.e_shnum; ++i) {
    const auto section = read_at<Elf64_Shdr>(bytes, header.e_shoff + i * header.e_shentsize);
    if (section.sh_type != SHT_DYNAMIC) continue;
    const auto strings = read_at<Elf64_Shdr>(bytes, header.e_shoff + section.sh_link * header.e_shentsize);
    for (std::size_t at = section.sh_offset; at + sizeof(Elf64_Dyn) <= section.sh_offset + section.sh_size;
         at += sizeof(Elf64_Dyn)) {
      const auto entry = read_at<Elf64_Dyn>(bytes, at);
      if (entry.d_tag == DT_NULL) break;
      if (entry.d_tag == DT_NEEDED) needed.emplace_back(bytes.c_str() + strings.sh_offset + entry.d_un.d_val);
    }
  }
  return needed;
}

bool names_heavy_library(const std::string& name) {
  for (const char* heavy : {"torch", "c10", "cublas"}) {
    if (name.find(heavy) != std::string::npos) return true;
  }
  return false;
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

class PluginCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    work_ = fs::temp_directory_path() / ("ib_plugin_cli_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(work_);
    // A copy of the binary in a tree of its own: <work>/bin/inferbench, and no <work>/lib/inferbench.
    fs::create_directories(work_ / "bin");
    fs::copy_file(kBinary, lone_binary());
  }
  void TearDown() override { fs::remove_all(work_); }

  [[nodiscard]] fs::path lone_binary() const { return work_ / "bin" / "inferbench"; }
  ProcessResult run(const fs::path& binary, std::vector<std::string> args) {
    args.insert(args.begin(), binary.string());
    return ib::testing::run_process(args, work_ / ("capture" + std::to_string(++calls_)));
  }
  // Asserts a run refused for want of the LibTorch plugin: exit 3, one line, the file and the reason.
  static void expect_unavailable(const ProcessResult& result, const std::string& reason) {
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_EQ(line_count(result.err), 1u) << result.err;
    EXPECT_EQ(result.err.rfind("inferbench: error: the libtorch backend is unavailable: cannot load ", 0), 0u)
        << result.err;
    EXPECT_NE(result.err.find("lib/inferbench/libinferbench_libtorch.so: " + reason), std::string::npos)
        << result.err;
  }

  fs::path work_;
  int calls_ = 0;
};

TEST_F(PluginCli, TheBinaryLinksNeitherTorchNorCublasButThePluginDoes) {
  const std::vector<std::string> binary_needs = needed_libraries(kBinary);
  ASSERT_FALSE(binary_needs.empty());
  for (const auto& name : binary_needs) EXPECT_FALSE(names_heavy_library(name)) << name;
  // The same reading of the plugin finds torch: the check above is not blind.
  const std::vector<std::string> plugin_needs = needed_libraries(kLibtorchPlugin);
  EXPECT_TRUE(std::any_of(plugin_needs.begin(), plugin_needs.end(),
                          [](const std::string& name) { return name.find("torch") != std::string::npos; }));
}

TEST_F(PluginCli, CommandsThatNeedNoBackendRunWithoutThePlugins) {
  const ProcessResult version = run(lone_binary(), {"--version"});
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(version.out.rfind("inferbench 0.1.0", 0), 0u) << version.out;

  const ProcessResult fake_run = run(lone_binary(), {"run", "--model", "fake:0.01", "--iterations", "5",
                                                     "--output-dir", (work_ / "fake").string()});
  ASSERT_EQ(fake_run.exit_code, 0) << fake_run.err;
  const ProcessResult report = run(lone_binary(), {"report", (work_ / "fake" / "result.json").string(),
                                                   "--output-dir", (work_ / "report").string()});
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("fake:0.01"), std::string::npos) << report.out;
}

TEST_F(PluginCli, ARunWithoutTheLibtorchPluginExitsThreeSayingWhy) {
  std::ofstream(work_ / "model.ts") << "not read: the backend is missing before the model is opened";
  expect_unavailable(run(lone_binary(), {"run", "--model", (work_ / "model.ts").string(), "--shape",
                                         "1x3x8x8", "--output-dir", (work_ / "out").string()}),
                     "cannot open shared object file");
  expect_unavailable(run(lone_binary(), {"run", "--demo", "--output-dir", (work_ / "out").string()}),
                     "cannot open shared object file");
  EXPECT_FALSE(fs::exists(work_ / "out" / "result.json"));

  const ProcessResult info = run(lone_binary(), {"info"});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("libtorch  -          the libtorch backend is unavailable: cannot load "),
            std::string::npos)
      << info.out;
}

TEST_F(PluginCli, ABrokenPluginIsRefusedWithTheLoadersReason) {
  fs::create_directories(work_ / "lib" / "inferbench");
  std::ofstream(work_ / "lib" / "inferbench" / "libinferbench_libtorch.so") << std::string(4096, 'x');
  expect_unavailable(run(lone_binary(), {"run", "--demo", "--output-dir", (work_ / "out").string()}),
                     "invalid ELF header");
}

TEST_F(PluginCli, InfoNamesTheLibtorchVersionFromThePlugin) {
  const ProcessResult info = run(kBinary, {"info"});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  const std::size_t line = info.out.find("\n  libtorch  ");
  ASSERT_NE(line, std::string::npos) << info.out;
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(info.out[line + 13]))) << info.out;
  EXPECT_NE(info.out.find("files: .jit.pt .ts .pt"), std::string::npos) << info.out;
}

}  // namespace
