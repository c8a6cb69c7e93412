// What a sweep leaves in its folder (docs/suites.md, "Sweeps"): sweep.json, sweep.md, sweep.csv and its figures.
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "report/gnuplot.hpp"
#include "report/text.hpp"
#include "suite/combined_html.hpp"
#include "suite/sweep.hpp"

namespace ib::suite {
namespace {

using nlohmann::ordered_json;
namespace gp = report::gnuplot;

template <typename T>
ordered_json optional_json(const std::optional<T>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json point_json(const SweepPoint& p) {
  return ordered_json{{"batch", p.batch},
                      {"concurrency", p.concurrency},
                      {"outcome", outcome_name(p.outcome)},
                      {"error", optional_json(p.error)},
                      {"items_per_s", optional_json(p.items_per_s)},
                      {"median_latency_ms", optional_json(p.median_ms)},
                      {"mean_latency_ms", optional_json(p.mean_ms)},
                      {"p99_latency_ms", optional_json(p.p99_ms)},
                      {"memory_bytes", optional_json(p.memory_bytes)},
                      {"memory_source", p.memory_source.empty() ? ordered_json(nullptr) : ordered_json(p.memory_source)},
                      {"result", optional_json(p.result)}};
}

std::string cell(const std::optional<double>& value, int digits) {
  return value && std::isfinite(*value) ? fmt::format("{:.{}f}", *value, digits) : "-";
}

std::string memory_cell(const SweepPoint& p) {
  return p.memory_bytes ? report::format_bytes(static_cast<double>(*p.memory_bytes)) : "-";
}

std::string points_table(const std::vector<SweepPoint>& points) {
  std::string md = "| batch | in flight | items/s | median (ms) | mean (ms) | p99 (ms) | memory | outcome |\n"
                   "|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const SweepPoint& p : points) {
    const std::string outcome = p.error ? fmt::format("{}: {}", outcome_name(p.outcome), *p.error) : outcome_name(p.outcome);
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", p.batch, p.concurrency, cell(p.items_per_s, 1),
                      cell(p.median_ms, 3), cell(p.mean_ms, 3), cell(p.p99_ms, 3), memory_cell(p),
                      report::markdown_cell(outcome));
  }
  return md;
}

std::string sweep_csv(const SweepRecord& record) {
  std::string csv = "sweep,batch,concurrency,outcome,items_per_s,median_latency_ms,mean_latency_ms,p99_latency_ms,"
                    "memory_bytes,memory_source,error\n";
  const auto number = [](const std::optional<double>& v) { return v ? report::csv_number(*v) : std::string(); };
  for (const auto* points : {&record.batch_points, &record.concurrency_points}) {
    for (const SweepPoint& p : *points) {
      csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", points == &record.batch_points ? "batch" : "concurrency",
                         p.batch, p.concurrency, outcome_name(p.outcome), number(p.items_per_s), number(p.median_ms),
                         number(p.mean_ms), number(p.p99_ms), p.memory_bytes ? std::to_string(*p.memory_bytes) : "",
                         p.memory_source, report::csv_field(p.error.value_or("")));
    }
  }
  return csv;
}

// The model as figures and the page title name it: its file name (sweep.md and sweep.json keep the path).
std::string model_label(const SweepRecord& record) { return std::filesystem::path(record.model).filename().string(); }

// Rows of measured points for a figure's data file: the listed columns, NaN where a value is missing.
std::string data_rows(const std::vector<SweepPoint>& points, bool by_concurrency) {
  std::string data = "# x items_per_s median_ms p99_ms\n";
  for (const SweepPoint& p : points) {
    if (!p.items_per_s) continue;
    data += fmt::format("{} {} {} {}\n", by_concurrency ? p.concurrency : p.batch, gp::number(*p.items_per_s),
                        gp::number(p.median_ms.value_or(NAN)), gp::number(p.p99_ms.value_or(NAN)));
  }
  return data;
}

report::ChartFiles batch_figure(const std::filesystem::path& dir, const SweepRecord& record, bool throughput) {
  const std::string name = throughput ? "throughput_vs_batch" : "latency_vs_batch";
  return gp::guarded(dir, name, [&] {
    io::write_file_atomically(dir / (name + ".dat"), data_rows(record.batch_points, false));
    std::string body = fmt::format(
        "set title {}\nset xlabel \"batch size\"\nset logscale x 2\nset key top left\nset yrange [0:*]\n",
        gp::quote(fmt::format("{} ({}, {}, {})", model_label(record), record.backend, record.dtype, record.device)));
    if (throughput) {
      body += fmt::format("set ylabel \"items/s\"\nplot \"{0}.dat\" using 1:2 with linespoints lw 2 pt 7 lc rgb \"{1}\" "
                          "title \"throughput\"\n", name, gp::series_colour(0));
    } else {
      body += fmt::format("set ylabel \"latency per request (ms)\"\nplot \"{0}.dat\" using 1:3 with linespoints lw 2 "
                          "pt 7 lc rgb \"{1}\" title \"median\", \"{0}.dat\" using 1:4 with linespoints lw 2 pt 5 lc rgb "
                          "\"{2}\" title \"p99\"\n", name, gp::series_colour(0), gp::series_colour(1));
    }
    return gp::render(dir, name, {900, 560}, body, {});
  });
}

