#include "core/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ib::core {
namespace {

TEST(Trim, DropsAsciiWhitespaceAtBothEndsOnly) {
  EXPECT_EQ(trim("  123456 kB\n"), "123456 kB");
  EXPECT_EQ(trim("\t\r\n\v\fx y\f\v\n\r\t"), "x y");
  EXPECT_EQ(trim("none"), "none");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t\r\n"), "");
}

TEST(Trim, ReturnsAViewIntoTheText) {
  const std::string text = "  model name : x  ";
  const std::string_view trimmed = trim(text);
  EXPECT_EQ(trimmed.data(), text.data() + 2);
  EXPECT_EQ(trimmed.size(), text.size() - 4);
}

}  // namespace
}  // namespace ib::core
