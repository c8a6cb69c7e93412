#include "report/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace ib::report {
namespace {

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Byte offset where the character after the first `columns` characters of `text` starts (text.size() when
// there are fewer).
std::size_t byte_offset(std::string_view text, std::size_t columns) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (continuation(text[i])) continue;
    if (seen == columns) return i;
    ++seen;
  }
  return text.size();
}

// The longest start of `word` that measures at most `limit` (at least one character, so a line always
// advances), as a byte count at a character boundary.
template <typename Measure>
std::size_t fitting_prefix(std::string_view word, double limit, const Measure& measure) {
  std::size_t fit = byte_offset(word, 1);
  for (std::size_t columns = 2; byte_offset(word, columns - 1) < word.size(); ++columns) {
    const std::size_t end = byte_offset(word, columns);
    if (measure(word.substr(0, end)) > limit) break;
    fit = end;
  }
  // A name reads better cut after one of its own separators ("depth_anything_v2_" / "vitl_fp16") than in
  // the middle of a part, unless that leaves the line less than half full.
  const std::size_t separator = word.substr(0, fit).find_last_of("_-/.");
  if (separator != std::string_view::npos && fit < word.size() && (separator + 1) * 2 >= fit)
    return separator + 1;
  return fit;
}

// Greedy wrapping at spaces; a word wider than a line is cut between characters.
template <typename Measure>
std::vector<std::string> wrap(std::string_view text, double limit, const Measure& measure) {
  std::vector<std::string> lines;
  std::string line;
  while (!text.empty()) {
    const std::size_t start = text.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    text.remove_prefix(start);
    std::string_view word = text.substr(0, std::min(text.find(' '), text.size()));
    text.remove_prefix(word.size());
    const std::string joined = line.empty() ? std::string(word) : line + ' ' + std::string(word);
    if (measure(joined) <= limit) {
      line = joined;
      continue;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    while (measure(word) > limit) {
      const std::size_t cut = fitting_prefix(word, limit, measure);
      lines.emplace_back(word.substr(0, cut));
      word.remove_prefix(cut);
    }
    line = word;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

bool alphanumeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

}  // namespace

std::string csv_field(std::string_view text) {
  const bool padded = !text.empty() && (text.front() == ' ' || text.back() == ' ');
  if (text.find_first_of(",\"\r\n") == std::string_view::npos && !padded) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_number(double value) {
  return std::isfinite(value) ? fmt::format("{}", value) : std::string();
}

std::string markdown_cell(std::string_view text) {
  constexpr std::string_view kMarkup = "|\\`*<>[]";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    const bool intraword = i > 0 && i + 1 < text.size() && alphanumeric(text[i - 1]) && alphanumeric(text[i + 1]);
    if (kMarkup.find(c) != std::string_view::npos || (c == '_' && !intraword)) out += '\\';
    out += c;
  }
  return out;
}

std::string format_bytes(double bytes) {
  if (!std::isfinite(bytes)) return "-";
  static constexpr std::array<const char*, 6> kUnits{"B", "kB", "MB", "GB", "TB", "PB"};
  const char* sign = bytes < 0 ? "-" : "";
  double value = std::abs(bytes);
  if (value < 1000) return fmt::format("{}{:.0f} B", sign, value);
  std::size_t unit = 0;
  while (value >= 1000 && unit + 1 < kUnits.size()) {
    value /= 1000;
    ++unit;
  }
  // Three significant digits; a value that rounds up to 1000 (999.7 kB) moves to the next unit.
  if (value >= 999.5 && unit + 1 < kUnits.size()) {
    value /= 1000;
    ++unit;
  }
  const int decimals = value < 9.995 ? 2 : (value < 99.95 ? 1 : 0);
  return fmt::format("{}{:.{}f} {}", sign, value, decimals, kUnits[unit]);
}

std::size_t text_columns(std::string_view text) {
  std::size_t columns = 0;
  for (const char c : text) {
    if (!continuation(c)) ++columns;
  }
  return columns;
}

double text_width_px(std::string_view text, double font_pt) {
  // pngcairo draws DejaVu Sans (Debian's "Sans") at about 1.24 px per pt (a 10 pt '0' advances 7.9 px);
  // advance widths in em by class of character, rounded up from the font's metrics.
  constexpr double kPixelsPerPoint = 1.24;
  const auto em = [](char c) {
    if (std::string_view(" .,:;'|!ijl").find(c) != std::string_view::npos) return 0.34;
    if (std::string_view("ftr()[]-/_I\"").find(c) != std::string_view::npos) return 0.45;
    if (std::string_view("mwMW@%").find(c) != std::string_view::npos) return 0.99;
    if (c >= 'A' && c <= 'Z') return 0.78;
    return 0.64;  // digits, the other lowercase letters, the rest of ASCII
  };
  double width = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      width += em(c);
    } else if (!continuation(c)) {
      width += 1.0;  // any other character: as wide as the widest letters
    }
  }
  return width * font_pt * kPixelsPerPoint;
}

std::vector<std::string> wrap_text(std::string_view text, std::size_t max_columns) {
  return wrap(text, static_cast<double>(std::max<std::size_t>(max_columns, 1)),
              [](std::string_view piece) { return static_cast<double>(text_columns(piece)); });
}

std::vector<std::string> wrap_to_width(std::string_view text, double width_px, double font_pt) {
  return wrap(text, width_px, [font_pt](std::string_view piece) { return text_width_px(piece, font_pt); });
}

std::string shorten(std::string_view text, std::size_t limit) {
  const std::size_t columns = text_columns(text);
  if (columns <= limit) return std::string(text);
  if (limit <= 3) return std::string(text.substr(0, byte_offset(text, limit)));
  const std::size_t head = (limit - 3) / 2;
  const std::size_t tail = limit - 3 - head;
  return fmt::format("{}...{}", text.substr(0, byte_offset(text, head)),
                     text.substr(byte_offset(text, columns - tail)));
}

}  // namespace ib::report
