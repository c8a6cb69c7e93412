// report.html in a real browser: Debian's chromium, headless, no sandbox, every host name unresolvable. The
// page records errors and Content-Security-Policy violations into its own DOM (#ib-errors), so --dump-dom
// tells whether anything failed or tried to leave the file; the charts mark their canvases with the points
// drawn; a screenshot shows they are not blank. Pages come from `report` (a result with telemetry, depth maps
// and hostile names), `run` (the fake backend) and `compare --html`. Skipped, with a message, without
// chromium.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/cli_test.hpp"
#include "../support/subprocess.hpp"
#include "../unit/report/sample_result.hpp"
#include "io/image.hpp"
#include "report/html_text.hpp"
#include "result/result_json.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;
using ib::testing::slurp;

constexpr const char* kHostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>\"'";

fs::path find_chromium() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const fs::path candidate = fs::path(dir) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return {};
}

// What the page said about itself once loaded.
struct PageState {
  int errors = -1;  ///< #ib-errors data-count
  int charts = -1;  ///< body data-ib-charts
  std::vector<int> canvas_points;
  std::string dom;
};

// The start tags named `tag` in the DOM text (std::regex recurses per character: too deep for a page that
// inlines Chart.js).
std::vector<std::string> start_tags(const std::string& dom, const std::string& tag) {
  std::vector<std::string> out;
  for (std::size_t at = dom.find("<" + tag); at != std::string::npos; at = dom.find("<" + tag, at + 1)) {
    const char next = dom[at + tag.size() + 1];
    if (next != ' ' && next != '>') continue;
    out.push_back(dom.substr(at, dom.find('>', at) - at + 1));
  }
  return out;
}

// The number in attribute `name="N"` of `tag`'s text; -1 without it.
int attribute_number(const std::string& tag, const std::string& name) {
  const std::size_t at = tag.find(" " + name + "=\"");
  if (at == std::string::npos) return -1;
  return std::stoi(tag.substr(at + name.size() + 3));
}

std::string tag_with(const std::string& dom, const std::string& tag, const std::string& part) {
  for (const auto& t : start_tags(dom, tag)) {
    if (t.find(part) != std::string::npos) return t;
  }
  return {};
}

class HtmlCli : public ib::testing::CliTest {
 protected:
  HtmlCli() : CliTest("ib_html_cli_") {}
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty()) GTEST_SKIP() << "chromium not found on PATH (Debian: apt-get install chromium)";
    CliTest::SetUp();
  }

  ProcessResult browser(const fs::path& page, const std::vector<std::string>& mode) {
    std::vector<std::string> args = {chromium_.string(),
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--no-first-run",
                                     "--disable-extensions",
                                     "--disable-background-networking",
                                     "--disable-sync",
                                     "--disable-component-update",
                                     "--host-resolver-rules=MAP * ~NOTFOUND",
                                     "--user-data-dir=" + (work_ / "profile").string(),
                                     "--virtual-time-budget=5000"};
    args.insert(args.end(), mode.begin(), mode.end());
    args.push_back("file://" + fs::absolute(page).string());
    return run_command(args);
  }

  PageState load(const fs::path& page) {
    const ProcessResult dumped = browser(page, {"--dump-dom"});
    EXPECT_EQ(dumped.exit_code, 0) << dumped.err;
    PageState state;
    state.dom = dumped.out;
    state.errors = attribute_number(tag_with(dumped.out, "ul", "id=\"ib-errors\""), "data-count");
    state.charts = attribute_number(tag_with(dumped.out, "body", ""), "data-ib-charts");
    for (const auto& canvas : start_tags(dumped.out, "canvas"))
      state.canvas_points.push_back(attribute_number(canvas, "data-points"));
    return state;
  }

  // A result with telemetry, quality and depth maps, written where `report` reads it.
  fs::path sample_result_file(const std::string& first_run_name) {
    const fs::path dir = work_ / "sample";
    fs::create_directories(dir);
    ib::result::Result result = ib::report::testing::sample_result(dir);
    result.runs.front().name = first_run_name;
    std::ofstream(dir / "result.json") << ib::result::serialize_result(result);
    return dir / "result.json";
  }

  fs::path chromium_;
};

