// report.html from a result built in code: escaping of every hostile text, the CSP's script hashes, the data
// block's contents, self-containment (and the checker that proves it, on a tampered page). The page in a real
// browser: tests/cli/html_cli_test.cpp.
#include "report/html_report.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "../../support/html_check.hpp"
#include "report/comparison.hpp"
#include "report/html_assets.hpp"
#include "report/html_data.hpp"
#include "report/html_text.hpp"
#include "sample_result.hpp"

namespace ib::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kHostile =
    "</script><script>alert(1)</script><img src=x onerror=alert(2)>\"' & \xE2\x80\xA8 <!--";

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

json data_block(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"ib-data\">";
  const std::size_t start = html.find(open);
  EXPECT_NE(start, std::string::npos);
  const std::size_t end = html.find("</script>", start);
  return json::parse(html.substr(start + open.size(), end - start - open.size()));
}

class HtmlReport : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ib_html_report_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    result_ = testing::sample_result(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  result::Result result_;
};

TEST(HtmlText, EscapesMarkupAndScriptContext) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(script_json(R"({"a":"</script><!--&"})"), R"({"a":"\u003c/script\u003e\u003c!--\u0026"})");
  EXPECT_EQ(script_json("\"\xE2\x80\xA8\xE2\x80\xA9\xE2\x80\xA7\""), "\"\\u2028\\u2029\xE2\x80\xA7\"");
  EXPECT_EQ(json::parse(script_json(json{{"k", kHostile}}.dump())).at("k"), kHostile);
}

