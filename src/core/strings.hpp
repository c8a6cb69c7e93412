#pragma once
// Small text helpers shared by every parser.
#include <string_view>

namespace ib::core {

/// `text` without leading and trailing blanks (space, tab, CR, LF, FF, VT).
[[nodiscard]] inline std::string_view trim(std::string_view text) noexcept {
  constexpr std::string_view blanks = " \t\r\n\f\v";
  const std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

}  // namespace ib::core
