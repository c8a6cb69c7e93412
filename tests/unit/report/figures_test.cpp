// The figures, drawn for real with the gnuplot on PATH (Debian gnuplot-nox; scripts/install-deps.sh): every
// file is a valid PNG of a sane size; without gnuplot the data and scripts are written and a note says how to
// draw them; missing depth files drop their panels with a note. Set IB_REPORT_TEST_OUTPUT=DIR to keep the
// figures for looking at them.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "io/process.hpp"
#include "report/charts.hpp"
#include "report/figures.hpp"
#include "report/write_reports.hpp"
#include "sample_result.hpp"

namespace ib::report {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct PngInfo {
  bool valid = false;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

// The PNG signature, an IHDR chunk first (its width and height, big endian) and an IEND chunk last.
PngInfo read_png(const fs::path& path) {
  const std::string bytes = slurp(path);
  PngInfo info;
  if (bytes.size() < 45 || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 ||
      bytes.compare(12, 4, "IHDR") != 0 || bytes.compare(bytes.size() - 8, 4, "IEND") != 0)
    return info;
  const auto be32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<std::uint8_t>(bytes[at + i]);
    return v;
  };
  info.valid = true;
  info.width = be32(16);
  info.height = be32(20);
  return info;
}

class Figures : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const char* keep = std::getenv("IB_REPORT_TEST_OUTPUT");
    keep_ = keep != nullptr && *keep != '\0';
    dir_ = keep_
               ? fs::path(keep) / info->name()
               : fs::temp_directory_path() / ("ib_figures_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!keep_) fs::remove_all(dir_);
  }
  static bool have_gnuplot() { return io::find_executable("gnuplot").has_value(); }

  fs::path dir_;
  bool keep_ = false;
};

