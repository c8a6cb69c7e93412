// The one loader of depth maps: .npy of any numeric dtype with 1-dimensions dropped, 16-bit PNG (KITTI) with
// --gt-scale, and the errors that name the file or the flag.
#include "quality/depth_map.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../../support/png_bytes.hpp"
#include "inferbench/errors.hpp"
#include "io/npy.hpp"

namespace ib::quality {

using io::make_npy;
using io::write_npy;
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class DepthMapFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ib_depth_map_test_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  [[nodiscard]] fs::path write(const std::string& name, const std::string& bytes) const {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return dir_ / name;
  }
  static std::string error_of(const fs::path& file, const DepthFileOptions& options) {
    try {
      (void)read_depth_map(file, options);
    } catch (const core::InputError& error) {
      return error.what();
    }
    return "no InputError";
  }
  fs::path dir_;
};

TEST_F(DepthMapFiles, KittiPngIsDividedByTheScaleAndKeepsZeroAsZero) {
  // KITTI: depth in metres = value / 256, 0 = no measurement.
  const fs::path png = write("0000.png", ib::testing::grey_png(3, 2, 16, {0, 256, 512, 65535, 128, 0}));
  const DepthMap map = read_depth_map(png, {256.0, kDefaultMaxImagePixels});
  EXPECT_EQ(map.width, 3);
  EXPECT_EQ(map.height, 2);
  EXPECT_EQ(map.values, (std::vector<double>{0, 1, 2, 65535.0 / 256, 0.5, 0}));
  EXPECT_THAT(error_of(png, {}), HasSubstr("0000.png: a PNG depth map stores integers: give --gt-scale"));
  EXPECT_THAT(error_of(png, {0.0, kDefaultMaxImagePixels}), HasSubstr("--gt-scale must be a positive number"));
  EXPECT_THAT(error_of(png, {256.0, 5}), HasSubstr("--max-image-pixels"));
}

TEST_F(DepthMapFiles, Uint16NpyInMillimetresBecomesMetres) {
  // np.array([[[0, 1500]], [[2000, 65535]]], dtype='<u2') shaped (2, 1, 2): H x W = 2 x 2 once squeezed.
  std::string header = "{'descr': '<u2', 'fortran_order': False, 'shape': (2, 1, 2), }";
  while ((10 + header.size() + 1) % 64 != 0) header.push_back(' ');
  header.push_back('\n');
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes.push_back(static_cast<char>(header.size()));
  bytes.push_back('\0');
  bytes += header + std::string("\x00\x00\xdc\x05\xd0\x07\xff\xff", 8);
  const fs::path npy = write("mm.npy", bytes);
  const DepthMap map = read_depth_map(npy, {1000.0, kDefaultMaxImagePixels});
  EXPECT_EQ(map.width, 2);
  EXPECT_EQ(map.height, 2);
  EXPECT_EQ(map.values, (std::vector<double>{0, 1.5, 2, 65535.0 / 1000}));
  EXPECT_EQ(read_depth_map(npy).values, (std::vector<double>{0, 1500, 2000, 65535}));  // .npy: scale 1
}

TEST_F(DepthMapFiles, EveryLoaderDropsTheSameOneDimensions) {
  const fs::path squeezed = dir_ / "nchw.npy";
  write_npy(squeezed, make_npy(core::DType::fp32, {1, 1, 2, 3}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(read_depth_map(squeezed).width, 3);
  EXPECT_EQ(read_npy_depth_map(squeezed).height, 2);
  const fs::path hw1 = dir_ / "hw1.npy";
  write_npy(hw1, make_npy(core::DType::fp32, {2, 3, 1}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(read_depth_map(hw1).width, 3);
  const fs::path cube = dir_ / "cube.npy";
  write_npy(cube, make_npy(core::DType::fp32, {2, 2, 2}, std::vector<double>(8, 1.0)));
  EXPECT_THAT(error_of(cube, {}), HasSubstr("cube.npy: a depth map must be H x W"));
  EXPECT_EQ(dense_map_size({1, 4, 1, 5}), (std::pair<int, int>{4, 5}));
  EXPECT_FALSE(dense_map_size({4}));
  EXPECT_EQ(squeeze({1, 4, 1, 5, 1}), (core::Shape{4, 5}));
  EXPECT_TRUE(is_png_depth_file("a/B.PNG"));
  EXPECT_FALSE(is_png_depth_file("a/b.npy"));
}

TEST_F(DepthMapFiles, AnOutputToDrawMayHaveChannelsAndKeepsTheFirst) {
  const fs::path chw = dir_ / "chw.npy";
  write_npy(chw, make_npy(core::DType::fp32, {1, 2, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  const ChannelMap first = read_npy_first_channel(chw);
  EXPECT_EQ(first.channels, 2);
  EXPECT_EQ(first.map.width, 3);
  EXPECT_EQ(first.map.height, 2);
  EXPECT_EQ(first.map.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  // The same squeeze as the GT loader: HxWx1 and 1xHx1xW are H x W with one channel.
  const fs::path hw1 = dir_ / "hw1.npy";
  write_npy(hw1, make_npy(core::DType::fp32, {1, 2, 1, 3}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(read_npy_first_channel(hw1).channels, 1);
  EXPECT_EQ(read_npy_first_channel(hw1).map.width, 3);
  EXPECT_EQ(read_npy_depth_map(hw1).width, 3);
  const fs::path four = dir_ / "four.npy";
  write_npy(four, make_npy(core::DType::fp32, {2, 2, 2, 2}, std::vector<double>(16, 1.0)));
  EXPECT_THROW((void)read_npy_first_channel(four), core::InputError);
}

}  // namespace
}  // namespace ib::quality
