// depth_comparison's text layout: every label of the script fits its panel (or the figure) by the width
// estimate the figure uses, and no two lines of a panel's title overlap, for the layouts that went wrong
// (two models with dataset metrics and long names; one model beside its input image). Set
// IB_REPORT_TEST_OUTPUT=DIR to keep the figures for looking at them.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "io/process.hpp"
#include "report/figures.hpp"
#include "report/text.hpp"
#include "sample_result.hpp"

namespace ib::report {
namespace {

namespace fs = std::filesystem;

// One `set label` of a gnuplot script, in pixels from the top-left corner.
struct Label {
  std::string text;
  double x = 0;
  double y = 0;
  double font_pt = 10;  // the preamble's font
  std::string align;    // "left" or "center"
};

// A gnuplot string literal at the start of `rest`: "..." with backslash escapes or '...' with '' for a quote.
std::optional<std::string> literal(std::string_view& rest) {
  if (rest.empty() || (rest[0] != '"' && rest[0] != '\'')) return std::nullopt;
  const char quote = rest[0];
  std::string text;
  std::size_t i = 1;
  for (; i < rest.size(); ++i) {
    if (quote == '"' && rest[i] == '\\' && i + 1 < rest.size()) {
      text += rest[++i] == 'n' ? '\n' : rest[i];
    } else if (quote == '\'' && rest[i] == '\'' && i + 1 < rest.size() && rest[i + 1] == '\'') {
      text += '\'';
      ++i;
    } else if (rest[i] == quote) {
      break;
    } else {
      text += rest[i];
    }
  }
  rest.remove_prefix(std::min(rest.size(), i + 1));
  return text;
}

struct Script {
  int width = 0;
  int height = 0;
  std::vector<Label> labels;
};

Script parse_script(const fs::path& path) {
  std::ifstream in(path);
  Script script;
  std::string line;
  while (std::getline(in, line)) {
    if (const auto at = line.find("set terminal pngcairo size "); at != std::string::npos) {
      std::istringstream size(line.substr(at + 27));
      char comma = 0;
      size >> script.width >> comma >> script.height;
    }
    if (!line.starts_with("set label ")) continue;
    std::string_view rest = std::string_view(line).substr(10);
    const auto text = literal(rest);
    if (!text) continue;  // a numbered label ("set label 1 ...") is not drawn by the depth figure
    Label label;
    label.text = *text;
    const std::string tail(rest);
    double sx = 0;
    double sy = 0;
    if (std::sscanf(tail.c_str(), " at screen %lf, screen %lf", &sx, &sy) != 2) continue;
    label.x = sx * script.width;
    label.y = (1 - sy) * script.height;
    if (const auto font = tail.find("font \","); font != std::string::npos)
      label.font_pt = std::stod(tail.substr(font + 7));
    label.align = tail.find(" center") != std::string::npos ? "center" : "left";
    script.labels.push_back(label);
  }
  return script;
}

// The checks: inside the figure, inside its cell (340 px, centred labels), no vertical overlap of two labels
// that share a column. A glyph reaches from 0.6 em above the anchor to 0.75 em below it, at 1.24 px per pt.
void expect_tidy_labels(const Script& script) {
  ASSERT_GT(script.width, 0);
  ASSERT_FALSE(script.labels.empty());
  std::map<long, std::vector<Label>> columns;
  for (const auto& label : script.labels) {
    const double width = text_width_px(label.text, label.font_pt);
    const double left = label.align == "center" ? label.x - width / 2 : label.x;
    EXPECT_GE(left, 0) << label.text;
    EXPECT_LE(left + width, script.width) << label.text;
    // Panel titles are centred in their 340 px cells (the figure title spans the figure).
    if (label.align == "center" && label.font_pt < 14) {
      EXPECT_LE(width, 340 - 8) << label.text;
    }
    columns[std::lround(label.x)].push_back(label);
  }
  for (auto& [x, labels] : columns) {
    std::sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.y < b.y; });
    for (std::size_t i = 1; i < labels.size(); ++i) {
      const auto& above = labels[i - 1];
      const auto& below = labels[i];
      const double bottom = above.y + 0.75 * 1.24 * above.font_pt;
      const double top = below.y - 0.6 * 1.24 * below.font_pt;
      EXPECT_LE(bottom, top) << "'" << above.text << "' overlaps '" << below.text << "'";
    }
  }
}

class DepthFigureLayout : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const char* keep = std::getenv("IB_REPORT_TEST_OUTPUT");
    keep_ = keep != nullptr && *keep != '\0';
    dir_ = keep_ ? fs::path(keep) / info->name()
                 : fs::temp_directory_path() /
                       ("ib_depth_layout_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    options_.gnuplot = io::find_executable("gnuplot") ? "gnuplot" : "no-such-gnuplot-here";
  }
  void TearDown() override {
    if (!keep_) fs::remove_all(dir_);
  }
  fs::path dir_;
  bool keep_ = false;
  ChartOptions options_;
};

TEST_F(DepthFigureLayout, TwoModelsWithDatasetMetricsAndLongNames) {
  result::Result result = testing::sample_result(dir_);
  result.runs.pop_back();
  result.runs[0].name = "depth_anything_v2_vitl14_518x518_fp32_reference";
  result.runs[1].name = "depth_anything_v2_vitl14_518x518_fp16";
  result.runs[1].quality->vs_reference->reference = result.runs[0].name;
  for (auto& run : result.runs) {
    auto& gt = *run.quality->ground_truth;
    gt.mode = "dataset";
    gt.source = (dir_ / "nyu_depth_v2_labeled_val").string();
    gt.images = 654;
    gt.skipped_images = 0;
  }
  const ChartFiles files = write_depth_comparison(dir_, result, dir_, options_);
  const Script script = parse_script(files.script);
  expect_tidy_labels(script);
  // The dataset line is there, wrapped or not.
  std::string all;
  for (const auto& label : script.labels) all += label.text + " ";
  EXPECT_NE(all.find("(mean of 654 images)"), std::string::npos) << all;
  EXPECT_NE(all.find("mean 3.114 ms, 321.1 FPS"), std::string::npos) << all;  // no '|' separator
  if (io::find_executable("gnuplot")) {
    EXPECT_TRUE(files.rendered) << files.note;
  }
}

TEST_F(DepthFigureLayout, OneModelBesideItsImageKeepsTheWholeCaption) {
  result::Result result = testing::sample_result(dir_);
  result.runs.resize(1);
  result.runs[0].quality->ground_truth.reset();
  const ChartFiles files = write_depth_comparison(dir_, result, dir_, options_);
  const Script script = parse_script(files.script);
  expect_tidy_labels(script);
  std::string caption;
  for (const auto& label : script.labels) {
    if (label.align == "left") caption += label.text + " ";
  }
  EXPECT_NE(caption.find("Each map normalised on its own"), std::string::npos) << caption;
  EXPECT_NE(caption.find("Blank: no value. "), std::string::npos) << caption;
  if (io::find_executable("gnuplot")) {
    EXPECT_TRUE(files.rendered) << files.note;
  }
}

TEST_F(DepthFigureLayout, AModelAloneStillFitsItsNarrowFigure) {
  result::Result result = testing::sample_result(dir_);
  result.runs.resize(1);
  result.runs[0].config.input_image.reset();
  result.runs[0].quality->ground_truth.reset();
  const ChartFiles files = write_depth_comparison(dir_, result, dir_, options_);
  expect_tidy_labels(parse_script(files.script));
  if (io::find_executable("gnuplot")) {
    EXPECT_TRUE(files.rendered) << files.note;
  }
}

}  // namespace
}  // namespace ib::report
