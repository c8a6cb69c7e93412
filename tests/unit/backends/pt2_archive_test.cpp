#include "backends/aoti/pt2_archive.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "inferbench/errors.hpp"

namespace ib::backends {
namespace {

namespace fs = std::filesystem;

class Pt2Archive : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pt2_archive_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }
  static std::string reason(const fs::path& path) {
    try {
      check_pt2_archive(path);
    } catch (const core::InputError& error) {
      return error.what();
    }
    return "accepted";
  }
  fs::path dir_;
};

const std::string kLocal("PK\x03\x04", 4);
const std::string kEnd = std::string("PK\x05\x06", 4) + std::string(18, '\0');

TEST_F(Pt2Archive, AcceptsAZipWithItsEndRecord) {
  EXPECT_EQ(reason(write("ok.pt2", kLocal + std::string(1000, 'x') + kEnd)), "accepted");
  // The end record may be followed by a comment of up to 64 KiB.
  EXPECT_EQ(reason(write("comment.pt2", kLocal + kEnd + std::string(300, 'c'))), "accepted");
}

TEST_F(Pt2Archive, RejectsWhatIsNoPackage) {
  const fs::path missing = dir_ / "missing.pt2";
  EXPECT_EQ(reason(missing), "cannot load AOTInductor package '" + missing.string() + "': no such file");
  EXPECT_NE(reason(dir_).find("it is a directory"), std::string::npos);
  EXPECT_NE(reason(write("empty.pt2", "")).find(": the file is empty"), std::string::npos);
  EXPECT_NE(reason(write("text.pt2", "hello")).find(": it is not a zip archive"), std::string::npos);
  EXPECT_NE(reason(write("pk.pt2", "PK")).find(": it is not a zip archive"), std::string::npos);
  // Cut short: a zip whose end (with the end-of-central-directory record) is missing.
  EXPECT_NE(reason(write("cut.pt2", kLocal + std::string(70000, 'x'))).find(": the zip archive is truncated"),
            std::string::npos);
}

}  // namespace
}  // namespace ib::backends
