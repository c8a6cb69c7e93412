#include "trtexec/profile.hpp"

#include <gtest/gtest.h>

#include <string>

#include "fixtures.hpp"
#include "report/layer_profile.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

using testing::fixture;

void expect_parse_error(const std::string& text, const std::string& part) {
  try {
    (void)parse_profile(text);
    ADD_FAILURE() << "no error for: " << text;
  } catch (const ParseError& error) {
    EXPECT_NE(std::string(error.what()).find(part), std::string::npos) << error.what();
  }
}

TEST(trtexecProfile, TensorRT82HasNoMedian) {
  const Profile profile = parse_profile(fixture("profile_v8_2.json"));
  EXPECT_EQ(profile.iterations, 10);
  ASSERT_EQ(profile.layers.size(), 4u);
  EXPECT_EQ(profile.layers[0].name, "conv1 + relu1");
  EXPECT_DOUBLE_EQ(profile.layers[0].time_ms, 5);
  // The per-iteration time is averageMs (0.5), never the total timeMs (5) over 10 iterations.
  EXPECT_DOUBLE_EQ(profile.layers[0].average_ms, 0.5);
  EXPECT_FALSE(profile.layers[0].median_ms);
  EXPECT_DOUBLE_EQ(profile.layers[0].percentage, 25);
  EXPECT_TRUE(profile.notes.empty());
  // 0.5 + 0.8 + 0.1 + 0.6
  EXPECT_NEAR(report::total_average_ms(profile.layers), 2.0, 1e-12);
  const std::vector<LayerTime> ranked = report::by_average(profile.layers);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].name, "conv2");
  EXPECT_EQ(ranked[1].name, "fc");
  EXPECT_EQ(ranked[2].name, "conv1 + relu1");
  EXPECT_EQ(ranked[3].name, "pool");
}

TEST(trtexecProfile, TensorRT10HasMedianAndRepeatsAreDropped) {
  const Profile profile = parse_profile(fixture("profile_v10.json"));
  EXPECT_EQ(profile.iterations, 4);
  // Five entries, the last an exact repeat of the fourth.
  ASSERT_EQ(profile.layers.size(), 4u);
  EXPECT_EQ(profile.layers[3].name, "{ForeignNode[conv2...fc]}");
  ASSERT_TRUE(profile.layers[1].median_ms);
  EXPECT_DOUBLE_EQ(*profile.layers[1].median_ms, 1.9);
  // Shares recomputed from timeMs after the repeat went: 0.4, 8, 1.6, 10 of 20 -> 2, 40, 8, 50 %.
  EXPECT_NEAR(profile.layers[0].percentage, 2, 1e-12);
  EXPECT_NEAR(profile.layers[1].percentage, 40, 1e-12);
  EXPECT_NEAR(profile.layers[2].percentage, 8, 1e-12);
  EXPECT_NEAR(profile.layers[3].percentage, 50, 1e-12);
  EXPECT_NEAR(report::total_average_ms(profile.layers), 5.0, 1e-12);  // 0.1 + 2 + 0.4 + 2.5
  bool noted = false;
  for (const std::string& note : profile.notes) noted = noted || note == "1 repeated entry removed";
  EXPECT_TRUE(noted);
  EXPECT_EQ(report::by_average(profile.layers).front().name, "{ForeignNode[conv2...fc]}");
}

TEST(trtexecProfile, NestedAndRepeatedProfileIsReadOnceAndSharedNamesAreNumbered) {
  const Profile profile = parse_profile(fixture("profile_nested.json"));
  EXPECT_EQ(profile.iterations, 2);
  ASSERT_EQ(profile.layers.size(), 3u);
  EXPECT_EQ(profile.layers[0].name, "conv");
  EXPECT_EQ(profile.layers[1].name, "conv [2]");  // a different layer with the same name
  EXPECT_DOUBLE_EQ(profile.layers[1].average_ms, 0.5);
  EXPECT_EQ(profile.layers[2].name, "relu");
  EXPECT_NEAR(report::total_average_ms(profile.layers), 2.0, 1e-12);
  // Ties keep the file's order.
  const std::vector<LayerTime> ranked = report::by_average(profile.layers);
  EXPECT_EQ(ranked[1].name, "conv [2]");
  EXPECT_EQ(ranked[2].name, "relu");
  std::string notes;
  for (const std::string& note : profile.notes) notes += note + "\n";
  EXPECT_NE(notes.find("under 'profile'"), std::string::npos) << notes;
  EXPECT_NE(notes.find("appears 2 times"), std::string::npos) << notes;
  EXPECT_NE(notes.find("share a name"), std::string::npos) << notes;
}

TEST(trtexecProfile, NanShareOfAZeroTotalIsTolerated) {
  const Profile profile = parse_profile(fixture("profile_nan.json"));
  ASSERT_EQ(profile.layers.size(), 1u);
  EXPECT_DOUBLE_EQ(profile.layers[0].percentage, 0);
  EXPECT_DOUBLE_EQ(profile.layers[0].average_ms, 0);
}

TEST(trtexecProfile, MissingValuesAreDerivedFromTheCount) {
  // averageMs = timeMs / count = 6 / 3; timeMs = averageMs * count = 0.5 * 3; shares 6 and 1.5 of 7.5.
  const Profile profile =
      parse_profile(R"([{"count": 3}, {"name": "a", "timeMs": 6}, {"name": "b", "averageMs": 0.5}])");
  ASSERT_EQ(profile.layers.size(), 2u);
  EXPECT_DOUBLE_EQ(profile.layers[0].average_ms, 2);
  EXPECT_DOUBLE_EQ(profile.layers[1].time_ms, 1.5);
  EXPECT_NEAR(profile.layers[0].percentage, 80, 1e-12);
  EXPECT_NEAR(profile.layers[1].percentage, 20, 1e-12);
}

TEST(trtexecProfile, ErrorsNameTheElementAndKey) {
  expect_parse_error("[]", "holds no layers");
  expect_parse_error(R"([{"count": 5}])", "only the iteration count");
  expect_parse_error(R"([{"count": 0}, {"name": "a", "averageMs": 1}])", "'count' must be a whole number");
  expect_parse_error(R"([{"count": 2.5}, {"name": "a", "averageMs": 1}])", "'count' must be a whole number");
  expect_parse_error(R"([{"count": 2}, 7])", "element 1 (counting from 0) is a number");
  expect_parse_error(R"([{"count": 2}, {"timeMs": 1}])", "element 1 (counting from 0) has neither 'name'");
  expect_parse_error(R"([{"count": 2}, {"name": 3, "timeMs": 1}])", "'name' is a number");
  expect_parse_error(R"([{"name": "a", "timeMs": 1}])", "no averageMs, and no timeMs and count");
  expect_parse_error(R"([{"count": 2}, {"name": "a", "averageMs": "1"}])", "'averageMs' is a string");
  expect_parse_error(R"([{"count": 2}, {"name": "a", "averageMs": -1}])",
                     "expected a time or share of 0 or more");
  expect_parse_error(
      R"([{"count": 2}, {"name": "a", "averageMs": 1}, {"count": 3}, {"name": "a", "averageMs": 2}])",
      "2 different profiles");
  expect_parse_error(R"("profile")", "is a string");
  expect_parse_error(fixture("times_v10.json"), "has neither 'name'");
}

}  // namespace
}  // namespace ib::trtexec
