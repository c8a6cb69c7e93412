#pragma once
// JSON as trtexec writes it. trtexec prints its JSON with iostreams, so a division by zero (a layer share of
// a zero total, say) comes out as the bare words nan, -nan or inf, which no JSON parser accepts. We read
// those words (outside strings) as null and count them, so the caller can say so instead of failing on a file
// trtexec considers fine. Everything else must be strict JSON.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ib::trtexec {

/// Deeper nesting than this is refused: trtexec's files are two levels deep, wrappers add one or two, and a
/// garbled file of a million '[' must not exhaust the stack.
inline constexpr std::size_t kMaxJsonDepth = 64;

struct JsonText {
  nlohmann::ordered_json value;
  std::size_t non_finite_words = 0;  ///< nan / inf words read as null
};

/// Parses `text`. Throws ParseError with the reason ("empty", "not valid JSON: parse error at line 3, column
/// 7: ...", "nested deeper than 64 levels").
[[nodiscard]] JsonText parse_json_text(std::string_view text);

/// "an object", "an array", "a string", "a number", "true or false", "null": for messages.
[[nodiscard]] const char* json_kind(const nlohmann::ordered_json& value);

/// A wrapper object around the list trtexec writes: its only array member.
struct WrappedArray {
  std::string key;
  const nlohmann::ordered_json* array = nullptr;
};

/// The only array member of the object `value`. Throws ParseError "<where>is an object with N array members;
/// expected <expected>" when there is not exactly one.
[[nodiscard]] WrappedArray sole_array_member(const nlohmann::ordered_json& value, const std::string& where,
                                             std::string_view expected);

}  // namespace ib::trtexec
