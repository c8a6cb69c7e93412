#include "suite/sweep_select.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "inferbench/errors.hpp"

namespace ib::suite {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool measured(const SweepPoint& p) { return p.items_per_s.has_value() && *p.items_per_s > 0; }

}  // namespace

const char* outcome_name(PointOutcome outcome) {
  switch (outcome) {
    case PointOutcome::ok: return "ok";
    case PointOutcome::out_of_memory: return "out_of_memory";
    case PointOutcome::over_memory_budget: return "over_memory_budget";
    case PointOutcome::over_latency_budget: return "over_latency_budget";
    case PointOutcome::failed: return "failed";
    case PointOutcome::skipped: return "skipped";
    case PointOutcome::interrupted: return "interrupted";
  }
  return "failed";
}

PointOutcome judge(const SweepPoint& point, const Budgets& budgets) {
  if (budgets.memory_bytes && point.memory_bytes && *point.memory_bytes > *budgets.memory_bytes)
    return PointOutcome::over_memory_budget;
  if (budgets.latency_ms && point.p99_ms && *point.p99_ms > *budgets.latency_ms) return PointOutcome::over_latency_budget;
  return PointOutcome::ok;
}

std::optional<std::size_t> best_point(std::span<const SweepPoint> points) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].outcome != PointOutcome::ok || !measured(points[i])) continue;
    if (!best || *points[i].items_per_s > *points[*best].items_per_s ||
        (*points[i].items_per_s == *points[*best].items_per_s && points[i].batch < points[*best].batch))
      best = i;
  }
  return best;
}

std::optional<std::size_t> knee_point(std::span<const SweepPoint> points, double min_gain) {
  std::vector<std::size_t> curve;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (measured(points[i])) curve.push_back(i);
  }
  for (std::size_t k = 0; k + 1 < curve.size(); ++k) {
    const SweepPoint& a = points[curve[k]];
    const SweepPoint& b = points[curve[k + 1]];
    if (b.batch <= a.batch) continue;
    const double doublings = std::log2(static_cast<double>(b.batch) / static_cast<double>(a.batch));
    const double gain = std::pow(*b.items_per_s / *a.items_per_s, 1.0 / doublings) - 1.0;
    if (gain < min_gain) return curve[k];
  }
  return std::nullopt;
}

bool is_out_of_memory(std::string_view message) {
  const std::string text = lower(message);
  constexpr std::array<std::string_view, 6> kSigns{"out of memory", "cudaerrormemoryallocation", "alloc_failed",
                                                   "std::bad_alloc", "could not be allocated", "outofmemoryerror"};
  return std::any_of(kSigns.begin(), kSigns.end(), [&](std::string_view sign) { return text.find(sign) != std::string::npos; });
}

std::uint64_t parse_bytes(const std::string& text, const char* flag) {
  double value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const auto [rest, error] = std::from_chars(begin, end, value);
  std::string unit = lower(std::string_view(rest, static_cast<std::size_t>(end - rest)));
  std::erase(unit, ' ');
  constexpr std::array<std::pair<std::string_view, double>, 13> kUnits{
      {{"", 1}, {"b", 1}, {"k", 0x1p10}, {"kib", 0x1p10}, {"kb", 1e3}, {"m", 0x1p20}, {"mib", 0x1p20}, {"mb", 1e6},
       {"g", 0x1p30}, {"gib", 0x1p30}, {"gb", 1e9}, {"tib", 0x1p40}, {"tb", 1e12}}};
  const auto unit_it = std::find_if(kUnits.begin(), kUnits.end(), [&](const auto& u) { return u.first == unit; });
  const double bytes = unit_it == kUnits.end() ? -1 : value * unit_it->second;
  if (error != std::errc{} || rest == begin || !(bytes >= 1 && bytes < 0x1p63))
    throw core::InputError(fmt::format("bad {} '{}' (expected a size such as 12GiB, 800MiB or 16GB)", flag, text));
  return static_cast<std::uint64_t>(bytes);
}

std::vector<std::int64_t> parse_count_list(const std::string& text, const char* flag) {
  std::vector<std::int64_t> values;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (error != std::errc{} || end != item.data() + item.size() || value < 1 || (!values.empty() && value <= values.back()))
      throw core::InputError(fmt::format("bad {} '{}' (expected increasing whole numbers from 1, e.g. 1,2,4,8)", flag, text));
    values.push_back(value);
    if (comma == std::string::npos) return values;
    start = comma + 1;
  }
}

}  // namespace ib::suite
