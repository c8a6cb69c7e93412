// report.html of a suite or sweep: the runs of several result files on one page under their case's name, files
// that cannot be read left out with a note, and case names (which come from suite files) escaped.
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../../support/html_check.hpp"
#include "../../support/slurp.hpp"
#include "inferbench/result_io.hpp"
#include "suite/combined_html.hpp"

namespace ib::suite {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ib::testing::slurp;

class CombinedHtml : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ib_combined_html_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A result file of `names.size()` runs with three samples each.
  fs::path result_file(const std::string& file, const std::vector<std::string>& names, const char* host) {
    result::Result result;
    result.environment.host = host;
    for (const std::string& name : names) {
      result::Run run;
      run.name = name;
      run.backend = "fake";
      run.device = "cpu";
      run.samples.latency_ms = {1.0, 2.0, 3.0};
      result.runs.push_back(run);
    }
    std::ofstream(dir_ / file) << result::serialize_result(result);
    return dir_ / file;
  }

  fs::path dir_;
};

TEST_F(CombinedHtml, EveryReadableResultsRunsUnderItsCasesName) {
  const fs::path one = result_file("one.json", {"demo"}, "first-host");
  const fs::path two = result_file("two.json", {"a", "b"}, "second-host");
  std::ofstream(dir_ / "bad.json") << "{ not json";
  const std::vector<std::string> notes = write_combined_html(
      dir_, "inferbench suite: s", {{"case-1", one}, {"gone", dir_ / "missing.json"}, {"case-2", two}, {"bad", dir_ / "bad.json"}});

  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "report.html leaves out gone: no result file");
  EXPECT_THAT(notes[1], HasSubstr("report.html leaves out bad: result file: "));
  const std::string page = slurp(dir_ / "report.html");
  EXPECT_THAT(page, HasSubstr("<title>inferbench suite: s</title>"));
  // A file of one run shows it as the case; one of several keeps each run's name after the case's.
  for (const char* label : {"case-1", "case-2/a", "case-2/b"})
    EXPECT_THAT(page, HasSubstr(std::string("<th class=\"text\">") + label + "</th>")) << label;
  EXPECT_EQ(page.find(">gone<"), std::string::npos);
  EXPECT_THAT(page, HasSubstr("first-host"));  // the environment is the first readable result's
  EXPECT_THAT(ib::testing::external_references(page), ElementsAre());
}

TEST_F(CombinedHtml, CaseNamesAreTextNotMarkup) {
  const fs::path one = result_file("one.json", {"demo"}, "h");
  (void)write_combined_html(dir_, "<b>suite</b>", {{"<img src=x onerror=alert(1)>", one}});
  const std::string page = slurp(dir_ / "report.html");
  EXPECT_EQ(page.find("<img src=x"), std::string::npos);
  EXPECT_THAT(page, HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_EQ(page.find("<b>suite</b>"), std::string::npos);
}

TEST_F(CombinedHtml, NothingReadableWritesNoPage) {
  const std::vector<std::string> notes = write_combined_html(dir_, "t", {{"gone", dir_ / "missing.json"}});
  EXPECT_THAT(notes, ElementsAre("report.html leaves out gone: no result file"));
  EXPECT_FALSE(fs::exists(dir_ / "report.html"));
}

}  // namespace
}  // namespace ib::suite
