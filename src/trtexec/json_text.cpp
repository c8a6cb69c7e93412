#include "trtexec/json_text.hpp"

#include <fmt/format.h>

#include <cctype>
#include <string>

#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

[[nodiscard]] bool is_letter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

[[nodiscard]] bool is_non_finite_word(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "nan" || lower == "inf" || lower == "infinity";
}

// Copies `text`, replacing the nan/inf words outside strings by null, and checks the nesting depth, in one
// pass that never recurses.
[[nodiscard]] std::string sanitize(std::string_view text, std::size_t& replaced) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  bool escaped = false;
  std::size_t depth = 0;
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      out.push_back(c);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        throw ParseError(
            fmt::format("not valid JSON: nested deeper than {} levels (line {})", kMaxJsonDepth, line));
      }
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    } else if (is_letter(c) || (c == '-' && i + 1 < text.size() && is_letter(text[i + 1]))) {
      const std::size_t start = c == '-' ? i + 1 : i;
      std::size_t end = start;
      while (end < text.size() && is_letter(text[end])) ++end;
      if (is_non_finite_word(text.substr(start, end - start))) {
        out += "null";
        ++replaced;
      } else {
        out.append(text.substr(i, end - i));
      }
      i = end - 1;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

JsonText parse_json_text(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) throw ParseError("the file is empty");
  JsonText result;
  const std::string clean = sanitize(text, result.non_finite_words);
  try {
    result.value = nlohmann::ordered_json::parse(clean);
  } catch (const nlohmann::json::exception& error) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..." or
    // "[json.exception.out_of_range.406] number overflow parsing '1e999'".
    std::string reason = error.what();
    const std::size_t bracket = reason.find("] ");
    if (reason.starts_with("[json.exception") && bracket != std::string::npos) reason.erase(0, bracket + 2);
    throw ParseError("not valid JSON: " + reason);
  }
  return result;
}

const char* json_kind(const nlohmann::ordered_json& value) {
  switch (value.type()) {
    case nlohmann::ordered_json::value_t::object:
      return "an object";
    case nlohmann::ordered_json::value_t::array:
      return "an array";
    case nlohmann::ordered_json::value_t::string:
      return "a string";
    case nlohmann::ordered_json::value_t::boolean:
      return "true or false";
    case nlohmann::ordered_json::value_t::null:
      return "null";
    case nlohmann::ordered_json::value_t::number_integer:
    case nlohmann::ordered_json::value_t::number_unsigned:
    case nlohmann::ordered_json::value_t::number_float:
      return "a number";
    default:
      return "something else";
  }
}

WrappedArray sole_array_member(const nlohmann::ordered_json& value, const std::string& where,
                               std::string_view expected) {
  WrappedArray found;
  std::size_t arrays = 0;
  for (const auto& [key, member] : value.items()) {
    if (!member.is_array()) continue;
    ++arrays;
    found = {key, &member};
  }
  if (arrays != 1) {
    throw ParseError(
        fmt::format("{}is an object with {} array members; expected {}", where, arrays, expected));
  }
  return found;
}

}  // namespace ib::trtexec
