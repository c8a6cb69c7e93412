#include "plan/values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <filesystem>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "core/text.hpp"
#include "inferbench/errors.hpp"

namespace ib::plan {
namespace {

using core::trim;

[[noreturn]] void throw_bad_percentiles(const std::string& text, std::string_view token,
                                        std::string_view why) {
  std::string message = "bad --percentiles '" + text + "': ";
  if (!token.empty()) message.append("'").append(token).append("' ");
  message.append(why).append(
      " (expected numbers from 0 to 100 separated by commas or spaces, e.g. 50,90,99)");
  throw core::InputError(message);
}

}  // namespace

std::vector<double> parse_percentiles(const std::string& text) {
  std::vector<double> values;
  const std::string_view all = text;
  if (trim(all).empty()) throw_bad_percentiles(text, {}, "no value given");

  // A comma ends an item; inside an item, blanks separate further values. So "50,90", "50 90" and "50, 90"
  // all work, while "50,,90" and a trailing comma are reported instead of silently dropping a value.
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = all.find(',', start);
    const std::string_view item =
        trim(all.substr(start, comma == std::string_view::npos ? all.npos : comma - start));
    if (item.empty()) throw_bad_percentiles(text, {}, "has an empty value between commas");
    std::size_t pos = 0;
    while (pos < item.size()) {
      const std::size_t blank = std::min(item.find_first_of(" \t\r\n\f\v", pos), item.size());
      const std::string_view token = item.substr(pos, blank - pos);
      double value = 0;
      const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (ec != std::errc{} || ptr != token.data() + token.size()) {
        throw_bad_percentiles(text, token, "is not a number");
      }
      if (!(value >= 0.0 && value <= 100.0)) {
        throw_bad_percentiles(text, token, "is outside 0..100");
      }
      // A repeated percentile would be one key in the result, so the summary could not round-trip.
      if (std::find(values.begin(), values.end(), value) != values.end()) {
        throw_bad_percentiles(text, token, "is given twice");
      }
      values.push_back(value);
      pos = item.find_first_not_of(" \t\r\n\f\v", blank);
      if (pos == std::string_view::npos) break;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return values;
}

SyncMode parse_sync_mode(const std::string& text) {
  if (text == "auto") return SyncMode::automatic;
  if (text == "block") return SyncMode::block;
  if (text == "spin") return SyncMode::spin;
  if (text == "yield") return SyncMode::yield;
  throw core::InputError("bad --sync '" + text + "' (expected auto, block, spin or yield)");
}

TelemetryMode parse_telemetry_mode(const std::string& text) {
  if (text == "separate") return TelemetryMode::separate;
  if (text == "concurrent") return TelemetryMode::concurrent;
  if (text == "off") return TelemetryMode::off;
  throw core::InputError("bad --telemetry '" + text + "' (expected separate, concurrent or off)");
}

std::vector<core::DType> parse_dtype_list(const std::string& text) {
  std::vector<core::DType> dtypes;
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    dtypes.push_back(core::parse_dtype(text.substr(start, comma - start)));
    if (comma == std::string::npos) return dtypes;
    start = comma + 1;
  }
}

std::array<float, 3> parse_triple(const std::string& text, const char* flag) {
  std::array<float, 3> values{};
  std::size_t start = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::size_t comma = text.find(',', start);
    if ((i < 2) != (comma != std::string::npos)) break;
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    try {
      std::size_t used = 0;
      values[i] = std::stof(item, &used);
      if (used != item.size() || !std::isfinite(values[i])) break;
    } catch (const std::exception&) {
      break;
    }
    if (i == 2) return values;
    start = comma + 1;
  }
  throw core::InputError(std::string("bad ") + flag + " '" + text + "' (expected three numbers, e.g. 0.5,0.5,0.5)");
}

ModelArg parse_model_arg(const std::string& text) {
  const std::size_t at = text.rfind('@');
  if (at == std::string::npos || at == 0) return {text, std::nullopt};
  const std::string suffix = text.substr(at + 1);
  std::error_code error;
  if (std::filesystem::exists(text, error) || suffix.find('/') != std::string::npos) return {text, std::nullopt};
  if (suffix != "fp32" && suffix != "fp16" && suffix != "bf16") {
    throw core::InputError(
        fmt::format("--model {}: unknown precision '@{}' (expected @fp32, @fp16 or @bf16)", text, suffix));
  }
  return {text.substr(0, at), core::parse_dtype(suffix)};
}

}  // namespace ib::plan
