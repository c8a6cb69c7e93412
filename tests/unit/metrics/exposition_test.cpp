// The metrics model rendered in both text formats and read back by a parser of the formats' grammar
// (tests/support/prometheus_text.hpp): names, types, units, escaping of hostile label values, special values.
#include "metrics/exposition.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "../../support/prometheus_text.hpp"

namespace ib::metrics {
namespace {

using ib::testing::parse_exposition;

constexpr const char* kHostile = "a\"b\\c\nd} x{y=\"1\"} 2";

std::vector<Family> sample_families() {
  Family latency{
      "ib_latency_seconds", MetricType::summary, "seconds", "Latency \\ with \"quotes\"\nand a line", {}};
  const std::vector<Label> labels = {{"model", kHostile}, {"backend", "fake"}};
  auto with = [&](Label extra) {
    auto out = labels;
    out.push_back(std::move(extra));
    return out;
  };
  latency.samples = {{"", with({"quantile", "0.5"}), 0.001},
                     {"", with({"quantile", "0.99"}), 0.0025},
                     {"_sum", labels, 0.5},
                     {"_count", labels, 400}};
  Family count{"ib_inferences", MetricType::counter, "", "Inferences", {{"_total", labels, 400}}};
  Family power{"ib_power_watts", MetricType::gauge, "watts", "Power", {{"", labels, NAN}}};
  Family empty{"ib_nothing", MetricType::gauge, "", "Never sampled", {}};
  Family ratio{"ib_util_ratio", MetricType::gauge, "ratio", "Util", {{"", labels, INFINITY}}};
  return {latency, count, power, empty, ratio};
}

TEST(Exposition, LabelValuesEscapeBackslashQuoteAndLineFeed) {
  EXPECT_EQ(escape_label_value(kHostile), "a\\\"b\\\\c\\nd} x{y=\\\"1\\\"} 2");
}

TEST(Exposition, ClassicFormatParsesBackWithItsValuesAndTypes) {
  const std::string text = render(sample_families(), Format::prometheus);
  const auto parsed = parse_exposition(text, false);
  ASSERT_EQ(parsed.families.size(), 4u);  // the empty family is left out
  EXPECT_EQ(parsed.family("ib_latency_seconds")->type, "summary");
  EXPECT_EQ(parsed.family("ib_inferences_total")->type, "counter");
  EXPECT_EQ(parsed.family("ib_latency_seconds")->help, "Latency \\\\ with \"quotes\"\\nand a line");
  EXPECT_EQ(parsed.value("ib_latency_seconds", {{"quantile", "0.99"}, {"model", kHostile}}), 0.0025);
  EXPECT_EQ(parsed.value("ib_latency_seconds_count"), 400);
  EXPECT_EQ(parsed.value("ib_inferences_total", {{"backend", "fake"}}), 400);
  EXPECT_TRUE(std::isnan(parsed.value("ib_power_watts")));
  EXPECT_EQ(parsed.value("ib_util_ratio"), INFINITY);
  EXPECT_EQ(text.find("# UNIT"), std::string::npos);
  EXPECT_EQ(text.find("# EOF"), std::string::npos);
}

TEST(Exposition, OpenMetricsHasUnitsCounterFamiliesWithoutTotalAndEof) {
  const std::string text = render(sample_families(), Format::openmetrics);
  const auto parsed = parse_exposition(text, true);
  EXPECT_EQ(parsed.family("ib_inferences")->type, "counter");
  EXPECT_EQ(parsed.family("ib_inferences")->samples.front().name, "ib_inferences_total");
  EXPECT_EQ(parsed.family("ib_latency_seconds")->unit, "seconds");
  EXPECT_EQ(parsed.family("ib_power_watts")->unit, "watts");
  EXPECT_EQ(parsed.value("ib_latency_seconds_sum"), 0.5);
  EXPECT_EQ(text.substr(text.size() - 6), "# EOF\n");
  // Each format is wrong for the other's parser.
  EXPECT_THROW((void)parse_exposition(text, false), std::runtime_error);
  EXPECT_THROW((void)parse_exposition(render(sample_families(), Format::prometheus), true),
               std::runtime_error);
}

TEST(Exposition, TheParserRefusesWhatAScraperRefuses) {
  for (const char* bad :
       {"x{a=\"1\"} 1\nx{a=\"1\"} 2\n", "x{a=\"1\",a=\"2\"} 1\n", "x{a=\"\\t\"} 1\n", "x 1\ny 1\nx 2\n",
        "# TYPE x gauge\n# TYPE x gauge\nx 1\n", "x one\n", "9x 1\n", "x{a=1} 1\n", "x 1",
        "# TYPE x summary\nx{quantile=\"1.5\"} 1\n", "# TYPE x_total counter\nx_total -1\n"}) {
    EXPECT_THROW((void)parse_exposition(bad, false), std::runtime_error) << bad;
  }
  EXPECT_NO_THROW((void)parse_exposition("# a comment\nx{a=\"\\\\\\n\\\"\"} 1 1700000000000\n", false));
}

TEST(Exposition, NegotiationFollowsTheAcceptHeader) {
  EXPECT_EQ(negotiate("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
            Format::openmetrics);
  EXPECT_EQ(negotiate("text/plain"), Format::prometheus);
  EXPECT_EQ(negotiate(""), Format::prometheus);
  EXPECT_EQ(content_type(Format::prometheus), "text/plain; version=0.0.4; charset=utf-8");
}

TEST(Exposition, MergingKeepsOneFamilyPerName) {
  auto families = sample_families();
  auto second = sample_families();
  for (auto& f : second) {
    for (auto& s : f.samples) s.labels.front().value = "other";
  }
  families.insert(families.end(), second.begin(), second.end());
  const auto merged = merge_families(families);
  ASSERT_EQ(merged.size(), 5u);
  EXPECT_EQ(merged.front().samples.size(), 8u);
  EXPECT_NO_THROW((void)parse_exposition(render(merged, Format::openmetrics), true));
}

}  // namespace
}  // namespace ib::metrics
