#include "trtexec/times.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "trtexec/json_text.hpp"
#include "trtexec/parse_error.hpp"
#include "stats/summary.hpp"

namespace ib::trtexec {
namespace {

using Json = nlohmann::ordered_json;

enum class Layout { v8, v7_1, v7_0 };

// Where one stage's per-record value comes from, decided once from the first record so that every record is
// read the same way.
struct Source {
  enum class Kind { none, duration, stamps, sum };
  Kind kind = Kind::none;
  const char* key = nullptr;  ///< duration key
  const char* start = nullptr;
  const char* end = nullptr;
};

struct StageKeys {
  const char* duration;  ///< nullptr: this layout has no written duration for the stage
  const char* start;     ///< nullptr: no timestamps
  const char* end;
};

[[nodiscard]] bool has(const Json& record, const char* key) {
  return key != nullptr && record.contains(key);
}

[[nodiscard]] Source choose(const Json& first, StageKeys keys) {
  if (has(first, keys.duration)) return {Source::Kind::duration, keys.duration, nullptr, nullptr};
  if (has(first, keys.start) && has(first, keys.end))
    return {Source::Kind::stamps, nullptr, keys.start, keys.end};
  return {};
}

[[nodiscard]] std::string record_at(std::size_t index) {
  return fmt::format("record {} (counting from 0)", index);
}

[[nodiscard]] double number(const Json& record, std::size_t index, const char* key) {
  const auto found = record.find(key);
  if (found == record.end()) {
    throw ParseError(fmt::format("{} has no '{}', which record 0 has", record_at(index), key));
  }
  if (found->is_null()) {
    throw ParseError(fmt::format("{}: '{}' is not a number (nan, inf or null)", record_at(index), key));
  }
  if (!found->is_number()) {
    throw ParseError(fmt::format("{}: '{}' is {}, expected a number of milliseconds", record_at(index), key,
                                 json_kind(*found)));
  }
  const double value = found->get<double>();
  if (!std::isfinite(value)) {
    throw ParseError(fmt::format("{}: '{}' is out of range", record_at(index), key));
  }
  return value;
}

[[nodiscard]] double duration(const Json& record, std::size_t index, const Source& source) {
  if (source.kind == Source::Kind::duration) {
    const double value = number(record, index, source.key);
    if (value < 0) {
      throw ParseError(fmt::format("{}: '{}' is negative ({})", record_at(index), source.key, value));
    }
    return value;
  }
  const double start = number(record, index, source.start);
  const double end = number(record, index, source.end);
  if (end < start) {
    throw ParseError(fmt::format("{}: '{}' ({}) is before '{}' ({})", record_at(index), source.end, end,
                                 source.start, start));
  }
  return end - start;
}

// The records, in order: the top-level array, or the arrays of an array of arrays one after another (one per
// stream), or the only array member of an object.
void collect(const Json& value, std::vector<const Json*>& records, std::vector<std::string>& notes,
             const std::string& where) {
  if (value.is_array()) {
    if (value.empty()) return;
    const bool nested = value.front().is_array();
    for (std::size_t i = 0; i < value.size(); ++i) {
      const Json& item = value[i];
      if (nested != item.is_array()) {
        throw ParseError(fmt::format("{}element {} is {} but element 0 is {}", where, i, json_kind(item),
                                     json_kind(value.front())));
      }
      if (nested) {
        collect(item, records, notes, fmt::format("{}list {}: ", where, i));
      } else {
        if (!item.is_object()) {
          throw ParseError(fmt::format("{}element {} is {}, expected an object of timings per inference",
                                       where, i, json_kind(item)));
        }
        records.push_back(&item);
      }
    }
    if (nested && where.empty()) {
      notes.push_back(
          fmt::format("the records came in {} lists (one per stream); read one after another", value.size()));
    }
    return;
  }
  if (value.is_object()) {
    const auto [name, only] = sole_array_member(
        value, where,
        "the array of per-inference records trtexec writes (or an object holding exactly one such array)");
    notes.push_back(fmt::format("the records were read from the array under '{}'", name));
    collect(*only, records, notes, fmt::format("{}'{}': ", where, name));
    return;
  }
  throw ParseError(fmt::format("{}is {}, expected the array of per-inference records trtexec writes", where,
                               json_kind(value)));
}

[[nodiscard]] Layout detect(const Json& first) {
  for (const char* key : {"startH2dMs", "endH2dMs", "h2dMs", "startD2hMs", "endD2hMs", "d2hMs"}) {
    if (first.contains(key)) return Layout::v8;
  }
  for (const char* key : {"startInMs", "endInMs", "inMs", "startOutMs", "endOutMs", "outMs"}) {
    if (first.contains(key)) return first.contains("startEnqMs") ? Layout::v7_1 : Layout::v7_0;
  }
  return Layout::v8;
}

template <typename T>
void keep_only(std::vector<T>& values, const std::vector<bool>& keep) {
  if (values.empty()) return;
  std::size_t out = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (keep[i]) values[out++] = values[i];
  }
  values.resize(out);
}

}  // namespace

