#include "io/output_manifest.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "io/atomic_file.hpp"

namespace ib::io {
namespace {

namespace fs = std::filesystem;

class OutputManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    root_ = fs::temp_directory_path() / ("ib_output_manifest_test." + std::to_string(random()));
    dir_ = root_ / "out";
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // As our writers do: a new file renamed into place.
  void write(const std::string& relative) {
    fs::create_directories((dir_ / relative).parent_path());
    write_file_atomically(dir_ / relative, "ours");
  }
  void write_user_file(const fs::path& path) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "the user's";
  }
  [[nodiscard]] std::vector<std::string> listed() const { return OutputManifest(dir_).previous(); }

  fs::path root_;
  fs::path dir_;
};

TEST_F(OutputManifestTest, ListsWhatTheCommandWroteAndNothingElse) {
  write_user_file(dir_ / "notes.txt");
  OutputManifest manifest(dir_);
  write("result.json");
  write("outputs/a.npy");
  EXPECT_TRUE(manifest.finish().empty());
  EXPECT_EQ(listed(), (std::vector<std::string>{"outputs/a.npy", "result.json"}));
  EXPECT_TRUE(fs::exists(dir_ / OutputManifest::kFileName));
}

TEST_F(OutputManifestTest, TheNextCommandRemovesWhatItDoesNotWriteAgainAndKeepsTheUsersFiles) {
  {
    OutputManifest first(dir_);
    write("result.json");
    write("depth_comparison.png");
    write("outputs/a.npy");
    (void)first.finish();
  }
  write_user_file(dir_ / "notes.txt");
  write_user_file(dir_ / "outputs" / "mine.npy");
  OutputManifest second(dir_);
  write("result.json");  // same name, same bytes: still written again
  const std::vector<std::string> removed = second.finish();
  EXPECT_EQ(removed, (std::vector<std::string>{"depth_comparison.png", "outputs/a.npy"}));
  EXPECT_TRUE(fs::exists(dir_ / "result.json"));
  EXPECT_FALSE(fs::exists(dir_ / "depth_comparison.png"));
  EXPECT_FALSE(fs::exists(dir_ / "outputs" / "a.npy"));
  EXPECT_TRUE(fs::exists(dir_ / "notes.txt"));
  EXPECT_TRUE(fs::exists(dir_ / "outputs" / "mine.npy"));  // so outputs/ stays too
  EXPECT_EQ(listed(), (std::vector<std::string>{"result.json"}));
}

TEST_F(OutputManifestTest, AnEmptiedOutputsFolderGoes) {
  {
    OutputManifest first(dir_);
    write("outputs/a.npy");
    (void)first.finish();
  }
  OutputManifest second(dir_);
  write("result.json");
  (void)second.finish();
  EXPECT_FALSE(fs::exists(dir_ / "outputs"));
}

// A log the user redirected into the folder grows while we write: same inode, never taken for ours.
TEST_F(OutputManifestTest, AFileAppendedToDuringTheCommandIsNotListed) {
  write_user_file(dir_ / "log.txt");
  OutputManifest manifest(dir_);
  std::ofstream(dir_ / "log.txt", std::ios::app) << "more";
  write("summary.md");
  (void)manifest.finish();
  EXPECT_EQ(listed(), (std::vector<std::string>{"summary.md"}));
}

TEST_F(OutputManifestTest, KeptFilesStayAndStayListed) {
  {
    OutputManifest run(dir_);
    write("result.json");
    write("outputs/a.npy");
    write("latency_hist.png");
    (void)run.finish();
  }
  OutputManifest report(dir_);
  report.keep(dir_ / "result.json");
  report.keep(dir_ / "outputs" / "a.npy");
  write("latency_hist.png");
  EXPECT_TRUE(report.finish().empty());
  EXPECT_TRUE(fs::exists(dir_ / "result.json"));
  EXPECT_TRUE(fs::exists(dir_ / "outputs" / "a.npy"));
  EXPECT_EQ(listed(), (std::vector<std::string>{"latency_hist.png", "outputs/a.npy", "result.json"}));
}

TEST_F(OutputManifestTest, ACraftedManifestCannotReachOutsideTheFolder) {
  write_user_file(root_ / "outside.txt");
  write_user_file(dir_ / "a" / "b" / "deep.txt");
  write_user_file(dir_ / "ok.txt");
  write_file_atomically(dir_ / OutputManifest::kFileName,
                        R"({"files": ["../outside.txt", ")" + (root_ / "outside.txt").string() +
                            R"(", "a/b/deep.txt", "./ok.txt", "a/../ok.txt", 7, "ok.txt"]})");
  EXPECT_EQ(listed(), (std::vector<std::string>{"ok.txt"}));
  OutputManifest manifest(dir_);
  EXPECT_EQ(manifest.finish(), (std::vector<std::string>{"ok.txt"}));
  EXPECT_TRUE(fs::exists(root_ / "outside.txt"));
  EXPECT_TRUE(fs::exists(dir_ / "a" / "b" / "deep.txt"));
}

TEST_F(OutputManifestTest, AnUnreadableManifestRemovesNothing) {
  write_user_file(dir_ / "notes.txt");
  write_file_atomically(dir_ / OutputManifest::kFileName, "not json [");
  OutputManifest manifest(dir_);
  EXPECT_TRUE(manifest.finish().empty());
  EXPECT_TRUE(fs::exists(dir_ / "notes.txt"));
}

}  // namespace
}  // namespace ib::io