TEST_F(HtmlCli, ReportPageDrawsEveryChartWithoutErrorsOrRequests) {
  const fs::path result = sample_result_file(kHostile);
  const ProcessResult report = inferbench({"report", result.string()});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const fs::path page = result.parent_path() / "report.html";
  ASSERT_TRUE(fs::exists(page));

  const PageState state = load(page);
  EXPECT_EQ(state.errors, 0) << state.dom.substr(0, 3000);
  // The percentile curve, latency over time and one panel per telemetry metric.
  EXPECT_GE(state.charts, 3);
  ASSERT_EQ(static_cast<int>(state.canvas_points.size()), state.charts);
  for (const int points : state.canvas_points) EXPECT_GT(points, 0);
  // The hostile name is text in the table, never an element: the page's only <img> is the depth figure.
  EXPECT_NE(state.dom.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  const auto images = start_tags(state.dom, "img");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_NE(images.front().find("class=\"depth\""), std::string::npos);

  const fs::path shot = work_ / "shot.png";
  const ProcessResult taken = browser(page, {"--screenshot=" + shot.string(), "--window-size=1200,1800"});
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  const ib::io::Image image = ib::io::read_image(shot);
  std::set<std::uint32_t> colours;
  std::size_t ink = 0;
  for (std::size_t i = 0; i + 2 < image.rgb.size(); i += 3) {
    const std::uint32_t rgb = (image.rgb[i] << 16U) | (image.rgb[i + 1] << 8U) | image.rgb[i + 2];
    colours.insert(rgb);
    if (rgb != 0xffffffU) ++ink;
  }
  EXPECT_GT(ink, image.rgb.size() / 3 / 50) << "the screenshot is (nearly) blank";
  EXPECT_GT(colours.size(), 50u);
}

TEST_F(HtmlCli, APageThatReferencesAnythingOutsideItselfIsCaught) {
  const fs::path result = sample_result_file("depth");
  ASSERT_EQ(inferbench({"report", result.string()}).exit_code, 0);
  std::string html = slurp(result.parent_path() / "report.html");
  const std::string body = "<body>";
  html.insert(html.find(body) + body.size(), "<img src=\"http://example.invalid/pixel.png\" alt=\"\">");
  const fs::path tampered = work_ / "tampered.html";
  std::ofstream(tampered) << html;
  const PageState state = load(tampered);
  EXPECT_GE(state.errors, 1) << state.dom.substr(0, 2000);
  EXPECT_NE(state.dom.find("blocked by the page's security policy: img-src http://example.invalid/pixel.png"),
            std::string::npos)
      << state.dom.substr(0, 2000);
}

// Drags across the latency chart, then double-clicks it, as a user would (mouse events on its canvas), and
// writes each chart's x range after either into the DOM. Added to a copy of the page with its hash in the
// policy, as any script must be.
constexpr const char* kZoomScript = R"js(
(function () {
  var canvases = document.querySelectorAll('#timeline-charts canvas');
  var latency = canvases[0], box = latency.getBoundingClientRect();
  function mouse(type, target, x) {
    target.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: box.left + x, clientY: box.top + 100 }));
  }
  function ranges() {
    return Array.prototype.map.call(canvases, function (c) {
      var x = Chart.getChart(c).scales.x;
      return x.min.toFixed(4) + ':' + x.max.toFixed(4);
    }).join(' ');
  }
  mouse('mousedown', latency, box.width * 0.4);
  mouse('mousemove', latency, box.width * 0.6);
  mouse('mouseup', window, box.width * 0.6);
  document.body.setAttribute('data-zoomed', ranges());
  latency.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
  document.body.setAttribute('data-reset', ranges());
})();
)js";

