// `inferbench report` and `inferbench compare` on results written by the real binary with the fake backend
// (busy-wait latencies, no model, no GPU): the files and their contents, gnuplot missing, every bad input
// with its exit code, and compare's verdict and exit codes.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/cli_test.hpp"
#include "../support/subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;
using ib::testing::slurp;
using nlohmann::json;

const std::string kBinary = INFERBENCH_BIN;

bool is_png(const fs::path& path) {
  const std::string bytes = slurp(path);
  return bytes.size() > 1000 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 &&
         bytes.compare(bytes.size() - 8, 4, "IEND") == 0;
}

// A latency as the console prints it.
std::string fmt_ms(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

class ReportCli : public ib::testing::CliTest {
 protected:
  ReportCli() : CliTest("ib_report_cli_") {}

  // A result of the fake backend: `models` like "fake:1" (1 ms busy-wait per inference).
  fs::path run(const std::string& folder, const std::vector<std::string>& models, int iterations = 200) {
    std::vector<std::string> args{"run",
                                  "--warmup",
                                  "2",
                                  "--iterations",
                                  std::to_string(iterations),
                                  "--output-dir",
                                  (work_ / folder).string()};
    for (const auto& model : models) {
      args.emplace_back("--model");
      args.push_back(model);
    }
    const ProcessResult result = inferbench(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return work_ / folder / "result.json";
  }
  static bool have_gnuplot() { return std::system("command -v gnuplot > /dev/null 2>&1") == 0; }
};

// `report --output-dir` into a folder used before: what the earlier report drew and this one does not (the
// SVGs) goes, the user's file stays; a report into the result's own folder keeps the result it reads.
TEST_F(ReportCli, AFolderUsedAgainKeepsNothingStale) {
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot is needed to draw the SVGs";
  const fs::path result_file = run("results", {"fake:0.5"}, 20);
  const fs::path out = work_ / "report";
  ASSERT_EQ(inferbench({"report", result_file.string(), "--output-dir", out.string(), "--svg"}).exit_code, 0);
  ASSERT_TRUE(fs::exists(out / "latency_hist.svg"));
  std::ofstream(out / "notes.txt") << "mine";
  const ProcessResult again = inferbench({"report", result_file.string(), "--output-dir", out.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_FALSE(fs::exists(out / "latency_hist.svg"));
  EXPECT_FALSE(fs::exists(out / "speed_benchmark.svg"));
  EXPECT_TRUE(fs::exists(out / "latency_hist.png"));
  EXPECT_TRUE(fs::exists(out / "notes.txt"));
  EXPECT_NE(again.err.find("note: removed 3 file(s)"), std::string::npos) << again.err;

  // Into the result's own folder, twice: result.json is the report's input, never stale.
  ASSERT_EQ(inferbench({"report", result_file.string(), "--svg"}).exit_code, 0);
  ASSERT_EQ(inferbench({"report", result_file.string()}).exit_code, 0);
  EXPECT_TRUE(fs::exists(result_file));
  EXPECT_FALSE(fs::exists(work_ / "results" / "latency_hist.svg"));
  EXPECT_EQ(inferbench({"report", result_file.string()}).exit_code, 0);
}

TEST_F(ReportCli, RedrawsFiguresAndExportsFromAResultFile) {
  const fs::path result_file = run("results", {"fake:1", "fake:0.5"});
  const ProcessResult report =
      inferbench({"report", result_file.string(), "--output-dir", (work_ / "report").string(), "--svg"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  // The console summary, as `run` prints it.
  EXPECT_NE(report.out.find("\nfake:1    fake     cpu "), std::string::npos) << report.out;
  EXPECT_EQ(report.err.find("gpu_utilization"), std::string::npos) << report.err;  // CPU runs: no GPU figure
  const fs::path out = work_ / "report";
  if (have_gnuplot()) {
    for (const char* name : {"speed_benchmark", "latency_hist", "latency_percentiles"}) {
      EXPECT_TRUE(is_png(out / (std::string(name) + ".png"))) << name;
      EXPECT_NE(slurp(out / (std::string(name) + ".svg")).find("<svg"), std::string::npos) << name;
    }
    EXPECT_NE(report.err.find("report: 10 file(s) written to "), std::string::npos) << report.err;
  }
  EXPECT_FALSE(fs::exists(out / "gpu_utilization.png"));

  // summary.csv against result.json: one row per run, the same mean and p99.
  std::ifstream in(result_file);
  const json doc = json::parse(in);
  const auto rows = lines(slurp(out / "summary.csv"));
  ASSERT_EQ(rows.size(), 3u);
  const auto header = cells(rows[0]);
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  for (std::size_t r = 0; r < 2; ++r) {
    const auto row = cells(rows[r + 1]);
    ASSERT_EQ(row.size(), header.size());
    const json& stats = doc["runs"][r]["stats"]["latency_ms"];
    EXPECT_EQ(row[column("name")], doc["runs"][r]["name"].get<std::string>());
    EXPECT_EQ(std::stod(row[column("mean_ms")]), stats["mean"].get<double>());
    EXPECT_EQ(std::stod(row[column("p99_ms")]), stats["p99"].get<double>());
    EXPECT_DOUBLE_EQ(std::stod(row[column("mean_fps")]), 1000.0 / stats["mean"].get<double>());
    EXPECT_EQ(row[column("count")], "200");
  }
  // samples.csv: every sample of both runs.
  const auto samples = lines(slurp(out / "samples.csv"));
  ASSERT_EQ(samples.size(), 401u);
  EXPECT_EQ(std::stod(cells(samples[1])[3]), doc["runs"][0]["samples"]["latency_ms"][0].get<double>());
  const std::string md = slurp(out / "summary.md");
  EXPECT_NE(md.find("| Model | Backend | Precision | Median FPS | Mean FPS |"), std::string::npos) << md;
  EXPECT_NE(md.find("| fake:0.5 | fake | fp32 |"), std::string::npos) << md;

  // Default output folder: the result's own.
  const ProcessResult in_place = inferbench({"report", result_file.string()});
  ASSERT_EQ(in_place.exit_code, 0) << in_place.err;
  EXPECT_TRUE(fs::exists(work_ / "results" / "summary.md"));
}

// A result whose stored stats no longer match its samples (hand-edited): console, summary.csv and summary.md
// all show what the samples give, and stderr names the run and the fields that disagree. A run left with
// stored stats and no samples shows them, marked, everywhere, with a warning that they cannot be checked.
TEST_F(ReportCli, EveryOutputShowsTheSamplesAndWarnsWhenStoredStatsDisagree) {
  const fs::path result_file = run("edited", {"fake:1", "fake:0.5"}, 20);
  json doc;
  {
    std::ifstream in(result_file);
    doc = json::parse(in);
  }
  doc["runs"][0]["samples"]["latency_ms"] = {1.0, 2.0, 3.0, 4.0};
  const double stored_mean = doc["runs"][1]["stats"]["latency_ms"]["mean"].get<double>();
  doc["runs"][1]["samples"]["latency_ms"] = json::array();
  std::ofstream(result_file) << doc.dump(2);

  const ProcessResult report =
      inferbench({"report", result_file.string(), "--output-dir", (work_ / "r").string()});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.err.find("inferbench: warning: " + result_file.string() +
                            ": run 'fake:1': stored stats disagree with its samples (stored vs samples: "
                            "latency_ms.count 20 vs 4, latency_ms.mean "),
            std::string::npos)
      << report.err;
  EXPECT_NE(report.err.find("reports show the values of the samples"), std::string::npos) << report.err;
  EXPECT_NE(report.err.find("run 'fake:0.5': the result holds stats but no latency samples; reports show the "
                            "stored stats, which cannot be checked"),
            std::string::npos)
      << report.err;

  // Samples {1, 2, 3, 4}: mean 2.5, std sqrt(1.25) = 1.118, p50 2.5, p90 3.7, p95 3.85, p99 3.97, FPS 400.
  std::istringstream console(report.out);
  std::string line;
  std::vector<std::string> row;
  std::vector<std::string> stored_row;
  while (std::getline(console, line)) {
    std::istringstream words(line);
    std::vector<std::string> tokens;
    for (std::string word; words >> word;) tokens.push_back(word);
    if (!tokens.empty() && tokens[0] == "fake:1") row = tokens;
    if (!tokens.empty() && tokens[0] == "fake:0.5") stored_row = tokens;
  }
  EXPECT_EQ(row, (std::vector<std::string>{"fake:1", "fake", "cpu", "2.500", "1.118", "2.500", "3.700",
                                           "3.850", "3.970", "1.000", "4.000", "400.0", "4"}))
      << report.out;
  ASSERT_EQ(stored_row.size(), 14u) << report.out;
  EXPECT_EQ(stored_row[3], fmt_ms(stored_mean));
  EXPECT_EQ(stored_row[12] + " " + stored_row[13], "20 stored");

  const auto csv = lines(slurp(work_ / "r" / "summary.csv"));
  ASSERT_EQ(csv.size(), 3u);
  const auto header = cells(csv[0]);
  const auto at = [&](std::size_t r, const std::string& name) {
    return cells(
        csv[r])[static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin())];
  };
  EXPECT_EQ(at(1, "count"), "4");
  EXPECT_EQ(at(1, "stats_from"), "samples");
  EXPECT_EQ(std::stod(at(1, "mean_ms")), 2.5);
  EXPECT_DOUBLE_EQ(std::stod(at(1, "p99_ms")), 3.97);
  EXPECT_EQ(std::stod(at(1, "mean_fps")), 400.0);
  EXPECT_EQ(at(2, "stats_from"), "stored");
  EXPECT_EQ(std::stod(at(2, "mean_ms")), stored_mean);

  const std::string md = slurp(work_ / "r" / "summary.md");
  EXPECT_NE(md.find("| fake:1 | fake | fp32 | 400.0 | 400.0 | 2.500 | 2.500 | 3.970 | 1.118 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| fake:0.5 † | fake | fp32 | "), std::string::npos) << md;
  EXPECT_EQ(md.find("no samples"), std::string::npos) << md;
}

TEST_F(ReportCli, RunWritesSvgFiguresToo) {
  if (!have_gnuplot()) GTEST_SKIP() << "gnuplot is not installed: nothing is drawn";
  const ProcessResult result = inferbench({"run", "--model", "fake:0.1", "--iterations", "60", "--svg",
                                           "--output-dir", (work_ / "svg").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* name : {"speed_benchmark", "latency_hist", "latency_percentiles"}) {
    EXPECT_TRUE(is_png(work_ / "svg" / (std::string(name) + ".png"))) << name;
    EXPECT_NE(slurp(work_ / "svg" / (std::string(name) + ".svg")).find("<svg"), std::string::npos) << name;
  }
}

TEST_F(ReportCli, WithoutGnuplotTheRunDoesNotFailAndSaysHowToDraw) {
  const fs::path result_file = run("results", {"fake:0.2"}, 50);
  // `run` drew its figures where gnuplot is installed; the report below must not redraw them.
  fs::remove(work_ / "results" / "speed_benchmark.png");
  // No gnuplot on this PATH; the binary itself is started by its full path.
  const char* path = std::getenv("PATH");
  const std::string saved = path != nullptr ? path : "";
  setenv("PATH", (work_ / "empty").c_str(), 1);
  const ProcessResult report = inferbench({"report", result_file.string()});
  setenv("PATH", saved.c_str(), 1);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.err.find("note: gnuplot ('gnuplot') not found: figures not drawn"), std::string::npos)
      << report.err;
  EXPECT_NE(report.err.find("for f in *.gp; do gnuplot \"$f\"; done"), std::string::npos) << report.err;
  EXPECT_TRUE(fs::exists(work_ / "results" / "speed_benchmark.gp"));
  EXPECT_TRUE(fs::exists(work_ / "results" / "speed_benchmark.dat"));
  EXPECT_FALSE(fs::exists(work_ / "results" / "speed_benchmark.png"));
  EXPECT_TRUE(fs::exists(work_ / "results" / "summary.csv"));
}

TEST_F(ReportCli, BadInputsExitWithTwo) {
  const auto expect_error = [&](const std::vector<std::string>& args, const std::string& part) {
    const ProcessResult result = inferbench(args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(result.err.rfind("inferbench: error: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(part), std::string::npos) << result.err;
  };
  expect_error({"report", (work_ / "missing.json").string()}, "cannot read result file '");
  std::ofstream(work_ / "corrupt.json") << "{\"schema_version\": \"1.2.0\", \"runs\": [";
  expect_error({"report", (work_ / "corrupt.json").string()}, "corrupt.json: result file: ");
  std::ofstream(work_ / "future.json") << R"({"schema_version": "2.0.0"})";
  expect_error({"report", (work_ / "future.json").string()}, "future.json: result file: ");
  expect_error({"report", work_.string()}, "is a folder; give the result file");
  const fs::path result_file = run("results", {"fake:0.1"}, 20);
  std::ofstream(work_ / "a_file") << "x";
  expect_error({"report", result_file.string(), "--output-dir", (work_ / "a_file" / "sub").string()},
               "is not writable");
  expect_error({"compare", result_file.string(), (work_ / "missing.json").string()}, "missing.json");
  expect_error({"compare", result_file.string(), result_file.string(), "--fail-if-slower", "-1"},
               "--fail-if-slower must be a percentage >= 0");
  const ProcessResult usage = inferbench({"report"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("hint: see 'inferbench report --help'"), std::string::npos) << usage.err;
}

TEST_F(ReportCli, CompareFailsTheGateWhenASideFailedOrIsEmpty) {
  const fs::path base = run("base", {"fake:1"}, 20);
  // A new result whose run of the same name failed: written by a run that measured something else too.
  const ProcessResult partly =
      inferbench({"run", "--warmup", "0", "--iterations", "5", "--model", "fake:0.1", "--model", "fake:bad",
                  "--output-dir", (work_ / "partly").string()});
  ASSERT_EQ(partly.exit_code, 2) << partly.err;
  json failed = json::parse(slurp(work_ / "partly" / "result.json"));
  json failed_run = failed["runs"][1];
  ASSERT_EQ(failed_run["status"], "failed");
  failed_run["name"] = "fake:1";
  failed["runs"] = json::array({failed_run});
  std::ofstream(work_ / "failed_new.json") << failed.dump();

  const ProcessResult gate =
      inferbench({"compare", base.string(), (work_ / "failed_new.json").string(), "--fail-if-slower", "5"});
  EXPECT_EQ(gate.exit_code, 1) << gate.err;
  EXPECT_NE(gate.out.find("latency: NOT TESTED: the new run failed (bad fake model 'fake:bad'"),
            std::string::npos)
      << gate.out;
  EXPECT_NE(gate.out.find("0 slower, 0 faster, 0 no significant change, 1 NOT TESTED"), std::string::npos)
      << gate.out;
  EXPECT_NE(gate.err.find("inferbench: error: fake:1: not tested, so --fail-if-slower fails"),
            std::string::npos)
      << gate.err;
  // Without the gate the comparison is only shown, with the same verdict.
  const ProcessResult shown = inferbench({"compare", base.string(), (work_ / "failed_new.json").string()});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("1 NOT TESTED"), std::string::npos) << shown.out;

  failed["runs"] = json::array();
  std::ofstream(work_ / "empty.json") << failed.dump();
  const ProcessResult empty =
      inferbench({"compare", base.string(), (work_ / "empty.json").string(), "--fail-if-slower", "5"});
  EXPECT_EQ(empty.exit_code, 1) << empty.err;
  EXPECT_NE(empty.err.find("holds no run: nothing to test under --fail-if-slower"), std::string::npos)
      << empty.err;
}

TEST_F(ReportCli, CompareSaysSlowerAndFailsOnlyPastTheThreshold) {
  // 1 ms against 1.25 ms of busy-waiting: 25% slower, far beyond the noise of 300 samples.
  const fs::path base = run("base", {"fake:1"}, 300);
  const fs::path slower = run("slower", {"fake:1.25"}, 300);
  const ProcessResult compared =
      inferbench({"compare", base.string(), slower.string(), "--csv", (work_ / "compare.csv").string()});
  ASSERT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_NE(compared.out.find("no run name in common: comparing the only run of each file"),
            std::string::npos)
      << compared.out;
  EXPECT_NE(compared.out.find("fake:1 -> fake:1.25"), std::string::npos) << compared.out;
  EXPECT_NE(compared.out.find("latency: slower: median +"), std::string::npos) << compared.out;
  const auto csv = lines(slurp(work_ / "compare.csv"));
  ASSERT_GE(csv.size(), 2u);
  EXPECT_EQ(csv[0], "run,statistic,base,new,delta,ratio,p_value,verdict");
  EXPECT_EQ(cells(csv[1])[7], "slower");

  const ProcessResult failing =
      inferbench({"compare", base.string(), slower.string(), "--fail-if-slower", "10"});
  EXPECT_EQ(failing.exit_code, 1) << failing.err;
  EXPECT_NE(failing.err.find("inferbench: regression: fake:1.25: median latency +"), std::string::npos)
      << failing.err;
  const ProcessResult tolerant =
      inferbench({"compare", base.string(), slower.string(), "--fail-if-slower", "60"});
  EXPECT_EQ(tolerant.exit_code, 0) << tolerant.err;

  // Faster is never a failure; a file against itself is no change (p = 1).
  EXPECT_EQ(inferbench({"compare", slower.string(), base.string(), "--fail-if-slower", "0"}).exit_code, 0);
  const ProcessResult same = inferbench({"compare", base.string(), base.string(), "--csv", "-"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.out.rfind("run,statistic,base,new,delta,ratio,p_value,verdict\r\n", 0), 0u) << same.out;
  EXPECT_NE(same.out.find(",1,no significant change"), std::string::npos) << same.out;
  EXPECT_NE(same.err.find("0 slower, 0 faster, 1 no significant change"), std::string::npos) << same.err;

  // Nothing in common and several runs: nothing to compare is bad input.
  const fs::path two = run("two", {"fake:0.1", "fake:0.2"}, 20);
  const ProcessResult unmatched = inferbench({"compare", base.string(), two.string()});
  EXPECT_EQ(unmatched.exit_code, 2);
  EXPECT_NE(unmatched.err.find("(base runs: fake:1; new runs: fake:0.1, fake:0.2)"), std::string::npos)
      << unmatched.err;
}

}  // namespace
