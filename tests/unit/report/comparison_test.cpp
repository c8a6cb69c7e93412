// `compare` on results built in code: runs matched by name, each statistic's base, new, difference and
// ratio against hand-computed values, the verdict on a known shift and on two draws of one distribution, the
// regression rule, and the CSV read back.
#include "report/comparison.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "csv_reader.hpp"
#include "sample_result.hpp"

namespace ib::report {
namespace {

result::Result one_run(const std::string& name, std::vector<double> samples) {
  result::Result result;
  result.runs.push_back(testing::make_run(name, "fp16", std::move(samples)));
  return result;
}

TEST(Comparison, StatisticsSideBySide) {
  // base {1, 2, 3, 4}: mean 2.5, median 2.5, min 1, max 4, population std sqrt(1.25);
  // new  {2, 4, 6, 8}: every statistic doubled, so delta = base and ratio = 2.
  const auto c = compare_results(one_run("m", {1, 2, 3, 4}), one_run("m", {2, 4, 6, 8}));
  ASSERT_EQ(c.runs.size(), 1u);
  EXPECT_FALSE(c.paired_by_position);
  const auto& run = c.runs[0];
  EXPECT_EQ(run.base_name, "m");
  const auto find = [&](const std::string& name) {
    for (const auto& r : run.rows)
      if (r.statistic == name) return r;
    ADD_FAILURE() << name;
    return StatisticRow{};
  };
  const auto mean = find("mean_ms");
  EXPECT_DOUBLE_EQ(mean.base, 2.5);
  EXPECT_DOUBLE_EQ(mean.next, 5.0);
  EXPECT_DOUBLE_EQ(mean.delta, 2.5);
  EXPECT_DOUBLE_EQ(mean.ratio, 2.0);
  EXPECT_DOUBLE_EQ(find("std_ms").base, std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(find("std_ms").ratio, 2.0);
  // p99 of {1,2,3,4}: h = 3 * 0.99 = 2.97 -> 3 + 0.97 = 3.97; doubled 7.94.
  EXPECT_DOUBLE_EQ(find("p99_ms").base, 3.97);
  EXPECT_DOUBLE_EQ(find("p99_ms").next, 7.94);
  // FPS halves: 1000 / 2.5 = 400 -> 200.
  EXPECT_DOUBLE_EQ(find("mean_fps").base, 400.0);
  EXPECT_DOUBLE_EQ(find("mean_fps").ratio, 0.5);
  EXPECT_DOUBLE_EQ(find("median_fps").next, 200.0);
  EXPECT_DOUBLE_EQ(run.median_change_percent, 100.0);
  ASSERT_TRUE(run.latency.has_value());
  // Four samples a side. Pairs (base, new) with new above: 1 + 3 + 4 + 4 = 12, plus the ties 2 = 2 and 4 = 4
  // at 1/2 each: U_new = 13 of 16. Tie term 2 * (2^3 - 2) = 12, variance 16/12 * (9 - 12/56) = 11.714, z =
  // (13 - 8
  // - 0.5) / 3.4226 = 1.3148, p = 0.189: not significant.
  EXPECT_DOUBLE_EQ(run.latency->test.u_new, 13.0);
  EXPECT_NEAR(run.latency->test.p_value, 0.1886, 1e-3);
  EXPECT_EQ(run.latency->change, stats::Change::no_change);
  EXPECT_FALSE(is_regression(run, 0));
}

TEST(Comparison, AKnownShiftIsASlowdownAndFailsTheThreshold) {
  // 400 samples each, lognormal around 5 ms vs 5.25 ms (+5%).
  const auto base = one_run("vit", testing::lognormal_samples(400, 5.0, 0.03, 1));
  const auto slower = one_run("vit", testing::lognormal_samples(400, 5.25, 0.03, 2));
  const auto c = compare_results(base, slower);
  ASSERT_EQ(c.runs.size(), 1u);
  const auto& run = c.runs[0];
  ASSERT_TRUE(run.latency.has_value());
  EXPECT_EQ(run.latency->change, stats::Change::slower);
  EXPECT_NEAR(run.median_change_percent, 5.0, 1.0);
  EXPECT_TRUE(is_regression(run, 2.0));    // slower by more than 2%
  EXPECT_FALSE(is_regression(run, 10.0));  // but not by more than 10%

  // Two draws of one distribution: no significant change, never a regression.
  const auto again = one_run("vit", testing::lognormal_samples(400, 5.0, 0.03, 3));
  const auto same = compare_results(base, again);
  EXPECT_EQ(same.runs[0].latency->change, stats::Change::no_change);
  EXPECT_FALSE(is_regression(same.runs[0], 0));

  std::ostringstream out;
  print_comparison(out, c);
  const std::string text = out.str();
  EXPECT_NE(text.find("\nvit\n  statistic"), std::string::npos) << text;
  EXPECT_NE(text.find("  latency: slower: median +"), std::string::npos) << text;
  EXPECT_NE(text.find("1 slower, 0 faster, 0 no significant change"), std::string::npos) << text;
}

TEST(Comparison, MatchingByNameAndByPosition) {
  result::Result base;
  base.runs.push_back(testing::make_run("a", "fp32", {1, 2, 3}));
  base.runs.push_back(testing::make_run("b", "fp32", {1, 2, 3}));
  result::Result next;
  next.runs.push_back(testing::make_run("b", "fp32", {1, 2, 3}));
  next.runs.push_back(testing::make_run("c", "fp32", {1, 2, 3}));
  const auto c = compare_results(base, next);
  ASSERT_EQ(c.runs.size(), 1u);
  EXPECT_EQ(c.runs[0].base_name, "b");
  EXPECT_EQ(c.only_in_base, std::vector<std::string>{"a"});
  EXPECT_EQ(c.only_in_new, std::vector<std::string>{"c"});

  const auto paired = compare_results(one_run("model_fp32", {1, 2}), one_run("model_fp16", {1, 2}));
  ASSERT_EQ(paired.runs.size(), 1u);
  EXPECT_TRUE(paired.paired_by_position);
  EXPECT_TRUE(paired.only_in_base.empty());
  std::ostringstream out;
  print_comparison(out, paired);
  EXPECT_NE(out.str().find(
                "no run name in common: comparing the only run of each file\n\nmodel_fp32 -> model_fp16\n"),
            std::string::npos)
      << out.str();

  // A run without samples is compared on nothing, with no test.
  result::Result empty;
  result::Run failed;
  failed.name = "b";
  failed.status = result::RunStatus::failed;
  empty.runs.push_back(failed);
  const auto none = compare_results(empty, next);
  ASSERT_EQ(none.runs.size(), 1u);
  EXPECT_FALSE(none.runs[0].latency.has_value());
  EXPECT_TRUE(none.runs[0].rows.empty());
}

TEST(Comparison, CsvReadsBack) {
  const auto c = compare_results(one_run("m", {1, 2, 3, 4}), one_run("m", {2, 4, 6, 8}));
  const auto rows = testing::csv_records(comparison_csv(c));
  ASSERT_EQ(rows.size(), c.runs[0].rows.size());
  EXPECT_EQ(rows[0].at("run"), "m");
  EXPECT_EQ(rows[0].at("statistic"), "mean_ms");
  EXPECT_EQ(rows[0].at("base"), "2.5");
  EXPECT_EQ(rows[0].at("new"), "5");
  EXPECT_EQ(rows[0].at("delta"), "2.5");
  EXPECT_EQ(rows[0].at("ratio"), "2");
  EXPECT_EQ(rows[0].at("verdict"), "no significant change");
  EXPECT_EQ(std::stod(rows[0].at("p_value")), c.runs[0].latency->test.p_value);
}

}  // namespace
}  // namespace ib::report
