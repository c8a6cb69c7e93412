#include "launch/aggregate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "annotate/benchmark_json.hpp"
#include "stats/summary.hpp"

namespace ib::launch {
namespace {

using Json = nlohmann::ordered_json;

[[nodiscard]] Json window_json(const std::optional<MeasuringWindow>& window) {
  if (!window) return nullptr;
  return Json::array({window->start_unix_s, window->end_unix_s});
}

[[nodiscard]] std::int64_t items_between(const ProcessData& process, double start, double end) {
  std::int64_t items = 0;
  for (const Completion& c : process.completions)
    if (c.end_unix_s >= start && c.end_unix_s <= end) items += c.items;
  return items;
}

[[nodiscard]] Json process_json(const ProcessData& process, std::span<const double> percentiles) {
  std::int64_t items = 0;
  for (const Completion& c : process.completions) items += c.items;
  Json out{{"label", process.label},
           {"folder", process.folder.string()},
           {"sources", process.sources},
           {"latency_ms", annotate::summary_json(process.latency_ms, percentiles)},
           {"window_unix_s", window_json(process.window)},
           {"items", items}};
  const double length = process.window ? process.window->end_unix_s - process.window->start_unix_s : 0.0;
  out["throughput_items_per_s"] = length > 0 ? Json(static_cast<double>(items) / length) : Json(nullptr);
  out["problems"] = process.problems;
  return out;
}

// The window in which every process that has one was measuring; nothing when they never overlapped.
[[nodiscard]] std::optional<MeasuringWindow> common_window(std::span<const ProcessData> processes) {
  MeasuringWindow common{std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max()};
  bool any = false;
  for (const ProcessData& process : processes) {
    if (!process.window) continue;
    any = true;
    common.start_unix_s = std::max(common.start_unix_s, process.window->start_unix_s);
    common.end_unix_s = std::min(common.end_unix_s, process.window->end_unix_s);
  }
  if (!any || !(common.end_unix_s > common.start_unix_s)) return std::nullopt;
  return common;
}

void add_throughput(std::span<const ProcessData> processes, Json& out) {
  const std::optional<MeasuringWindow> common = common_window(processes);
  out["common_window_unix_s"] = window_json(common);
  if (!common) {
    out["common_window_s"] = nullptr;
    out["items_in_common_window"] = nullptr;
    out["total_throughput_items_per_s"] = nullptr;
    out["notes"].push_back("no common measuring window: the processes did not measure at the same time (or "
                           "recorded no window), so there is no total throughput");
    return;
  }
  std::int64_t items = 0;
  for (const ProcessData& process : processes) items += items_between(process, common->start_unix_s, common->end_unix_s);
  const double length = common->end_unix_s - common->start_unix_s;
  out["common_window_s"] = length;
  out["items_in_common_window"] = items;
  out["total_throughput_items_per_s"] = static_cast<double>(items) / length;
}

}  // namespace

Json aggregate_processes(std::span<const ProcessData> processes, std::span<const double> percentiles) {
  Json out{{"format_version", "1.0.0"},
           {"percentile_method", stats::kPercentileMethod},
           {"merge_rule", "merged statistics come from the pooled raw samples of every process, never from "
                          "averaged percentiles"},
           {"throughput_rule", "items completed inside the common window (the latest start to the earliest end "
                               "of the processes' measuring windows) / its length"},
           {"notes", Json::array()}};
  Json list = Json::array();
  std::vector<double> pooled;
  for (const ProcessData& process : processes) {
    list.push_back(process_json(process, percentiles));
    pooled.insert(pooled.end(), process.latency_ms.begin(), process.latency_ms.end());
    if (process.sources.empty() && process.problems.empty())
      out["notes"].push_back(process.label + " left neither result.json nor benchmark.json");
  }
  out["processes"] = std::move(list);
  add_throughput(processes, out);
  out["merged_latency_ms"] = annotate::summary_json(std::move(pooled), percentiles);
  return out;
}

Json mean_benchmarks(std::span<const ProcessData> processes) {
  std::vector<const Json*> data;
  std::vector<const Json*> means;
  for (const ProcessData& process : processes) {
    if (!process.benchmark) continue;
    if (process.benchmark->contains("data")) data.push_back(&process.benchmark->at("data"));
    if (process.benchmark->contains("mean_data")) means.push_back(&process.benchmark->at("mean_data"));
  }
  return {{"mean_all_batches", data.empty() ? Json::object() : annotate::mean_of(data)},
          {"mean_data", means.empty() ? Json::object() : annotate::mean_of(means)}};
}

namespace {

[[nodiscard]] std::string number_or_dash(const Json& value, const char* format) {
  return value.is_number() ? fmt::format(fmt::runtime(format), value.get<double>()) : std::string("-");
}

[[nodiscard]] std::string latency_cell(const Json& summary, const char* key) {
  if (summary.is_null() || !summary.at("percentiles").contains(key)) return "-";
  return fmt::format("{:.3f}", summary.at("percentiles").at(key).get<double>());
}

}  // namespace

std::string aggregate_table(const Json& aggregate) {
  std::string out = fmt::format("{:<22} {:>10} {:>12} {:>10} {:>10}\n", "process", "items", "items/s", "p50 ms", "p99 ms");
  for (const Json& process : aggregate.at("processes")) {
    out += fmt::format("{:<22} {:>10} {:>12} {:>10} {:>10}\n", process.at("label").get<std::string>(),
                       process.at("items").get<std::int64_t>(), number_or_dash(process.at("throughput_items_per_s"), "{:.1f}"),
                       latency_cell(process.at("latency_ms"), "p50"), latency_cell(process.at("latency_ms"), "p99"));
  }
  const Json& merged = aggregate.at("merged_latency_ms");
  out += fmt::format("{:<22} {:>10} {:>12} {:>10} {:>10}\n", "all (pooled)", number_or_dash(aggregate.at("items_in_common_window"), "{:.0f}"),
                     number_or_dash(aggregate.at("total_throughput_items_per_s"), "{:.1f}"), latency_cell(merged, "p50"),
                     latency_cell(merged, "p99"));
  out += fmt::format("total throughput over the common window of {} s (items completed inside it / its length)\n",
                     number_or_dash(aggregate.at("common_window_s"), "{:.3f}"));
  return out;
}

}  // namespace ib::launch
