// Untrusted text never runs: model file names, run names read from a result file and layer names read from a
// trtexec profile reach gnuplot scripts (titles, labels, keys) and data files. Each name below is a command
// in one of the forms gnuplot (or a shell) would evaluate; the tests check that no command ran and that the
// figures show the text as it is.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/bmp.hpp"
#include "../support/cli_test.hpp"
#include "../support/subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;
using ib::testing::slurp;
using nlohmann::json;

const std::string kBinary = INFERBENCH_BIN;
const std::string kFixtureTool = FIXTURE_TOOL;

// Each creates a file PWNED<n> in gnuplot's working folder (the figures' folder) if it is ever evaluated.
const std::vector<std::string> kFileNames{
    "bt`touch PWNED1`",                     // gnuplot backtick substitution (inside double quotes too)
    "q' . system('touch PWNED2') . '",      // closes a single-quoted string
    "$(touch PWNED3) $x @m",                // shell substitution, gnuplot datablock and macro syntax
    "d\" . system(\"touch PWNED4\") . \"",  // closes a double-quoted string
};
// Run names read from a result file may also hold newlines.
const std::vector<std::string> kRunNames{"bt`touch PWNED5`", "q' . system('touch PWNED6') . '",
                                         "line one\nline two `touch PWNED7`",
                                         "''' . system('touch PWNED8')'''"};

bool have_gnuplot() {
  return std::system("command -v gnuplot > /dev/null 2>&1") == 0;
}

// The text as gnuplot's SVG terminal writes it.
std::string svg_text(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

class Security : public ib::testing::CliTest {
 protected:
  Security() : CliTest("ib_security_") {}
  void TearDown() override {
    expect_nothing_ran();
    CliTest::TearDown();
  }

  // No PWNED<n> file anywhere under the work folder or in this process's working folder.
  void expect_nothing_ran() const {
    for (const auto& entry : fs::recursive_directory_iterator(work_)) {
      EXPECT_NE(entry.path().filename().string().rfind("PWNED", 0), 0u) << "a command ran: " << entry.path();
    }
    for (const auto& entry : fs::directory_iterator(fs::current_path())) {
      EXPECT_NE(entry.path().filename().string().rfind("PWNED", 0), 0u) << "a command ran: " << entry.path();
    }
  }
};

TEST_F(Security, HostileModelFileNamesInRunFiguresStayText) {
  const ProcessResult made =
      ib::testing::run_process({kFixtureTool, (work_ / "fixtures").string()}, work_ / "made");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  ib::testing::write_bmp(work_ / "photo.bmp", 8, 6);
  fs::create_directories(work_ / "models");
  std::vector<std::string> args{"run",
                                "--image",
                                (work_ / "photo.bmp").string(),
                                "--input-size",
                                "4",
                                "--warmup",
                                "1",
                                "--iterations",
                                "5",
                                "--svg",
                                "--quiet",
                                "--output-dir",
                                (work_ / "out").string()};
  for (const auto& name : kFileNames) {
    const fs::path model = work_ / "models" / (name + ".ts");
    fs::copy_file(work_ / "fixtures" / "tiny_depth.ts", model);
    args.insert(args.end(), {"--model", model.string()});
  }
  const ProcessResult result = inferbench(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_nothing_ran();
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot is not installed: no figure to read the names from";
  for (const char* figure : {"speed_benchmark.svg", "depth_comparison.svg"}) {
    const std::string svg = slurp(work_ / "out" / figure);
    for (const auto& name : kFileNames)
      EXPECT_NE(svg.find(svg_text(name)), std::string::npos) << figure << ": " << name;
  }
}

TEST_F(Security, HostileRunNamesInAResultFileStayTextInReportAndCompare) {
  std::vector<std::string> args{
      "run", "--warmup", "1", "--iterations", "20", "--quiet", "--output-dir", (work_ / "run").string()};
  for (std::size_t i = 0; i < kRunNames.size(); ++i) args.insert(args.end(), {"--model", "fake:0.05"});
  ASSERT_EQ(inferbench(args).exit_code, 0);
  json doc = json::parse(slurp(work_ / "run" / "result.json"));
  for (std::size_t i = 0; i < kRunNames.size(); ++i) doc["runs"][i]["name"] = kRunNames[i];
  std::ofstream(work_ / "hostile.json") << doc.dump(1);

  const ProcessResult report = inferbench(
      {"report", (work_ / "hostile.json").string(), "--svg", "--output-dir", (work_ / "report").string()});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const ProcessResult compare =
      inferbench({"compare", (work_ / "hostile.json").string(), (work_ / "hostile.json").string()});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_NE(compare.out.find(kRunNames[0]), std::string::npos) << compare.out;
  expect_nothing_ran();
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot is not installed: no figure to read the names from";
  for (const char* figure : {"speed_benchmark.svg", "latency_hist.svg", "latency_percentiles.svg"}) {
    const std::string svg = slurp(work_ / "report" / figure);
    EXPECT_NE(svg.find(svg_text(kRunNames[0])), std::string::npos) << figure;
    EXPECT_NE(svg.find(svg_text(kRunNames[1])), std::string::npos) << figure;
    EXPECT_NE(svg.find(svg_text(kRunNames[3])), std::string::npos) << figure;
    // The newline splits the name into two lines of text.
    EXPECT_NE(svg.find("line two `touch PWNED7`"), std::string::npos) << figure;
  }
}

TEST_F(Security, HostileLayerNamesInATrtexecProfileStayText) {
  json profile = json::array({{{"count", 10}}});
  for (std::size_t i = 0; i < kFileNames.size(); ++i) {
    profile.push_back({{"name", kFileNames[i]},
                       {"timeMs", 10.0 * static_cast<double>(i + 1)},
                       {"averageMs", static_cast<double>(i + 1)},
                       {"medianMs", static_cast<double>(i + 1)},
                       {"percentage", 10.0 * static_cast<double>(i + 1)}});
  }
  fs::create_directories(work_ / "p");
  std::ofstream(work_ / "p" / "profile.json") << profile.dump();
  const ProcessResult parsed =
      inferbench({"trtexec", "parse-profile", (work_ / "p" / "profile.json").string()});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  expect_nothing_ran();
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot is not installed: no figure to read the names from";
  ASSERT_TRUE(fs::exists(work_ / "p" / "per_layer_time.png")) << parsed.err;
  // Redrawn by hand as the script's first line says, as SVG: the names are the figure's labels.
  const std::string redraw =
      "cd '" + (work_ / "p").string() + "' && gnuplot -e \"fmt='svg'\" per_layer_time.gp > /dev/null 2>&1";
  ASSERT_EQ(std::system(redraw.c_str()), 0);
  expect_nothing_ran();
  const std::string svg = slurp(work_ / "p" / "per_layer_time.svg");
  for (const auto& name : kFileNames) EXPECT_NE(svg.find(svg_text(name)), std::string::npos) << name;
}

}  // namespace