TEST_F(HtmlCli, DraggingAcrossTheLatencyChartZoomsEveryTimeChartAndADoubleClickResets) {
  const fs::path result = sample_result_file("depth");
  ASSERT_EQ(inferbench({"report", result.string()}).exit_code, 0);
  std::string html = slurp(result.parent_path() / "report.html");
  const std::string policy = "script-src ";
  html.insert(html.find(policy) + policy.size(), ib::report::csp_hash(kZoomScript) + " ");
  html.insert(html.rfind("</body>"), std::string("<script>") + kZoomScript + "</script>");
  const fs::path page = work_ / "zoom.html";
  std::ofstream(page) << html;
  const PageState state = load(page);
  EXPECT_EQ(state.errors, 0) << state.dom.substr(0, 2000);
  const std::string body = tag_with(state.dom, "body", "");
  const auto attribute = [&](const std::string& name) {
    const std::size_t at = body.find(" " + name + "=\"");
    return at == std::string::npos ? std::string()
                                   : body.substr(at + name.size() + 3,
                                                 body.find('"', at + name.size() + 3) - at - name.size() - 3);
  };
  const std::string zoomed = attribute("data-zoomed");
  const std::string reset = attribute("data-reset");
  ASSERT_FALSE(zoomed.empty()) << body;
  ASSERT_FALSE(reset.empty()) << body;
  // Every chart of the time axis shows the same range; zoomed, it is narrower than the whole, which comes
  // back.
  std::istringstream zoomed_ranges(zoomed);
  std::istringstream reset_ranges(reset);
  std::string first_zoomed;
  std::string first_reset;
  zoomed_ranges >> first_zoomed;
  reset_ranges >> first_reset;
  for (std::string range; zoomed_ranges >> range;) EXPECT_EQ(range, first_zoomed);
  for (std::string range; reset_ranges >> range;) EXPECT_EQ(range, first_reset);
  const auto bounds = [](const std::string& range) {
    return std::pair{std::stod(range.substr(0, range.find(':'))),
                     std::stod(range.substr(range.find(':') + 1))};
  };
  const auto [zoom_min, zoom_max] = bounds(first_zoomed);
  const auto [full_min, full_max] = bounds(first_reset);
  EXPECT_EQ(full_min, 0.0);
  EXPECT_GT(zoom_min, full_min);
  EXPECT_LT(zoom_max, full_max);
  EXPECT_LT(zoom_max - zoom_min, (full_max - full_min) * 0.5);
}

TEST_F(HtmlCli, RunAndCompareWriteWorkingPages) {
  const fs::path base = work_ / "base";
  const fs::path next = work_ / "new";
  for (const auto& [dir, model] : {std::pair{base, "fake:0.3"}, std::pair{next, "fake:0.4"}}) {
    const ProcessResult run = inferbench(
        {"run", "--warmup", "2", "--iterations", "200", "--model", model, "--output-dir", dir.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    ASSERT_TRUE(fs::exists(dir / "report.html"));
  }
  const PageState run_page = load(base / "report.html");
  EXPECT_EQ(run_page.errors, 0) << run_page.dom.substr(0, 2000);
  EXPECT_EQ(run_page.charts, 2);  // percentiles and latency over time; a CPU run has no GPU panels

  const fs::path compared = work_ / "compare.html";
  const ProcessResult compare = inferbench({"compare", (base / "result.json").string(),
                                            (next / "result.json").string(), "--html", compared.string()});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  const PageState page = load(compared);
  EXPECT_EQ(page.errors, 0) << page.dom.substr(0, 2000);
  EXPECT_EQ(page.charts, 2);
  EXPECT_EQ(page.canvas_points.size(), 2u);
  EXPECT_NE(page.dom.find("base: fake:0.3"), std::string::npos);
  EXPECT_NE(page.dom.find("latency: slower"), std::string::npos);
}

}  // namespace
