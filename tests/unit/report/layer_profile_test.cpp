// The per-layer profile section: ranking, per_layer_times.csv, summary.md's table, and its JSON round trip.
#include "report/layer_profile.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/exporters.hpp"
#include "result/result_json.hpp"

namespace ib::report {
namespace {

result::LayerProfile three_layers() {
  return {4, {{"conv1", 2.0, 0.5, 0.5, 25.0}, {"fc, \"big\"", 4.0, 1.0, std::nullopt, 50.0},
              {"a|b_*x*", 2.0, 0.5, 0.4, 25.0}}};
}

TEST(LayerProfile, RanksByAverageKeepingExecutionOrderOnTies) {
  const result::LayerProfile profile = three_layers();
  const std::vector<result::LayerTime> ranked = by_average(profile.layers);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].name, "fc, \"big\"");
  EXPECT_EQ(ranked[1].name, "conv1");
  EXPECT_EQ(ranked[2].name, "a|b_*x*");
  EXPECT_DOUBLE_EQ(total_average_ms(profile.layers), 2.0);
}

TEST(LayerProfile, CsvQuotesNamesAndLeavesAMissingMedianEmpty) {
  EXPECT_EQ(layer_profile_csv(three_layers()),
            "name,time_ms,average_ms,median_ms,percentage\n"
            "\"fc, \"\"big\"\"\",4,1,,50\n"
            "conv1,2,0.5,0.5,25\n"
            "a|b_*x*,2,0.5,0.4,25\n");
}

TEST(LayerProfile, MarkdownTableEscapesLayerNamesAndStopsAtTopK) {
  const std::string md = layer_profile_markdown("engine_a", three_layers(), 2);
  EXPECT_NE(md.find("**engine_a**: 3 layers, 2.0000 ms per inference (4 iterations profiled); the 2 slowest:"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 1 | fc, \"big\" | 1.0000 | 50.00 |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| 2 | conv1 | 0.5000 | 25.00 |\n"), std::string::npos) << md;
  EXPECT_EQ(md.find("a\\|b"), std::string::npos) << md;  // the third is left out
  EXPECT_NE(layer_profile_markdown("e", three_layers()).find("| 3 | a\\|b\\_\\*x\\* | 0.5000 | 25.00 |"),
            std::string::npos);
}

TEST(LayerProfile, IsAnOptionalSectionOfTheResultJson) {
  result::Result result;
  result::Run run;
  run.name = "engine_a";
  result.runs.push_back(run);
  const std::string without = result::serialize_result(result);
  EXPECT_EQ(without.find("layer_profile"), std::string::npos);  // absent unless profiled
  EXPECT_FALSE(result::parse_result(without).runs.at(0).layer_profile);

  result.runs.at(0).layer_profile = three_layers();
  const std::string with = result::serialize_result(result);
  EXPECT_NE(with.find("\"median_ms\": null"), std::string::npos) << with;
  EXPECT_EQ(result::parse_result(with), result);
  EXPECT_NE(summary_markdown(result).find("## Per-layer profile\n"), std::string::npos);
}

}  // namespace
}  // namespace ib::report
