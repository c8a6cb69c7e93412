// `inferbench compare` across settings that move numbers: two fixture results of the same run, measured weeks
// apart on a GPU whose driver and power limit changed (tests/fixtures/provenance/). Both differences are
// printed and the verdict is "not comparable" (no gate passes on it) unless --ignore-provenance.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../support/cli_test.hpp"
#include "../support/subprocess.hpp"

namespace {

namespace fs = std::filesystem;
using ib::testing::ProcessResult;

const fs::path kFixtures = fs::path(IB_TEST_FIXTURES) / "provenance";

class ProvenanceCli : public ib::testing::CliTest {
 protected:
  ProvenanceCli() : CliTest("ib_provenance_cli_") {}

  ProcessResult compare(std::vector<std::string> extra) {
    std::vector<std::string> args = {"compare", (kFixtures / "base.json").string(), (kFixtures / "new.json").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return inferbench(args);
  }
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(ProvenanceCli, DriverAndPowerLimitMakeTheRunsNotComparable) {
  const ProcessResult shown = compare({});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(has(shown.out, "differs: GPU driver: 580.65.06 -> 575.57.08 (moves numbers)")) << shown.out;
  EXPECT_TRUE(has(shown.out, "differs: power limit: 700 W -> 500 W (moves numbers)")) << shown.out;
  EXPECT_TRUE(has(shown.out, "latency: NOT COMPARABLE: GPU driver, power limit differ")) << shown.out;
  EXPECT_TRUE(has(shown.out, "0 slower, 0 faster, 0 no significant change, 1 NOT COMPARABLE")) << shown.out;
  // What did not change is not listed.
  EXPECT_FALSE(has(shown.out, "differs: GPU:")) << shown.out;
  EXPECT_FALSE(has(shown.out, "differs: precision")) << shown.out;

  // A gate cannot pass on runs it cannot compare; the CSV says why too.
  const ProcessResult gate = compare({"--fail-if-slower", "50", "--csv", "-"});
  EXPECT_EQ(gate.exit_code, 1) << gate.err;
  EXPECT_TRUE(has(gate.err, "inferbench: error: depth-fp16: not comparable")) << gate.err;
  EXPECT_TRUE(has(gate.out, ",not comparable\r\n")) << gate.out;
}

TEST_F(ProvenanceCli, IgnoreProvenanceGivesTheVerdictAndStillListsTheDifferences) {
  const ProcessResult gate = compare({"--ignore-provenance", "--fail-if-slower", "5"});
  EXPECT_EQ(gate.exit_code, 1) << gate.err;  // the new file is ~15% slower
  EXPECT_TRUE(has(gate.out, "differs: power limit: 700 W -> 500 W")) << gate.out;
  EXPECT_TRUE(has(gate.out, "latency: slower: median +")) << gate.out;
  EXPECT_TRUE(has(gate.err, "inferbench: regression: depth-fp16")) << gate.err;
  EXPECT_EQ(compare({"--ignore-provenance", "--fail-if-slower", "50"}).exit_code, 0);
}

}  // namespace