std::size_t Times::records() const {
  std::size_t n = 0;
  for (const auto* series : {&latency_ms, &gpu_compute_ms, &enqueue_ms, &h2d_ms, &d2h_ms, &end_to_end_ms,
                             &start_ms, &end_ms, &compute_start_ms}) {
    n = std::max(n, series->size());
  }
  return n;
}

std::vector<NamedSeries> present_series(const Times& times) {
  std::vector<NamedSeries> out;
  const std::array<NamedSeries, 6> all = {{{"latency_ms", &times.latency_ms},
                                           {"gpu_compute_ms", &times.gpu_compute_ms},
                                           {"enqueue_ms", &times.enqueue_ms},
                                           {"h2d_ms", &times.h2d_ms},
                                           {"d2h_ms", &times.d2h_ms},
                                           {"end_to_end_ms", &times.end_to_end_ms}}};
  for (const NamedSeries& series : all) {
    if (!series.values->empty()) out.push_back(series);
  }
  return out;
}

Times parse_times(std::string_view text) {
  const JsonText json = parse_json_text(text);
  Times times;
  std::vector<const Json*> records;
  collect(json.value, records, times.notes, "");
  if (records.empty()) throw ParseError("holds no inference records (an empty list)");
  const Json& first = *records.front();

  const Layout layout = detect(first);
  StageKeys enqueue{}, h2d{}, d2h{};
  std::vector<const char*> starts;
  std::vector<const char*> ends;
  switch (layout) {
    case Layout::v8:
      times.layout = "TensorRT 8.0+";
      enqueue = {"enqueueMs", "startEnqMs", "endEnqMs"};
      h2d = {"h2dMs", "startH2dMs", "endH2dMs"};
      d2h = {"d2hMs", "startD2hMs", "endD2hMs"};
      starts = {"startEnqMs", "startH2dMs", "startComputeMs", "startD2hMs"};
      ends = {"endEnqMs", "endH2dMs", "endComputeMs", "endD2hMs"};
      break;
    case Layout::v7_1:
      // 7.1 and 7.2 wrote the H2D times under the Enq keys and the enqueue times under the In keys.
      times.layout = "TensorRT 7.1/7.2";
      enqueue = {"enqueueMs", "startInMs", "endInMs"};
      h2d = {"inMs", "startEnqMs", "endEnqMs"};
      d2h = {"outMs", "startOutMs", "endOutMs"};
      starts = {"startEnqMs", "startInMs", "startComputeMs", "startOutMs"};
      ends = {"endEnqMs", "endInMs", "endComputeMs", "endOutMs"};
      break;
    case Layout::v7_0:
      times.layout = "TensorRT 7.0";
      enqueue = {"enqueueMs", nullptr, nullptr};
      h2d = {"inMs", "startInMs", "endInMs"};
      d2h = {"outMs", "startOutMs", "endOutMs"};
      starts = {"startInMs", "startComputeMs", "startOutMs"};
      ends = {"endInMs", "endComputeMs", "endOutMs"};
      break;
  }
  const StageKeys compute{"computeMs", "startComputeMs", "endComputeMs"};

  const Source enqueue_source = choose(first, enqueue);
  const Source h2d_source = choose(first, h2d);
  const Source compute_source = choose(first, compute);
  const Source d2h_source = choose(first, d2h);
  const Source e2e_source = choose(first, {"endToEndMs", nullptr, nullptr});
  Source latency_source = choose(first, {"latencyMs", nullptr, nullptr});
  if (latency_source.kind == Source::Kind::none && h2d_source.kind != Source::Kind::none &&
      compute_source.kind != Source::Kind::none && d2h_source.kind != Source::Kind::none) {
    latency_source.kind = Source::Kind::sum;  // trtexec's own definition of Latency
    times.notes.push_back("latency_ms is h2d_ms + gpu_compute_ms + d2h_ms (the file has no latencyMs)");
  }
  std::erase_if(starts, [&first](const char* key) { return !first.contains(key); });
  std::erase_if(ends, [&first](const char* key) { return !first.contains(key); });
  if (starts.empty() != ends.empty()) {
    throw ParseError("record 0 has start timestamps without end timestamps (or the reverse)");
  }
  const bool stamps = !starts.empty();
  if (!stamps) times.layout += ", no timestamps";

  const std::pair<const Source*, std::vector<double>*> stages[] = {{&compute_source, &times.gpu_compute_ms},
                                                                   {&enqueue_source, &times.enqueue_ms},
                                                                   {&h2d_source, &times.h2d_ms},
                                                                   {&d2h_source, &times.d2h_ms},
                                                                   {&e2e_source, &times.end_to_end_ms},
                                                                   {&latency_source, &times.latency_ms}};
  bool any = stamps;
  for (const auto& [source, values] : stages) {
    if (source->kind != Source::Kind::none) {
      any = true;
      values->reserve(records.size());
    }
  }
  if (!any) {
    std::string keys;
    for (const auto& [key, value] : first.items()) keys += (keys.empty() ? "" : ", ") + key;
    const bool profile = first.contains("count") || first.contains("name");
    throw ParseError(fmt::format(
        "record 0 has none of trtexec's timing keys (latencyMs, computeMs, startComputeMs, ...); its keys: "
        "{}{}",
        keys.empty() ? "none" : keys, profile ? " (this looks like an --exportProfile file)" : ""));
  }

  for (std::size_t i = 0; i < records.size(); ++i) {
    const Json& record = *records[i];
    if (!record.is_object()) throw ParseError(fmt::format("{} is not an object", record_at(i)));
    for (const auto& [source, values] : stages) {
      switch (source->kind) {
        case Source::Kind::none:
          break;
        case Source::Kind::duration:
        case Source::Kind::stamps:
          values->push_back(duration(record, i, *source));
          break;
        case Source::Kind::sum:
          values->push_back(times.h2d_ms[i] + times.gpu_compute_ms[i] + times.d2h_ms[i]);
          break;
      }
    }
    if (stamps) {
      double start = std::numeric_limits<double>::infinity();
      double end = -std::numeric_limits<double>::infinity();
      for (const char* key : starts) start = std::min(start, number(record, i, key));
      for (const char* key : ends) end = std::max(end, number(record, i, key));
      times.start_ms.push_back(start);
      times.end_ms.push_back(end);
    }
    if (first.contains("startComputeMs"))
      times.compute_start_ms.push_back(number(record, i, "startComputeMs"));
  }

  if (enqueue_source.kind == Source::Kind::stamps && !times.end_ms.empty() &&
      *std::max_element(times.end_ms.begin(), times.end_ms.end()) >= 1e4) {
    times.notes.push_back(
        "enqueue_ms comes from timestamps, which trtexec prints with 6 significant digits: past 10 s into "
        "the "
        "run they are rounded to 0.1 ms");
  }
  if (json.non_finite_words > 0) {
    times.notes.push_back(fmt::format("{} nan/inf value(s) in the file", json.non_finite_words));
  }
  return times;
}

