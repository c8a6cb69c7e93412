#include "io/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::io {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("ib_atomic_file_test." + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }
  fs::path dir_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

template <typename F>
std::string input_error_message(F&& f) {
  try {
    f();
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "no InputError";
}

TEST_F(AtomicFileTest, WritesNewFileAndLeavesNoTempFile) {
  const fs::path path = dir_ / "result.json";
  write_file_atomically(path, "{\"a\": 1}\n");
  EXPECT_EQ(read_file(path), "{\"a\": 1}\n");
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"result.json"});
}

TEST_F(AtomicFileTest, NewFileGetsUmaskPermissionsNotTempFilePermissions) {
  const mode_t mask = ::umask(022);
  const fs::path path = dir_ / "result.json";
  write_file_atomically(path, "x");
  ::umask(mask);
  struct stat status {};
  ASSERT_EQ(::stat(path.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0644u);
}

TEST_F(AtomicFileTest, OverwritesExistingFile) {
  const fs::path path = dir_ / "result.json";
  write_file_atomically(path, "old content that is longer than the new one");
  write_file_atomically(path, "new");
  EXPECT_EQ(read_file(path), "new");
  write_file_atomically(path, "");
  EXPECT_EQ(read_file(path), "");
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"result.json"});
}

TEST_F(AtomicFileTest, WritesLargeContent) {
  const fs::path path = dir_ / "big.bin";
  std::string content(5 * 1024 * 1024 + 7, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 31 % 251);
  write_file_atomically(path, content);
  EXPECT_EQ(read_file(path), content);
}

TEST_F(AtomicFileTest, ParentIsARegularFile) {
  const fs::path blocker = dir_ / "not_a_dir";
  std::ofstream(blocker) << "x";
  const fs::path path = blocker / "result.json";
  const std::string message = input_error_message([&] { write_file_atomically(path, "data"); });
  EXPECT_NE(message.find(std::string("'") + path.string() + "'"), std::string::npos) << message;
  EXPECT_NE(message.find("Not a directory"), std::string::npos) << message;
  EXPECT_EQ(read_file(blocker), "x");
}

TEST_F(AtomicFileTest, FailedWriteKeepsOldContentAndRemovesTempFile) {
  // A file-size limit makes write() fail with EFBIG halfway, even for root (permission bits would not).
  const fs::path path = dir_ / "result.json";
  write_file_atomically(path, "old");
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = saved;
  limited.rlim_cur = 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  const std::string message =
      input_error_message([&] { write_file_atomically(path, std::string(8192, 'n')); });
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous_handler);

  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("File too large"), std::string::npos) << message;
  EXPECT_EQ(read_file(path), "old");
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"result.json"});
}

TEST_F(AtomicFileTest, FailedRenameRemovesTempFile) {
  // The target is a non-empty directory: the temp file is written, the rename fails, and it must be cleaned
  // up.
  const fs::path path = dir_ / "taken";
  fs::create_directories(path / "inside");
  const std::string message = input_error_message([&] { write_file_atomically(path, "data"); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_TRUE(fs::is_directory(path / "inside"));
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"taken"});
}

TEST_F(AtomicFileTest, EnsureWritableDirectoryCreatesParents) {
  const fs::path nested = dir_ / "a" / "b" / "c";
  ensure_writable_directory(nested);
  EXPECT_TRUE(fs::is_directory(nested));
  EXPECT_TRUE(fs::is_empty(nested));  // the probe file is gone
}

TEST_F(AtomicFileTest, EnsureWritableDirectoryKeepsExistingContent) {
  std::ofstream(dir_ / "keep.txt") << "k";
  ensure_writable_directory(dir_);
  EXPECT_EQ(names_in(dir_), std::vector<std::string>{"keep.txt"});
}

TEST_F(AtomicFileTest, EnsureWritableDirectoryUnderARegularFile) {
  const fs::path blocker = dir_ / "file";
  std::ofstream(blocker) << "x";
  const fs::path wanted = blocker / "out";
  const std::string message = input_error_message([&] { ensure_writable_directory(wanted); });
  EXPECT_EQ(message.rfind(std::string("output directory '") + wanted.string() + "' is not writable: ", 0), 0u)
      << message;
}

TEST_F(AtomicFileTest, EnsureWritableDirectoryOnARegularFile) {
  const fs::path blocker = dir_ / "file";
  std::ofstream(blocker) << "x";
  const std::string message = input_error_message([&] { ensure_writable_directory(blocker); });
  EXPECT_EQ(message.rfind(std::string("output directory '") + blocker.string() + "' is not writable: ", 0),
            0u)
      << message;
}

TEST_F(AtomicFileTest, EnsureWritableDirectoryReadOnly) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: permission bits do not stop writes";
  const fs::path locked = dir_ / "locked";
  fs::create_directories(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  const std::string message = input_error_message([&] { ensure_writable_directory(locked); });
  EXPECT_NE(message.find("Permission denied"), std::string::npos) << message;
}

}  // namespace
}  // namespace ib::io
