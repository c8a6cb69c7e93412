#include "report/text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace ib::report {
namespace {

using Lines = std::vector<std::string>;

TEST(FormatBytes, AdaptiveUnitsWithThreeSignificantDigits) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(999), "999 B");
  EXPECT_EQ(format_bytes(1000), "1.00 kB");
  EXPECT_EQ(format_bytes(1'600'000), "1.60 MB");  // was "0 MB" / "2 MB" with whole megabytes
  EXPECT_EQ(format_bytes(16'384'000), "16.4 MB");
  EXPECT_EQ(format_bytes(287'000'000), "287 MB");
  EXPECT_EQ(format_bytes(999'700), "1.00 MB");  // rounds up into the next unit, not "1000 kB"
  EXPECT_EQ(format_bytes(9'996'000), "10.0 MB");
  EXPECT_EQ(format_bytes(80'000'000'000), "80.0 GB");
  EXPECT_EQ(format_bytes(-2'500'000), "-2.50 MB");  // a memory delta that shrank
  EXPECT_EQ(format_bytes(2.5e18), "2500 PB");
  EXPECT_EQ(format_bytes(NAN), "-");
}

TEST(TextColumns, CountsCharactersNotBytes) {
  EXPECT_EQ(text_columns(""), 0u);
  EXPECT_EQ(text_columns("abc"), 3u);
  EXPECT_EQ(text_columns("a·b"), 3u);   // '·' is two bytes
  EXPECT_EQ(text_columns("日本"), 2u);  // three bytes each
}

TEST(WrapText, BreaksAtSpacesWithinTheWidth) {
  EXPECT_EQ(wrap_text("abs_rel 0.0500, rmse 1.25, d1 0.970", 16),
            (Lines{"abs_rel 0.0500,", "rmse 1.25, d1", "0.970"}));
  EXPECT_EQ(wrap_text("fits exactly", 12), (Lines{"fits exactly"}));
  EXPECT_EQ(wrap_text("  many   spaces  ", 40), (Lines{"many spaces"}));
  EXPECT_EQ(wrap_text("", 10), Lines{});
  EXPECT_EQ(wrap_text("   ", 10), Lines{});
}

TEST(WrapText, CutsALongWordAfterItsOwnSeparatorOrBetweenCharacters) {
  EXPECT_EQ(wrap_text("depth_anything_v2_vitl14_fp16", 20), (Lines{"depth_anything_v2_", "vitl14_fp16"}));
  EXPECT_EQ(wrap_text("abcdefghij", 4), (Lines{"abcd", "efgh", "ij"}));
  EXPECT_EQ(wrap_text("x abcdefghij y", 4), (Lines{"x", "abcd", "efgh", "ij y"}));
}

TEST(WrapText, NeverCutsInsideAUtf8Sequence) {
  // Six two-byte characters: a byte-based cut at 3 would split the second one.
  const Lines lines = wrap_text("ééééé·", 3);
  EXPECT_EQ(lines, (Lines{"ééé", "éé·"}));
  for (const auto& line : lines) EXPECT_EQ(text_columns(line), 3u);
}

TEST(WrapToWidth, UsesTheEstimatedWidthOfTheFont) {
  // A 9 pt digit is about 7.1 px: "0000000000" (about 71 px) fits 80 px, not 60.
  EXPECT_EQ(wrap_to_width("0000000000", 80, 9), (Lines{"0000000000"}));
  EXPECT_EQ(wrap_to_width("00000 00000", 60, 9), (Lines{"00000", "00000"}));
  EXPECT_LT(text_width_px("iiiii", 10), text_width_px("MMMMM", 10));
  EXPECT_NEAR(text_width_px("0000000000", 10), 79, 2);  // measured on pngcairo: 79 px
}

TEST(Shorten, KeepsBothEndsInWholeCharacters) {
  EXPECT_EQ(shorten("depth_anything_v2_vitl_fp16_b1", 20), "depth_an...l_fp16_b1");
  EXPECT_EQ(shorten("short", 20), "short");
  EXPECT_EQ(shorten("ééééééééé", 7), "éé...éé");
}

}  // namespace
}  // namespace ib::report

namespace ib::report {
namespace {

TEST(CsvField, QuotesOnlyWhatRfc4180Needs) {
  EXPECT_EQ(csv_field("resnet50"), "resnet50");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(csv_field("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csv_field(" padded"), "\" padded\"");  // a reader that trims would lose the space
  EXPECT_EQ(csv_field("padded "), "\"padded \"");
  EXPECT_EQ(csv_field("in side"), "in side");
}

TEST(CsvNumber, ShortestRoundTripAndEmptyWhenNotFinite) {
  EXPECT_EQ(csv_number(0.1), "0.1");
  EXPECT_EQ(csv_number(2.5e-7), "2.5e-07");
  EXPECT_EQ(csv_number(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(csv_number(-4), "-4");
  EXPECT_EQ(csv_number(NAN), "");
  EXPECT_EQ(csv_number(INFINITY), "");
}

TEST(MarkdownCell, EscapesWhatCouldEndTheCellOrBecomeMarkup) {
  EXPECT_EQ(markdown_cell("depth_anything_vits_fp32"), "depth_anything_vits_fp32");  // intraword '_' stays
  EXPECT_EQ(markdown_cell("a|b"), "a\\|b");
  EXPECT_EQ(markdown_cell("{ForeignNode[conv2...fc]}"), "{ForeignNode\\[conv2...fc\\]}");
  EXPECT_EQ(markdown_cell("<img src=x onerror=alert(1)>"), "\\<img src=x onerror=alert(1)\\>");
  EXPECT_EQ(markdown_cell("*bold* `code`"), "\\*bold\\* \\`code\\`");
  EXPECT_EQ(markdown_cell("_lead and trail_"), "\\_lead and trail\\_");
  EXPECT_EQ(markdown_cell("a _b_ c"), "a \\_b\\_ c");
  EXPECT_EQ(markdown_cell("back\\slash"), "back\\\\slash");
  EXPECT_EQ(markdown_cell("two\nlines\r\n"), "two lines  ");
  EXPECT_EQ(markdown_cell(""), "");
}

}  // namespace
}  // namespace ib::report
