#include "quality/dataset.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::quality {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class DatasetDirs : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("ib_dataset_test_" + std::to_string(::getpid()));
    images_ = root_ / "images";
    gt_ = root_ / "gt";
    fs::remove_all(root_);
    fs::create_directories(images_);
    fs::create_directories(gt_);
  }
  void TearDown() override { fs::remove_all(root_); }
  static void touch(const fs::path& path) { std::ofstream(path) << "x"; }
  std::string message() {
    try {
      (void)pair_dataset(images_, gt_);
    } catch (const core::InputError& error) {
      return error.what();
    }
    return "no error";
  }

  fs::path root_;
  fs::path images_;
  fs::path gt_;
};

TEST_F(DatasetDirs, PairsByBasenameSortedAndCountsTheSkipped) {
  for (const char* name : {"b.png", "a.JPG", "c.jpeg", "d.bmp", "notes.txt"}) touch(images_ / name);
  for (const char* name : {"a.npy", "b.npy", "d.npy", "zzz.npy"}) touch(gt_ / name);
  fs::create_directories(images_ / "sub.png");  // a directory, not an image
  const Dataset dataset = pair_dataset(images_, gt_);
  ASSERT_EQ(dataset.pairs.size(), 3u);
  EXPECT_EQ(dataset.pairs[0].image.filename(), "a.JPG");
  EXPECT_EQ(dataset.pairs[0].gt, gt_ / "a.npy");
  EXPECT_EQ(dataset.pairs[1].image.filename(), "b.png");
  EXPECT_EQ(dataset.pairs[2].image.filename(), "d.bmp");
  ASSERT_EQ(dataset.skipped.size(), 1u);
  EXPECT_EQ(dataset.skipped[0].filename(), "c.jpeg");
}

// KITTI keeps its depth GT as <frame>.png beside RGB frames of the same name in another folder.
TEST_F(DatasetDirs, PairsPngGroundTruthWhenThereIsNoNpy) {
  for (const char* name : {"0001.png", "0002.png", "0003.png"}) touch(images_ / name);
  for (const char* name : {"0001.png", "0002.npy", "0002.png"}) touch(gt_ / name);
  const Dataset dataset = pair_dataset(images_, gt_);
  ASSERT_EQ(dataset.pairs.size(), 2u);
  EXPECT_EQ(dataset.pairs[0].gt, gt_ / "0001.png");
  EXPECT_EQ(dataset.pairs[1].gt, gt_ / "0002.npy");  // a .npy is preferred: it needs no --gt-scale
  ASSERT_EQ(dataset.skipped.size(), 1u);
  EXPECT_EQ(dataset.skipped[0].filename(), "0003.png");
}

TEST_F(DatasetDirs, EmptyOrMissingDirectoriesAreInputErrors) {
  EXPECT_THAT(message(), HasSubstr("no .jpg, .jpeg, .png or .bmp files in it"));
  touch(images_ / "a.png");
  EXPECT_THAT(message(), HasSubstr("none of the 1 images has a GT file <basename>.npy or <basename>.png"));
  fs::remove_all(gt_);
  EXPECT_THAT(message(), HasSubstr("--metric-gt-dir"));
  EXPECT_THAT(message(), HasSubstr("not a directory"));
  fs::remove_all(images_);
  EXPECT_THAT(message(), HasSubstr("--metric-images-dir"));
}

TEST(FitGroundTruth, SameSizeScaledOrAnotherAspect) {
  EXPECT_EQ(fit_ground_truth(640, 480, 640, 480), GroundTruthFit::same_size);
  EXPECT_EQ(fit_ground_truth(640, 480, 320, 240), GroundTruthFit::resize_prediction);
  // 1242x375 (KITTI) vs 1216x352 (its common crop): 3.312 vs 3.4545, 4.3% apart.
  try {
    (void)fit_ground_truth(1242, 375, 1216, 352);
    ADD_FAILURE() << "no error";
  } catch (const core::InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("the GT is 1216x352 (WxH) but the prediction is 1242x375"));
    EXPECT_THAT(error.what(), HasSubstr("different aspect ratios"));
  }
}

TEST(MeanMetrics, AveragesPerImageAndSumsCounts) {
  DepthMetrics a;
  a.abs_rel = 0.1;
  a.d1 = 0.9;
  a.silog = 2;
  a.valid_pixels = 100;
  a.invalid_predictions = 1;
  a.scale = 2;
  DepthMetrics b;
  b.abs_rel = 0.3;
  b.d1 = 0.5;
  b.silog = 4;
  b.valid_pixels = 50;
  b.invalid_predictions = 0;
  b.scale = 4;
  const std::vector<DepthMetrics> both{a, b};
  const DepthMetrics mean = mean_metrics(both);
  EXPECT_DOUBLE_EQ(mean.abs_rel, 0.2);
  EXPECT_DOUBLE_EQ(mean.d1, 0.7);
  EXPECT_DOUBLE_EQ(mean.silog, 3);
  EXPECT_DOUBLE_EQ(mean.scale, 3);
  EXPECT_EQ(mean.valid_pixels, 150u);
  EXPECT_EQ(mean.invalid_predictions, 1u);
  EXPECT_THROW((void)mean_metrics({}), core::InputError);
}

}  // namespace
}  // namespace ib::quality
