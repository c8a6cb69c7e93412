// gnuplot::quote: a string literal gnuplot reads back as the same text and never evaluates.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/process.hpp"
#include "report/gnuplot.hpp"

namespace {

namespace fs = std::filesystem;
using ib::report::gnuplot::quote;

TEST(GnuplotQuote, SingleQuotedWithQuotesAndNewlinesJoinedOn) {
  EXPECT_EQ(quote(""), "''");
  EXPECT_EQ(quote("resnet_50 (fp16)"), "'resnet_50 (fp16)'");
  EXPECT_EQ(quote("it's"), "'it'.\"'\".'s'");
  EXPECT_EQ(quote("''"), "''.\"'\".''.\"'\".''");
  EXPECT_EQ(quote("a`b`$c@d\"e\\"), "'a`b`$c@d\"e\\'");
  EXPECT_EQ(quote("one\ntwo"), "'one'.\"\\n\".'two'");
  EXPECT_EQ(quote("tab\there\rcr"), "'tab here cr'");
}

// gnuplot itself prints each quoted text back: the same text, and no command ran.
TEST(GnuplotQuote, GnuplotReadsTheTextBackAndRunsNothing) {
  if (!ib::io::find_executable("gnuplot")) GTEST_SKIP() << "gnuplot is not installed";
  const fs::path dir = fs::temp_directory_path() / ("ib_gnuplot_quote_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<std::string> texts{
      "`touch PWNED1`",
      "' . system('touch PWNED2') . '",
      "''' . system('touch PWNED6') . '''",
      "\" . system(\"touch PWNED3\") . \"",
      "$(touch PWNED4) @macro $data",
      "trailing backslash \\",
      "new\nline `touch PWNED5`",
      "caf\xc3\xa9 \xe2\x80\x94 ms",
  };
  std::string script;
  for (const auto& text : texts) script += "print " + quote(text) + "\n";
  std::ofstream(dir / "quote.gp") << script;
  const auto outcome =
      ib::io::run_process({{"gnuplot", "--default-settings", "quote.gp"}, dir / "printed.txt", dir});
  ASSERT_TRUE(outcome.started) << outcome.error;
  EXPECT_EQ(outcome.exit_code, 0);
  std::ifstream in(dir / "printed.txt");
  std::stringstream printed;
  printed << in.rdbuf();
  std::string expected;
  for (const auto& text : texts) expected += text + "\n";
  EXPECT_EQ(printed.str(), expected);
  for (const auto& entry : fs::directory_iterator(dir)) {
    EXPECT_NE(entry.path().filename().string().rfind("PWNED", 0), 0u) << "a command ran: " << entry.path();
  }
  fs::remove_all(dir);
}

}  // namespace