std::size_t drop_warmup(Times& times, double warmup_ms) {
  if (times.compute_start_ms.empty()) {
    throw ParseError("cannot drop warm-up records: the file has no startComputeMs timestamps");
  }
  std::vector<bool> keep(times.compute_start_ms.size());
  std::size_t dropped = 0;
  for (std::size_t i = 0; i < keep.size(); ++i) {
    keep[i] = times.compute_start_ms[i] >= warmup_ms;
    if (!keep[i]) ++dropped;
  }
  if (dropped == keep.size()) {
    throw ParseError(fmt::format(
        "every record started its compute before the warm-up of {} ms ended: nothing would be left",
        warmup_ms));
  }
  for (auto* series :
       {&times.latency_ms, &times.gpu_compute_ms, &times.enqueue_ms, &times.h2d_ms, &times.d2h_ms,
        &times.end_to_end_ms, &times.start_ms, &times.end_ms, &times.compute_start_ms}) {
    keep_only(*series, keep);
  }
  return dropped;
}

std::vector<double> summary_percentiles() {
  return {90.0, 95.0, 99.0};
}

TimesSummary summarize_times(const Times& times, std::int64_t batch) {
  TimesSummary out;
  out.records = times.records();
  out.batch = batch;
  const std::vector<double> percentiles = summary_percentiles();
  for (const NamedSeries& series : present_series(times)) {
    out.series.push_back({series.name, stats::summarize(*series.values, percentiles)});
  }
  if (!times.start_ms.empty()) {
    const double first = *std::min_element(times.start_ms.begin(), times.start_ms.end());
    const double last = *std::max_element(times.end_ms.begin(), times.end_ms.end());
    out.span_ms = last - first;
    if (*out.span_ms > 0) {
      out.throughput_qps = static_cast<double>(out.records) / (*out.span_ms / 1000.0);
      out.throughput_ips = *out.throughput_qps * static_cast<double>(batch);
    }
  }
  return out;
}

}  // namespace ib::trtexec
