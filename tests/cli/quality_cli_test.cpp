// Drives `inferbench quality depth|diff` on .npy files written with io::write_npy: known values (the numpy
// reference in tests/unit/quality/*_test.cpp produced them) and every bad input with exit code 2 and one
// line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

#include "../support/png_bytes.hpp"
#include "../support/cli_test.hpp"
#include "../support/subprocess.hpp"
#include "io/npy.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;
using nlohmann::json;

const std::string kBinary = INFERBENCH_BIN;
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

class QualityCli : public ib::testing::CliTest {
 protected:
  QualityCli() : CliTest("ib_quality_cli_") {}

  std::string npy(const std::string& name, ib::core::Shape shape, const std::vector<double>& values) {
    const fs::path path = work_ / name;
    ib::io::write_npy(path, ib::io::make_npy(ib::core::DType::fp64, std::move(shape), values));
    return path.string();
  }
  static void expect_input_error(const ProcessResult& result, const std::string& message_part) {
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(result.err.rfind("inferbench: error: ", 0), 0u) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find(message_part), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
};

TEST_F(QualityCli, DepthJsonMatchesNumpy) {
  // depth(P, G) from tests/unit/quality/depth_metrics_test.cpp; the prediction has leading 1-dimensions.
  const std::string pred = npy("pred.npy", {1, 1, 2, 5}, {1.1, 1.8, 3.5, 3.0, 6.0, 5.5, 1, 1, 1, kNan});
  const std::string gt = npy("gt.npy", {2, 5}, {1, 2, 3, 4, 5, 6, kNan, 0, 2e5, 8});
  const ProcessResult result = inferbench({"quality", "depth", "--pred", pred, "--gt", gt, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json metrics = json::parse(result.out);
  EXPECT_NEAR(metrics["abs_rel"].get<double>(), 0.16153846153846155, 1e-12);
  EXPECT_NEAR(metrics["rmse"].get<double>(), 0.7487003861656384, 1e-12);
  EXPECT_NEAR(metrics["silog"].get<double>(), 0.17331324955302724, 1e-12);
  EXPECT_NEAR(metrics["d1"].get<double>(), 0.6666666666666666, 1e-12);
  EXPECT_EQ(metrics["valid_pixels"], 6);
  EXPECT_EQ(metrics["invalid_predictions"], 1);
  for (const char* key : {"sq_rel", "rmse_log", "log10", "d2", "d3", "scale"})
    EXPECT_TRUE(metrics.contains(key));

  const ProcessResult plain =
      inferbench({"quality", "depth", "--pred", pred, "--gt", gt, "--no-median-scaling", "--json"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NEAR(json::parse(plain.out)["abs_rel"].get<double>(), 0.15, 1e-12);  // depth(P, G, med=False)
  const ProcessResult table = inferbench({"quality", "depth", "--pred", pred, "--gt", gt});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("abs_rel"), std::string::npos);
}

// `run` resizes a prediction to the GT's size when only the scale differs; so does `quality depth`, and it
// says how, and warns about the predictions it left out.
TEST_F(QualityCli, DepthResizesALowerResolutionPredictionToTheGroundTruth) {
  std::vector<double> low(60 * 80, 3.0);
  low[30 * 80 + 40] = kNan;
  const std::string pred = npy("pred.npy", {1, 60, 80}, low);
  const std::string gt = npy("gt.npy", {120, 160}, std::vector<double>(120 * 160, 3.0));
  const ProcessResult result =
      inferbench({"quality", "depth", "--pred", pred, "--gt", gt, "--no-median-scaling", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json metrics = json::parse(result.out);
  EXPECT_EQ(metrics["interpolation"], "bicubic");
  EXPECT_EQ(metrics["pred_size"], "80x60");
  EXPECT_EQ(metrics["gt_size"], "160x120");
  EXPECT_NEAR(metrics["abs_rel"].get<double>(), 0.0, 1e-12);  // bicubic keeps a flat map flat
  // The NaN reaches every output pixel whose taps include it: at a scale of 2 each source pixel is among the
  // four taps of 8 output columns and 8 output rows, none weighted zero.
  EXPECT_EQ(metrics["invalid_predictions"], 64);
  EXPECT_EQ(metrics["valid_pixels"], 120 * 160 - 64);
  EXPECT_NE(result.err.find("inferbench: warning: 64 predictions were NaN, Inf or not positive where the GT "
                            "is valid (left out of the depth metrics)"),
            std::string::npos)
      << result.err;
  const ProcessResult table = inferbench({"quality", "depth", "--pred", pred, "--gt", gt});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("interpolation        bicubic"), std::string::npos) << table.out;
  const ProcessResult same = inferbench({"quality", "depth", "--pred", gt, "--gt", gt, "--json"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(json::parse(same.out)["interpolation"], "none");
  EXPECT_TRUE(same.err.empty()) << same.err;
  const std::string square = npy("square.npy", {60, 60}, std::vector<double>(60 * 60, 3.0));
  expect_input_error(inferbench({"quality", "depth", "--pred", square, "--gt", gt}), "different aspect ratios");
}

// Depth GT in millimetres as uint16 (either byte order), and KITTI's 16-bit PNG, with --gt-scale.
TEST_F(QualityCli, DepthReadsIntegerGroundTruthWithItsScale) {
  const auto u16_npy = [&](const std::string& name, const std::string& descr, const std::string& data) {
    std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2, 2), }";
    while ((10 + header.size() + 1) % 64 != 0) header.push_back(' ');
    header.push_back('\n');
    std::string bytes("\x93NUMPY\x01\x00", 8);
    bytes.push_back(static_cast<char>(header.size()));
    bytes.push_back('\0');
    std::ofstream(work_ / name, std::ios::binary) << bytes + header + data;
    return (work_ / name).string();
  };
  // [[1000, 2000], [0, 4000]] millimetres: 0 is no measurement, never scored
  const std::string little = u16_npy("mm_le.npy", "<u2", std::string("\xe8\x03\xd0\x07\x00\x00\xa0\x0f", 8));
  const std::string big = u16_npy("mm_be.npy", ">i2", std::string("\x03\xe8\x07\xd0\x00\x00\x0f\xa0", 8));
  std::ofstream(work_ / "kitti.png", std::ios::binary) << ib::testing::grey_png(2, 2, 16, {256, 512, 0, 1024});
  const std::string pred = npy("pred.npy", {2, 2}, {1, 2, 7, 4});
  for (const auto& [gt, scale] : {std::pair{little, "1000"}, std::pair{big, "1000"},
                                  std::pair{(work_ / "kitti.png").string(), "256"}}) {
    const ProcessResult result = inferbench(
        {"quality", "depth", "--pred", pred, "--gt", gt, "--gt-scale", scale, "--no-median-scaling", "--json"});
    ASSERT_EQ(result.exit_code, 0) << gt << result.err;
    const json metrics = json::parse(result.out);
    EXPECT_EQ(metrics["valid_pixels"], 3) << gt;
    EXPECT_NEAR(metrics["abs_rel"].get<double>(), 0.0, 1e-12) << gt;
    EXPECT_EQ(metrics["gt_scale"].get<double>(), std::stod(scale)) << gt;
  }
  expect_input_error(inferbench({"quality", "depth", "--pred", pred, "--gt", (work_ / "kitti.png").string()}),
                     "kitti.png: a PNG depth map stores integers: give --gt-scale");
}

TEST_F(QualityCli, DiffJsonMatchesNumpy) {
  // diff([0., 1, 2, 3, 4], [0.1, 1.2, 1.9, 3.3, 3.8]) from tests/unit/quality/output_diff_test.cpp
  const std::string ref = npy("ref.npy", {1, 5}, {0, 1, 2, 3, 4});
  const std::string test = npy("test.npy", {5}, {0.1, 1.2, 1.9, 3.3, 3.8});
  const ProcessResult result = inferbench({"quality", "diff", "--ref", ref, "--test", test, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json metrics = json::parse(result.out);
  EXPECT_NEAR(metrics["mae"].get<double>(), 0.03513513506044558, 1e-12);
  EXPECT_NEAR(metrics["rmse"].get<double>(), 0.05588127850748438, 1e-12);
  EXPECT_NEAR(metrics["max_abs"].get<double>(), 0.11486486440239219, 1e-12);
  EXPECT_NEAR(metrics["cosine"].get<double>(), 0.9968745718107075, 1e-12);
  EXPECT_NEAR(metrics["rel_l2"].get<double>(), 0.07958224257542214, 1e-12);
  EXPECT_EQ(metrics["count"], 5);
}

TEST_F(QualityCli, BadInputsExitTwoWithOneLine) {
  const std::string gt = npy("gt.npy", {2, 2}, {1, 2, 3, 4});
  std::ofstream(work_ / "corrupt.npy") << "\x93NUMPY\x01\x00garbage";
  expect_input_error(inferbench({"quality", "depth", "--pred", (work_ / "corrupt.npy").string(), "--gt", gt}),
                     "corrupt.npy: truncated .npy file");
  expect_input_error(inferbench({"quality", "depth", "--pred", (work_ / "missing.npy").string(), "--gt", gt}),
                     "missing.npy: cannot open: No such file or directory");
  const std::string wide = npy("wide.npy", {1, 4}, {1, 2, 3, 4});
  expect_input_error(inferbench({"quality", "depth", "--pred", wide, "--gt", gt}),
                     "wide.npy: a depth map must be H x W (after dropping 1-dimensions)");
  expect_input_error(inferbench({"quality", "diff", "--ref", wide, "--test", gt}), "has shape 4 but --test");
  const std::string invalid_gt = npy("invalid.npy", {2, 2}, {0, kNan, -1, 0});
  expect_input_error(inferbench({"quality", "depth", "--pred", gt, "--gt", invalid_gt, "--json"}),
                     "no valid ground-truth pixels");
  const ProcessResult usage = inferbench({"quality", "diff", "--ref", gt});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("--test is required"), std::string::npos) << usage.err;
}

}  // namespace