void expect_sane_png(const fs::path& path, std::uint32_t min_width, std::uint32_t min_height) {
  ASSERT_TRUE(fs::exists(path)) << path;
  const PngInfo png = read_png(path);
  ASSERT_TRUE(png.valid) << path;
  EXPECT_GE(png.width, min_width) << path;
  EXPECT_LE(png.width, 4000u) << path;
  EXPECT_GE(png.height, min_height) << path;
  EXPECT_LE(png.height, 4000u) << path;
  EXPECT_GT(fs::file_size(path), 10'000u) << path;  // a drawn figure, not an empty canvas
}

TEST_F(Figures, WriteReportsDrawsEveryFigureAndExport) {
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot is not installed (scripts/install-deps.sh installs it)";
  const result::Result result = testing::sample_result(dir_);
  ReportOptions options;
  options.output_dir = dir_ / "report";
  options.svg = true;
  const ReportFiles files = write_reports(result, dir_, options);
  EXPECT_TRUE(files.notes.empty()) << files.notes.front();
  EXPECT_TRUE(files.errors.empty());

  const fs::path out = dir_ / "report";
  expect_sane_png(out / "speed_benchmark.png", 1000, 600);
  expect_sane_png(out / "latency_hist.png", 800, 500);
  expect_sane_png(out / "latency_percentiles.png", 800, 500);
  expect_sane_png(out / "gpu_utilization.png", 1000, 800);   // five panels: power was sampled
  expect_sane_png(out / "depth_comparison.png", 1000, 200);  // image, GT and three models: four columns
  for (const char* name :
       {"speed_benchmark", "latency_hist", "latency_percentiles", "gpu_utilization", "depth_comparison"}) {
    EXPECT_TRUE(fs::exists(out / (std::string(name) + ".gp"))) << name;
    const std::string svg = slurp(out / (std::string(name) + ".svg"));
    EXPECT_NE(svg.find("<svg"), std::string::npos) << name;
    EXPECT_FALSE(fs::exists(out / (std::string(name) + ".gnuplot.log"))) << name;
  }
  for (const char* name : {"summary.csv", "samples.csv", "summary.md", "report.html"})
    EXPECT_TRUE(fs::exists(out / name)) << name;
  // 5 PNGs + 5 SVGs + 4 exports.
  EXPECT_EQ(files.written.size(), 14u);
  // No temp file left behind.
  for (const auto& entry : fs::directory_iterator(out))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
  // The Markdown links the figures drawn.
  EXPECT_NE(slurp(out / "summary.md").find("![speed_benchmark.png](speed_benchmark.png)"), std::string::npos);
}

TEST_F(Figures, WithoutGnuplotTheScriptsStayAndOneNoteSaysHowToDrawThem) {
  const result::Result result = testing::sample_result(dir_);
  ReportOptions options;
  options.gnuplot = "no-such-gnuplot-here";
  const ReportFiles files = write_reports(result, dir_, options);
  ASSERT_EQ(files.notes.size(), 1u) << files.notes.back();
  EXPECT_NE(files.notes[0].find("gnuplot ('no-such-gnuplot-here') not found"), std::string::npos)
      << files.notes[0];
  EXPECT_NE(files.notes[0].find("for f in *.gp; do gnuplot \"$f\"; done"), std::string::npos)
      << files.notes[0];
  EXPECT_TRUE(files.errors.empty());
  for (const char* name :
       {"speed_benchmark", "latency_hist", "latency_percentiles", "gpu_utilization", "depth_comparison"}) {
    EXPECT_TRUE(fs::exists(dir_ / (std::string(name) + ".gp"))) << name;
    EXPECT_FALSE(fs::exists(dir_ / (std::string(name) + ".png"))) << name;
  }
  EXPECT_TRUE(fs::exists(dir_ / "speed_benchmark.dat"));
  EXPECT_TRUE(fs::exists(dir_ / "depth_comparison_0.rgb"));  // the input image's pixels
  EXPECT_EQ(fs::file_size(dir_ / "depth_comparison_1.f32"),
            static_cast<std::uintmax_t>(testing::kMapWidth * testing::kMapHeight * 4));  // the GT, as float32
  // The exports (report.html too) do not need gnuplot, and link no figure.
  ASSERT_EQ(files.written.size(), 4u);
  EXPECT_EQ(slurp(dir_ / "summary.md").find("## Figures"), std::string::npos);

  // Drawing a script later, by hand, as the note says, gives the figure.
  if (have_gnuplot()) {
    const auto outcome = io::run_process({{"gnuplot", "speed_benchmark.gp"}, dir_ / "log", dir_});
    EXPECT_EQ(outcome.exit_code, 0);
    expect_sane_png(dir_ / "speed_benchmark.png", 1000, 600);
  }
}

TEST_F(Figures, MissingDepthFilesDropTheirPanelsWithANote) {
  result::Result result = testing::sample_result(dir_);
  fs::remove(dir_ / "outputs" / "depth_anything_vits_fp16.npy");
  result.runs[2].quality->output_file.reset();
  result.runs[0].config.input_image = "elsewhere/missing.png";
  ChartOptions options;
  options.gnuplot = have_gnuplot() ? "gnuplot" : "no-such-gnuplot-here";
  const ChartFiles files = write_depth_comparison(dir_, result, dir_, options);
  EXPECT_NE(files.note.find("input image 'elsewhere/missing.png' not found"), std::string::npos)
      << files.note;
  EXPECT_NE(files.note.find(
                "depth_anything_vits_fp16: output map 'outputs/depth_anything_vits_fp16.npy' not found"),
            std::string::npos)
      << files.note;
  EXPECT_NE(files.note.find("depth_anything_vits_int8: no output map saved"), std::string::npos)
      << files.note;
  // Left: the GT (found by its absolute path) and the first model.
  EXPECT_TRUE(fs::exists(dir_ / "depth_comparison_0.f32"));
  EXPECT_TRUE(fs::exists(dir_ / "depth_comparison_1.f32"));
  EXPECT_FALSE(fs::exists(dir_ / "depth_comparison_2.f32"));
  if (have_gnuplot()) {
    EXPECT_TRUE(files.rendered);
    expect_sane_png(files.image, 600, 200);
  }

  // No model map at all: no figure, and the note says why.
  result.runs[0].quality->output_file.reset();
  const ChartFiles none = write_depth_comparison(dir_ / "none", result, dir_, options);
  EXPECT_FALSE(none.rendered);
  EXPECT_NE(none.note.find("no run has an output map"), std::string::npos) << none.note;
}

TEST_F(Figures, NoTelemetryNoSamplesAndAnUnwritableFolderAreNotesNotErrors) {
  result::Result result;
  result::Run failed;
  failed.name = "broken";
  failed.status = result::RunStatus::failed;
  failed.error = "cannot load";
  failed.device = "cuda:0";
  result.runs.push_back(failed);
  const ReportFiles files = write_reports(result, dir_, {});
  EXPECT_TRUE(files.errors.empty());
  std::string all;
  for (const auto& note : files.notes) all += note + "\n";
  EXPECT_NE(all.find("speed_benchmark.png not drawn: no run has latency samples"), std::string::npos) << all;
  EXPECT_NE(all.find("gpu_utilization.png not drawn: no run has GPU telemetry"), std::string::npos) << all;
  EXPECT_NE(all.find("latency_hist.png not drawn: no latency samples"), std::string::npos) << all;
  EXPECT_EQ(all.find("depth_comparison"), std::string::npos) << all;  // not a depth run: nothing to say
  EXPECT_TRUE(fs::exists(dir_ / "summary.csv"));

  // A file where the folder should be: every figure and export fails, none throws.
  std::ofstream(dir_ / "a_file") << "x";
  ReportOptions options;
  options.output_dir = dir_ / "a_file" / "sub";
  const ReportFiles blocked = write_reports(testing::sample_result(dir_ / "ok"), dir_, options);
  EXPECT_EQ(blocked.errors.size(), 4u);
  EXPECT_TRUE(blocked.written.empty());
}

TEST_F(Figures, ACpuOnlyResultHasNoGpuFigureAndNoNoteAboutIt) {
  result::Result result = testing::sample_result(dir_);
  for (auto& run : result.runs) {
    run.device = "cpu";
    run.telemetry.reset();
  }
  const ReportFiles files = write_reports(result, dir_, {});
  for (const auto& note : files.notes) EXPECT_EQ(note.find("gpu_utilization"), std::string::npos) << note;
  EXPECT_FALSE(fs::exists(dir_ / "gpu_utilization.gp"));
}

TEST_F(Figures, TelemetryPanelsOnlyForMetricsWithValues) {
  result::Result result = testing::sample_result(dir_);
  for (auto& run : result.runs) {
    auto& series = run.telemetry->series;
    series.erase(series.begin() + 4);            // no power series at all
    for (double& v : series[1].values) v = NAN;  // memory utilisation unsupported: every value NaN
  }
  result.runs[1].telemetry.reset();  // and one run without telemetry
  ChartOptions options;
  options.gnuplot = have_gnuplot() ? "gnuplot" : "no-such-gnuplot-here";
  const ChartFiles files = write_gpu_utilization(dir_, result, options);
  const std::string script = slurp(files.script);
  EXPECT_NE(script.find("GPU util (%)"), std::string::npos);
  EXPECT_EQ(script.find("Memory util (%)"), std::string::npos);
  EXPECT_EQ(script.find("Power (W)"), std::string::npos);
  EXPECT_NE(script.find("SM clock (MHz)"), std::string::npos);
  // Two runs, three panels, and the run without telemetry keeps its colour: the third run is green.
  EXPECT_NE(script.find("index 1 using 1:4 with lines lw 1.8 lc rgb \"#2ca02c\""), std::string::npos)
      << script;
  if (have_gnuplot()) {
    EXPECT_TRUE(files.rendered) << files.note;
    expect_sane_png(files.image, 1000, 500);
  }
}

TEST_F(Figures, GenericChartsForOtherCallers) {
  ChartOptions options;
  options.gnuplot = have_gnuplot() ? "gnuplot" : "no-such-gnuplot-here";
  options.title = "Per-layer time";
  const ChartFiles bars = write_horizontal_bars(
      dir_, "layers",
      {{"conv1 + relu", 0.5}, {"a_very_long_layer_name_" + std::string(80, 'x'), 1.25}, {"fc", 0.125}},
      "time (ms)", options);
  const std::string data = slurp(dir_ / "layers.dat");
  EXPECT_NE(data.find("0 0.5\n1 1.25\n2 0.125\n"), std::string::npos) << data;
  // The names are y tics in the script, each a gnuplot::quote literal.
  const std::string script = slurp(dir_ / "layers.gp");
  EXPECT_NE(script.find("set ytics scale 0 ('conv1 + relu' 0, 'a_very_long_layer_name_xxxxx...xxxx"),
            std::string::npos)
      << script;  // shortened to 60
  EXPECT_NE(script.find("xxx' 1, 'fc' 2)\n"), std::string::npos) << script;
  if (have_gnuplot()) {
    EXPECT_TRUE(bars.rendered) << bars.note;
    expect_sane_png(bars.image, 800, 250);
  } else {
    EXPECT_TRUE(bars.gnuplot_missing);
  }
  EXPECT_FALSE(write_horizontal_bars(dir_, "empty", {}, "ms", options).rendered);
}

}  // namespace
}  // namespace ib::report
