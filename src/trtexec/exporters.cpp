#include "trtexec/exporters.hpp"
#include "report/layer_profile.hpp"
#include "report/text.hpp"
#include "result/warning_text.hpp"
#include "stats/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ib::trtexec {
namespace {

using report::csv_field;
using report::csv_number;

using Json = nlohmann::ordered_json;

[[nodiscard]] Json number(double value) {
  return std::isfinite(value) ? Json(value) : Json(nullptr);
}

[[nodiscard]] Json number(const std::optional<double>& value) {
  return value ? number(*value) : Json(nullptr);
}

[[nodiscard]] double percentile_value(const stats::Summary& summary, double p) {
  for (const stats::Percentile& percentile : summary.percentiles) {
    if (percentile.p == p) return percentile.value;
  }
  return std::nan("");
}

[[nodiscard]] std::vector<std::pair<std::string, double>> stats_fields(const stats::Summary& summary) {
  std::vector<std::pair<std::string, double>> fields = {{"min", summary.min},
                                                        {"max", summary.max},
                                                        {"mean", summary.mean},
                                                        {"median", summary.median},
                                                        {"std", summary.std}};
  for (const double p : summary_percentiles())
    fields.emplace_back(stats::percentile_key(p), percentile_value(summary, p));
  return fields;
}

// The line a CSV row ends with: the rows joined by commas.
[[nodiscard]] std::string csv_row(const std::vector<std::string>& cells) {
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) row += ',';
    row += cells[i];
  }
  row += '\n';
  return row;
}

[[nodiscard]] Json optional_text(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}

