#include "io/file_info.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "inferbench/errors.hpp"

namespace ib::io {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards, so tests never see each other's files.
class FileInfoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("ib_file_info_test." + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  fs::path dir_;
};

std::string message_of_describe(const fs::path& path) {
  try {
    (void)describe_file(path);
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "no InputError";
}

TEST(Sha256Hex, FipsTestVectors) {
  // FIPS 180-2 appendix B / NIST examples.
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_F(FileInfoTest, DescribesAWrittenFile) {
  const fs::path path = write("model.bin", "abc");
  // 2021-01-02T03:04:05Z (`date -u -d @1609556645`), set so the formatted time is known exactly.
  const timespec times[2] = {{1609556645, 0}, {1609556645, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  const FileInfo info = describe_file(path);
  EXPECT_EQ(info.size_bytes, 3u);
  EXPECT_EQ(info.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(info.mtime_utc, "2021-01-02T03:04:05Z");
}

TEST_F(FileInfoTest, EmptyFile) {
  const FileInfo info = describe_file(write("empty", ""));
  EXPECT_EQ(info.size_bytes, 0u);
  EXPECT_EQ(info.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(FileInfoTest, FileLargerThanOneChunk) {
  // 3,000,000 bytes span three 1 MiB reads; expected value from
  // `head -c 3000000 /dev/zero | tr '\0' 'a' | sha256sum`.
  const FileInfo info = describe_file(write("big", std::string(3000000, 'a')));
  EXPECT_EQ(info.size_bytes, 3000000u);
  EXPECT_EQ(info.sha256, "2a152c894398719c0570f83fac34ac03a0f6e8e474b995c2403aa5434f7b9dd4");
}

TEST_F(FileInfoTest, MissingFile) {
  const fs::path path = dir_ / "absent.onnx";
  const std::string message = message_of_describe(path);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
}

TEST_F(FileInfoTest, Directory) {
  const std::string message = message_of_describe(dir_);
  EXPECT_NE(message.find("directory"), std::string::npos) << message;
}

TEST_F(FileInfoTest, FifoIsRejectedWithoutBlocking) {
  const fs::path path = dir_ / "pipe";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const std::string message = message_of_describe(path);
  EXPECT_NE(message.find("not a regular file"), std::string::npos) << message;
}

TEST_F(FileInfoTest, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: permission bits do not stop reads";
  const fs::path path = write("secret", "x");
  fs::permissions(path, fs::perms::none);
  const std::string message = message_of_describe(path);
  EXPECT_NE(message.find("Permission denied"), std::string::npos) << message;
}

}  // namespace
}  // namespace ib::io