report::ChartFiles concurrency_figure(const std::filesystem::path& dir, const SweepRecord& record) {
  const std::string name = "latency_vs_throughput";
  return gp::guarded(dir, name, [&] {
    io::write_file_atomically(dir / (name + ".dat"), data_rows(record.concurrency_points, true));
    const std::string body = fmt::format(
        "set title {3}\nset xlabel \"items/s\"\nset ylabel \"latency per request (ms)\"\nset key top left\n"
        "set xrange [0:*]\nset yrange [0:*]\n"
        "plot \"{0}.dat\" using 2:3 with linespoints lw 2 pt 7 lc rgb \"{1}\" title \"median\", "
        "\"{0}.dat\" using 2:4 with linespoints lw 2 pt 5 lc rgb \"{2}\" title \"p99\", "
        "\"{0}.dat\" using 2:4:(sprintf(\"%d in flight\", $1)) with labels offset 0,1 notitle\n",
        name, gp::series_colour(0), gp::series_colour(1),
        gp::quote(fmt::format("{}: concurrency (batch {})", model_label(record),
                              record.concurrency_points.empty() ? 1 : record.concurrency_points.front().batch)));
    return gp::render(dir, name, {900, 560}, body, {});
  });
}

}  // namespace

std::string sweep_json(const SweepRecord& record) {
  ordered_json json{{"schema_version", record.schema_version}, {"model", record.model}, {"backend", record.backend},
                    {"device", record.device}, {"dtype", record.dtype},
                    {"memory_budget_bytes", optional_json(record.budgets.memory_bytes)},
                    {"latency_budget_ms", optional_json(record.budgets.latency_ms)}};
  for (const auto& [key, points] : {std::pair{"batch_points", &record.batch_points},
                                    std::pair{"concurrency_points", &record.concurrency_points}}) {
    ordered_json list = ordered_json::array();
    for (const SweepPoint& p : *points) list.push_back(point_json(p));
    json[key] = std::move(list);
  }
  json["best_batch"] = optional_json(record.best_batch);
  json["knee_batch"] = optional_json(record.knee_batch);
  json["out_of_memory_batch"] = optional_json(record.oom_batch);
  json["interrupted"] = record.interrupted;
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string sweep_markdown(const SweepRecord& record) {
  std::string md = fmt::format("# Sweep: {}\n\n{} on {}, {}", report::markdown_cell(record.model),
                               report::markdown_cell(record.backend), report::markdown_cell(record.device),
                               report::markdown_cell(record.dtype));
  if (record.budgets.memory_bytes) {
    // Both units: budgets are usually given in GiB (--memory-budget 12GiB), the table's sizes are in GB.
    const double budget = static_cast<double>(*record.budgets.memory_bytes);
    md += fmt::format("; memory budget {:.1f} GiB ({})", budget / 0x1p30, report::format_bytes(budget));
  }
  if (record.budgets.latency_ms) md += fmt::format("; p99 latency budget {} ms", *record.budgets.latency_ms);
  md += "\n\n";
  if (!record.batch_points.empty()) {
    md += "## Batch sizes\n\n" + points_table(record.batch_points) + "\n";
    md += fmt::format("- best within the budgets: {}\n", record.best_batch ? fmt::format("batch {}", *record.best_batch) : "none");
    md += fmt::format("- knee (doubling adds < 10 % items/s): {}\n",
                      record.knee_batch ? fmt::format("batch {}", *record.knee_batch) : "not reached");
    md += fmt::format("- out of memory: {}\n\n", record.oom_batch ? fmt::format("at batch {}", *record.oom_batch) : "not reached");
  }
  if (!record.concurrency_points.empty()) md += "## Concurrency\n\n" + points_table(record.concurrency_points) + "\n";
  if (record.interrupted) md += "Interrupted: the points above are those finished.\n";
  return md;
}

std::vector<std::string> write_sweep_files(const std::filesystem::path& dir, const SweepRecord& record) {
  io::write_file_atomically(dir / "sweep.json", sweep_json(record));
  io::write_file_atomically(dir / "sweep.md", sweep_markdown(record));
  io::write_file_atomically(dir / "sweep.csv", sweep_csv(record));
  std::vector<report::ChartFiles> charts;
  if (!record.batch_points.empty()) {
    charts.push_back(batch_figure(dir, record, true));
    charts.push_back(batch_figure(dir, record, false));
  }
  if (!record.concurrency_points.empty()) charts.push_back(concurrency_figure(dir, record));
  std::vector<std::string> notes;
  for (const auto& chart : charts) {
    if (!chart.rendered && !chart.note.empty()) notes.push_back(chart.note);
  }
  // report.html: every measured point's run on one page (each wrote its result before it was measured).
  std::vector<LabelledResult> points;
  for (const auto* list : {&record.batch_points, &record.concurrency_points}) {
    for (const SweepPoint& p : *list) {
      if (!p.result || !p.items_per_s) continue;
      const std::string label = list == &record.concurrency_points
                                    ? fmt::format("batch {} x {} in flight", p.batch, p.concurrency)
                                    : fmt::format("batch {}", p.batch);
      points.push_back({label, dir / *p.result});
    }
  }
  for (std::string& note : write_combined_html(dir, "inferbench sweep: " + model_label(record), points))
    notes.push_back(std::move(note));
  return notes;
}

}  // namespace ib::suite