template <typename T>
[[nodiscard]] Json optional_int(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

std::string to_json_text(const Json& value) {
  return value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

Json stats_json(const stats::Summary& summary) {
  Json out = Json::object();
  for (const auto& [key, value] : stats_fields(summary)) out[key] = number(value);
  return out;
}

Json summary_json(const TimesReport& report) {
  const TimesSummary& s = report.summary;
  Json out = Json::object();
  out["source"] = report.source;
  out["layout"] = report.layout;
  out["records"] = s.records;
  if (report.warmup_records_dropped) {
    out["warmup_ms"] = number(report.warmup_ms);
    out["warmup_records_dropped"] = *report.warmup_records_dropped;
  }
  out["batch"] = s.batch;
  out["span_ms"] = number(s.span_ms);
  out["throughput_qps"] = number(s.throughput_qps);
  out["throughput_ips"] = number(s.throughput_ips);
  for (const SeriesSummary& series : s.series) out[series.name] = stats_json(series.summary);
  Json method = Json::object();
  method["unit"] = "ms";
  method["percentile"] = "linear interpolation (numpy default)";
  method["std"] = "population (ddof 0)";
  method["throughput_qps"] = "records / (last end - first start), timestamps of the file";
  method["throughput_ips"] = "throughput_qps * batch";
  out["method"] = std::move(method);
  Json warnings = Json::array();
  for (const result::Warning& warning : report.warnings) warnings.push_back(result::warning_text(warning));
  out["warnings"] = std::move(warnings);
  if (report.engine) out["engine"] = *report.engine;
  if (report.run_config) out["run_config"] = *report.run_config;
  return out;
}

std::string summary_csv(const TimesReport& report) {
  const TimesSummary& s = report.summary;
  std::vector<std::string> header = {"records", "batch", "span_ms", "throughput_qps", "throughput_ips"};
  std::vector<std::string> values = {std::to_string(s.records), std::to_string(s.batch),
                                     s.span_ms ? csv_number(*s.span_ms) : "",
                                     s.throughput_qps ? csv_number(*s.throughput_qps) : "",
                                     s.throughput_ips ? csv_number(*s.throughput_ips) : ""};
  for (const SeriesSummary& series : s.series) {
    for (const auto& [key, value] : stats_fields(series.summary)) {
      header.push_back(series.name + "." + key);
      values.push_back(csv_number(value));
    }
  }
  return csv_row(header) + csv_row(values);
}

std::string latency_series_csv(const Times& times) {
  const std::vector<NamedSeries> series = present_series(times);
  const bool stamps = !times.start_ms.empty();
  std::vector<std::string> header = {"index"};
  if (stamps) {
    header.emplace_back("start_ms");
    header.emplace_back("end_ms");
  }
  for (const NamedSeries& s : series) header.push_back(s.name);
  std::string out = csv_row(header);
  for (std::size_t i = 0; i < times.records(); ++i) {
    std::vector<std::string> row = {std::to_string(i)};
    if (stamps) {
      row.push_back(csv_number(times.start_ms[i]));
      row.push_back(csv_number(times.end_ms[i]));
    }
    for (const NamedSeries& s : series) row.push_back(csv_number((*s.values)[i]));
    out += csv_row(row);
  }
  return out;
}

std::vector<double> table_percentiles() {
  return {0, 1, 5, 10, 25, 50, 75, 90, 95, 97, 99, 99.5, 99.9, 100};
}

std::string latency_percentiles_csv(const Times& times) {
  const std::vector<NamedSeries> series = present_series(times);
  std::vector<std::string> header = {"percentile"};
  std::vector<std::vector<double>> sorted;
  for (const NamedSeries& s : series) {
    header.push_back(s.name);
    sorted.emplace_back(*s.values);
    std::sort(sorted.back().begin(), sorted.back().end());
  }
  std::string out = csv_row(header);
  for (const double p : table_percentiles()) {
    std::vector<std::string> row = {csv_number(p)};
    for (const auto& values : sorted) row.push_back(csv_number(stats::percentile_linear_sorted(values, p)));
    out += csv_row(row);
  }
  return out;
}

Json profile_summary_json(const Profile& profile, std::size_t top_k) {
  Json out = Json::object();
  out["layers"] = profile.layers.size();
  out["iterations"] = optional_int(profile.iterations);
  out["total_average_ms"] = number(report::total_average_ms(profile.layers));
  Json top = Json::array();
  const std::vector<LayerTime> ranked = report::by_average(profile.layers);
  for (std::size_t i = 0; i < ranked.size() && i < top_k; ++i) {
    Json item = Json::object();
    item["name"] = ranked[i].name;
    item["average_ms"] = number(ranked[i].average_ms);
    item["percentage"] = number(ranked[i].percentage);
    top.push_back(std::move(item));
  }
  out["top"] = std::move(top);
  out["notes"] = profile.notes;
  return out;
}

Json log_summary_json(const LogSummary& log) {
  Json out = Json::object();
  out["format"] = log.format;
  out["tensorrt_version"] = optional_text(log.tensorrt_version);
  out["status"] = optional_text(log.status);
  out["queries"] = optional_int(log.queries);
  out["warmup_queries"] = optional_int(log.warmup_queries);
  for (const auto& [key, value] : {std::pair{"cuda_graph", log.cuda_graph}, std::pair{"spin_wait", log.spin_wait},
                                   std::pair{"data_transfers", log.data_transfers}}) {
    out[key] = value ? Json(*value) : Json(nullptr);
  }
  out["throughput_qps"] = number(log.throughput_qps);
  for (const auto& [name, stat] : log.series) {
    Json item = Json::object();
    item["min"] = number(stat.min);
    item["max"] = number(stat.max);
    item["mean"] = number(stat.mean);
    item["median"] = number(stat.median);
    for (const stats::Percentile& p : stat.percentiles) item[stats::percentile_key(p.p)] = number(p.value);
    out[name] = std::move(item);
  }
  out["total_host_walltime_s"] = number(log.total_host_walltime_s);
  out["total_gpu_compute_time_s"] = number(log.total_gpu_compute_time_s);
  out["gpu_compute_cv_percent"] = number(log.gpu_compute_cv_percent);
  out["percentile_method"] = "as printed by trtexec (nearest rank)";
  out["warnings"] = log.warnings;
  out["errors"] = log.errors;
  return out;
}

std::string log_table(const LogSummary& log) {
  const auto cell = [](const std::optional<double>& value) {
    return value ? fmt::format("{:.4f}", *value) : std::string("-");
  };
  std::string out = fmt::format(
      "{}{}\n", log.format, log.tensorrt_version ? fmt::format(" (TensorRT {})", *log.tensorrt_version) : "");
  if (log.throughput_qps) out += fmt::format("throughput: {} qps\n", *log.throughput_qps);
  out +=
      fmt::format("{:<16} {:>10} {:>10} {:>10} {:>10}  percentiles\n", "ms", "min", "mean", "median", "max");
  for (const auto& [name, stat] : log.series) {
    std::string percentiles;
    for (const stats::Percentile& p : stat.percentiles) {
      percentiles += fmt::format(" {}={:.4f}", stats::percentile_key(p.p), p.value);
    }
    out += fmt::format("{:<16} {:>10} {:>10} {:>10} {:>10} {}\n", name, cell(stat.min), cell(stat.mean),
                       cell(stat.median), cell(stat.max), percentiles);
  }
  if (log.total_host_walltime_s)
    out += fmt::format("total host walltime: {} s\n", *log.total_host_walltime_s);
  if (log.total_gpu_compute_time_s) {
    out += fmt::format("total GPU compute time: {} s\n", *log.total_gpu_compute_time_s);
  }
  for (const std::string& warning : log.warnings) out += fmt::format("warning: {}\n", warning);
  return out;
}

}  // namespace ib::trtexec