TEST(HtmlText, Base64AndCspHashesFollowTheirSpecs) {
  // RFC 4648's test vectors.
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foob"), "Zm9vYg==");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string("\xff\x00\x80", 3)), "/wCA");
  // SHA-256 of the empty text, as browsers compute it for an empty inline script.
  EXPECT_EQ(csp_hash(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
}

TEST_F(HtmlReport, HostileNamesStayText) {
  result_.runs.front().name = kHostile;
  result_.runs.front().error = kHostile;
  result_.environment.host = kHostile;
  result_.environment.command_line = {"inferbench", kHostile};
  const std::string html = html_report(result_);
  // Only the page's own four scripts: the recorder, the data, Chart.js and the page's script.
  EXPECT_EQ(occurrences(html, "<script"), 4u);
  EXPECT_EQ(occurrences(html, "</script"), 4u);
  EXPECT_EQ(occurrences(html, "<img"), 0u) << "no depth figure was given";
  EXPECT_EQ(html.find(kHostile), std::string::npos);
  EXPECT_NE(html.find(html_escape(kHostile)), std::string::npos);
  EXPECT_EQ(data_block(html).at("runs").at(0).at("label"), kHostile);
}

TEST_F(HtmlReport, CspAllowsExactlyThePagesScriptsAndNothingOutside) {
  const std::string html = html_report(result_);
  const std::size_t csp = html.find("Content-Security-Policy\" content=\"");
  ASSERT_NE(csp, std::string::npos);
  const std::string policy = html.substr(csp, html.find('>', csp) - csp);
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(policy.find("img-src data:"), std::string::npos);
  EXPECT_NE(policy.find("style-src 'unsafe-inline';"), std::string::npos);
  EXPECT_EQ(policy.find("script-src 'unsafe"), std::string::npos);
  for (const auto& script : {html_assets::guard_js(), html_assets::chart_js(), html_assets::page_js()}) {
    EXPECT_NE(html.find("<script>" + std::string(script) + "</script>"), std::string::npos);
    EXPECT_NE(policy.find(csp_hash(script)), std::string::npos);
  }
  EXPECT_TRUE(ib::testing::external_references(html).empty());
}

TEST_F(HtmlReport, TheSelfContainmentCheckCatchesAnyOutsideReference) {
  const std::string html = html_report(result_);
  const std::string body = "<body>";
  for (const std::string tampered :
       {"<img src=\"https://example.com/a.png\">", "<link rel=stylesheet href='style.css'>",
        "<script src=app.js></script>", "<style>body { background: url(\"http://x/y.png\") }</style>",
        "<style>@import 'other.css';</style>", "<iframe srcset=\"a.png 1x\"></iframe>",
        "<div style=\"background:url(x.png)\"></div>"}) {
    std::string page = html;
    page.insert(page.find(body) + body.size(), tampered);
    EXPECT_EQ(ib::testing::external_references(page).size(), 1u) << tampered;
  }
  EXPECT_TRUE(
      ib::testing::external_references("<a href=\"#stats\">x</a><img src=\"data:image/png;base64,AA==\">")
          .empty());
}

TEST_F(HtmlReport, TheDepthFigureIsADataUri) {
  HtmlExtras extras;
  extras.depth_png = std::string("\x89PNG\r\n\x1a\n", 8) + "pixels";
  extras.notes = {"a <note>"};
  const std::string html = html_report(result_, extras);
  EXPECT_NE(html.find("src=\"data:image/png;base64," + base64(extras.depth_png) + "\""), std::string::npos);
  EXPECT_NE(html.find("<li>a &lt;note&gt;</li>"), std::string::npos);
  EXPECT_TRUE(ib::testing::external_references(html).empty());
}

TEST_F(HtmlReport, DataBlockHoldsTheRunsCurvesAndTelemetry) {
  const json data = data_block(html_report(result_));
  ASSERT_EQ(data.at("runs").size(), result_.runs.size());
  const json& run = data.at("runs").at(0);
  const result::Run& source = result_.runs.front();
  EXPECT_EQ(run.at("label"), source.name);
  EXPECT_EQ(run.at("latency").at("ms").size(), source.samples.latency_ms.size());
  ASSERT_TRUE(source.telemetry.has_value());
  EXPECT_EQ(run.at("telemetry").at("t").size(), source.telemetry->time_s.size());
  EXPECT_EQ(run.at("telemetry").at("series").size(), source.telemetry->series.size());
  EXPECT_NE(run.at("percentiles"), nullptr);
}

TEST(HtmlData, PercentileCurveIsLinearWithOrderStatisticIntervals) {
  result::Run run;
  for (int i = 1; i <= 1000; ++i) run.samples.latency_ms.push_back(i);  // p-th percentile = 1 + 9.99 p
  const json curve = percentile_curve(run);
  const auto& p = curve.at("p");
  const auto at = [&](double want) { return std::find(p.begin(), p.end(), want) - p.begin(); };
  EXPECT_DOUBLE_EQ(curve.at("ms").at(at(50)).get<double>(), 500.5);
  EXPECT_DOUBLE_EQ(curve.at("ms").at(at(99)).get<double>(), 990.01);
  EXPECT_EQ(curve.at("lo").at(at(0)), nullptr);  // no interval for the minimum
  EXPECT_LT(curve.at("lo").at(at(50)).get<double>(), 500.5);
  EXPECT_GT(curve.at("hi").at(at(50)).get<double>(), 500.5);
  EXPECT_NE(at(99.9), static_cast<std::ptrdiff_t>(p.size()));   // 1000 samples reach p99.9
  EXPECT_EQ(at(99.99), static_cast<std::ptrdiff_t>(p.size()));  // but not p99.99
}

TEST(HtmlData, LongRunsAreBucketedKeepingEachBucketsSlowestSample) {
  result::Run run;
  run.samples.latency_ms.assign(50000, 1.0);
  run.samples.latency_ms[30001] = 9.0;
  run.samples.timed_wall_s = 100.0;  // twice the latencies' sum: e.g. two streams
  const json timeline = latency_timeline(run);
  EXPECT_EQ(timeline.at("bucket"), 3);
  EXPECT_EQ(timeline.at("count"), 50000);
  ASSERT_EQ(timeline.at("ms").size(), 16667u);
  EXPECT_EQ(timeline.at("ms").at(10000), 9.0);
  EXPECT_EQ(timeline.at("ms").at(10001), 1.0);
  EXPECT_NEAR(timeline.at("t").back().get<double>(), 100.0, 1e-9);
  EXPECT_NEAR(timeline.at("t").at(0).get<double>(), 0.003 * 100.0 / 50.008, 1e-12);  // 3 samples, scaled
  EXPECT_EQ(latency_timeline(result::Run{}), nullptr);
}

TEST_F(HtmlReport, ComparisonPageShowsBothSidesTheVerdictAndTheDifferences) {
  result::Result next = result_;
  next.environment.gpu_driver_version = "575.57.08";
  result_.environment.gpu_driver_version = "580.65.06";
  for (auto& run : next.runs) {
    run.device = "cuda:0";
    for (double& v : run.samples.latency_ms) v *= 1.2;
  }
  for (auto& run : result_.runs) run.device = "cuda:0";
  const Comparison comparison = compare_results(result_, next);
  const std::string html = html_comparison_report(result_, next, comparison);
  const json data = data_block(html);
  ASSERT_EQ(data.at("runs").size(), 2 * result_.runs.size());
  EXPECT_EQ(data.at("runs").at(0).at("label"), "base: " + result_.runs.front().name);
  EXPECT_EQ(data.at("runs").at(result_.runs.size()).at("label"), "new: " + result_.runs.front().name);
  EXPECT_NE(html.find("differs: GPU driver: 580.65.06 → 575.57.08 (moves numbers)"), std::string::npos);
  EXPECT_NE(html.find("latency: NOT COMPARABLE (measured: slower)"), std::string::npos);
  EXPECT_TRUE(ib::testing::external_references(html).empty());
}

TEST_F(HtmlReport, TheExporterWritesReportHtml) {
  const auto exporter = html_exporter();
  EXPECT_EQ(exporter->file_name(), "report.html");
  EXPECT_EQ(exporter->serialize(result_), html_report(result_));
}

}  // namespace
}  // namespace ib::report
