#include "report/console_table.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace ib::report {
namespace {

std::string ms(double value) {
  return fmt::format("{:.3f}", value);
}

// Every run of a result normally shares one percentile list; a row lacking one of them shows "-".
std::vector<double> percentile_columns(const result::Result& result) {
  std::vector<double> columns;
  for (const auto& run : result.runs) {
    for (double p : run.config.percentiles) {
      if (std::find(columns.begin(), columns.end(), p) == columns.end()) columns.push_back(p);
    }
  }
  return columns;
}

double stage_mean(const result::Run& run, const char* name) {
  for (const auto& stage : run.stages) {
    if (stage.name == name) return stage.summary.mean;
  }
  return 0.0;
}

std::string megabytes(std::int64_t bytes) {
  return fmt::format("{:.0f} MB", static_cast<double>(bytes) / 1e6);
}

// One line each, where the run has them: the breakdown pass, startup and device memory, an adaptive stop.
void print_details(std::ostream& out, const result::Run& run) {
  if (run.breakdown) {
    const auto& b = *run.breakdown;
    fmt::print(out,
               "breakdown: {}: h2d {:.3f} + compute {:.3f} + d2h {:.3f} = {:.3f} ms of {:.3f} ms wall (gap "
               "{:.1f}%); "
               "enqueue {:.3f} ms; events cost {:+.3f} ms\n",
               run.name, stage_mean(run, "h2d_ms"), stage_mean(run, "compute_ms"), stage_mean(run, "d2h_ms"),
               b.stages_mean_ms, b.latency_mean_ms, b.gap_fraction * 100.0, stage_mean(run, "enqueue_ms"),
               b.event_cost_ms);
  }
  if (run.startup) {
    const auto& s = *run.startup;
    std::string memory;
    if (run.device_memory) {
      memory = fmt::format(
          "; device memory: model {}, buffers {}, run {}", megabytes(run.device_memory->model_bytes),
          megabytes(run.device_memory->buffers_bytes), megabytes(run.device_memory->run_bytes));
    }
    fmt::print(
        out,
        "startup: {}: load {:.1f} ms, prepare {:.1f} ms, first inference {:.3f} ms, second {:.3f} ms{}\n",
        run.name, s.load_ms, s.prepare_ms, s.first_inference_ms, s.second_inference_ms, memory);
  }
  if (run.stopped_by != "iterations" && run.stopped_by != "interrupted" && run.latency) {
    std::string intervals;
    for (const auto& ci : run.latency_intervals) {
      intervals += ci.available ? fmt::format(", {} 95% CI [{:.3f}, {:.3f}] ms", stats::percentile_key(ci.p),
                                              ci.lower, ci.upper)
                                : fmt::format(", {} 95% CI not available", stats::percentile_key(ci.p));
    }
    fmt::print(out, "stopped: {}: {} after {} samples ({:.2f} s){}\n", run.name, run.stopped_by,
               run.latency->count, run.samples.timed_wall_s, intervals);
  }
}

}  // namespace

void print_console_table(std::ostream& out, const result::Result& result) {
  const std::vector<double> percentiles = percentile_columns(result);
  std::vector<std::string> header{"model", "backend", "device", "mean ms", "std ms"};
  for (double p : percentiles) header.push_back(stats::percentile_key(p) + " ms");
  for (const char* name : {"min ms", "max ms", "FPS", "samples"}) header.emplace_back(name);

  std::vector<std::vector<std::string>> rows;
  for (const auto& run : result.runs) {
    std::vector<std::string> row{run.name, run.backend, run.device};
    if (!run.latency) {
      row.emplace_back(run.status == result::RunStatus::failed ? "failed" : "no samples");
      rows.push_back(std::move(row));
      continue;
    }
    const auto& latency = *run.latency;
    row.push_back(ms(latency.mean));
    row.push_back(latency.count > 1 ? ms(latency.std) : "-");
    for (double p : percentiles) {
      const auto found = std::find_if(latency.percentiles.begin(), latency.percentiles.end(),
                                      [p](const stats::Percentile& q) { return q.p == p; });
      row.push_back(found == latency.percentiles.end() ? "-" : ms(found->value));
    }
    row.push_back(ms(latency.min));
    row.push_back(ms(latency.max));
    row.push_back(run.throughput ? fmt::format("{:.1f}", run.throughput->fps) : "-");
    row.push_back(std::to_string(latency.count));
    rows.push_back(std::move(row));
  }

  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = header[c].size();
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  // Text columns align left, numbers right.
  const auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "  ";
      line += c < 3 ? fmt::format("{:<{}}", row[c], widths[c]) : fmt::format("{:>{}}", row[c], widths[c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print(out, "{}\n", line);
  };
  print_row(header);
  for (const auto& row : rows) print_row(row);

  for (const auto& run : result.runs) print_details(out, run);
  for (const auto& run : result.runs) {
    if (run.error) fmt::print(out, "error: {}: {}\n", run.name, *run.error);
    for (const auto& warning : run.warnings) fmt::print(out, "warning: {}: {}\n", run.name, warning);
  }
  if (!result.runs.empty()) {
    fmt::print(out,
               "latency: host wall clock per round trip; percentiles: {} interpolation; std: {}; "
               "FPS = batch * 1000 / mean ms\n",
               stats::kPercentileMethod, stats::kStdMethod);
  }
}

}  // namespace ib::report
