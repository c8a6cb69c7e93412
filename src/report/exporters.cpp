#include "report/exporters.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "report/layer_profile.hpp"
#include "report/run_stats.hpp"
#include "report/text.hpp"
#include "result/warning_text.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

std::string status_name(result::RunStatus status) {
  switch (status) {
    case result::RunStatus::ok:
      return "ok";
    case result::RunStatus::failed:
      return "failed";
    case result::RunStatus::interrupted:
      break;
  }
  return "interrupted";
}

// ---- CSV ----

using report::csv_number;
// Empty for an absent value, as for NaN/Inf (CSV has no NaN).
std::string csv_number(const std::optional<double>& value) {
  return value ? csv_number(*value) : "";
}

void append_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += cells[i];
  }
  out += "\r\n";  // RFC 4180 line ends; every CSV reader accepts them
}

std::optional<double> metric_mean(const result::Run& run, const char* name) {
  const auto* metric = find_metric(run, name);
  if (metric == nullptr || metric->count == 0) return std::nullopt;
  return metric->mean;
}
std::optional<double> metric_max(const result::Run& run, const char* name) {
  const auto* metric = find_metric(run, name);
  if (metric == nullptr || metric->count == 0) return std::nullopt;
  return metric->max;
}

// One column of summary.csv: its header and how a run fills it.
struct Column {
  std::string header;
  std::function<std::string(const result::Run&, const std::optional<RunStats>&)> cell;
};

std::vector<Column> summary_columns(const std::vector<double>& percentiles) {
  using R = const result::Run&;
  using S = const std::optional<RunStats>&;
  const auto latency = [](double (*get)(const stats::Summary&)) {
    return [get](R, S s) { return s ? csv_number(get(s->latency)) : ""; };
  };
  const auto telemetry = [](std::optional<double> result::TelemetrySummary::*field) {
    return [field](R run, S) {
      return run.telemetry_summary ? csv_number((*run.telemetry_summary).*field) : "";
    };
  };
  const auto vs_reference = [](double result::OutputComparison::*field) {
    return [field](R run, S) {
      return run.quality && run.quality->vs_reference ? csv_number(run.quality->vs_reference.value().*field)
                                                      : "";
    };
  };
  const auto depth = [](double result::DepthScores::*field) {
    return [field](R run, S) {
      return run.quality && run.quality->ground_truth ? csv_number(run.quality->ground_truth->metrics.*field)
                                                      : "";
    };
  };

  std::vector<Column> columns{
      {"name", [](R run, S) { return csv_field(run.name); }},
      {"backend", [](R run, S) { return csv_field(run.backend); }},
      {"device", [](R run, S) { return csv_field(run.device); }},
      {"status", [](R run, S) { return status_name(run.status); }},
      {"precision", [](R run, S) { return csv_field(run.config.dtype); }},
      {"batch", [](R run, S) { return std::to_string(run.config.batch); }},
      {"streams", [](R run, S) { return std::to_string(run.config.streams); }},
      {"count", [](R, S s) { return s ? std::to_string(s->latency.count) : "0"; }},
      {"stats_from", [](R, S s) { return s ? std::string(s->from_samples ? "samples" : "stored") : ""; }},
      {"mean_ms", latency([](const stats::Summary& x) { return x.mean; })},
      {"std_ms", latency([](const stats::Summary& x) { return x.std; })},
      {"cv", latency([](const stats::Summary& x) { return x.cv; })},
      {"min_ms", latency([](const stats::Summary& x) { return x.min; })},
      {"max_ms", latency([](const stats::Summary& x) { return x.max; })},
      {"median_ms", latency([](const stats::Summary& x) { return x.median; })},
  };
  for (const double p : percentiles) {
    columns.push_back({stats::percentile_key(p) + "_ms",
                       [p](R, S s) { return s ? csv_number(percentile_of(s->latency, p)) : ""; }});
  }
  const std::vector<Column> rest{
      {"mean_fps", [](R, S s) { return s ? csv_number(s->mean_fps) : ""; }},
      {"median_fps", [](R, S s) { return s ? csv_number(s->median_fps) : ""; }},
      {"inferences_per_s", [](R, S s) { return s ? csv_number(s->inferences_per_s) : ""; }},
      {"timed_wall_s", [](R run, S) { return csv_number(run.samples.timed_wall_s); }},
      {"stopped_by", [](R run, S) { return csv_field(run.stopped_by); }},
      {"gpu_util_mean_pct", [](R run, S) { return csv_number(metric_mean(run, "gpu_util")); }},
      {"mem_util_mean_pct", [](R run, S) { return csv_number(metric_mean(run, "mem_util")); }},
      {"vram_used_max_mb", [](R run, S) { return csv_number(metric_max(run, "vram_used")); }},
      {"sm_clock_mean_mhz", [](R run, S) { return csv_number(metric_mean(run, "sm_clock")); }},
      {"mean_power_w", telemetry(&result::TelemetrySummary::mean_power_w)},
      {"peak_power_w", telemetry(&result::TelemetrySummary::peak_power_w)},
      {"energy_j", telemetry(&result::TelemetrySummary::energy_j)},
      {"energy_per_inference_j", telemetry(&result::TelemetrySummary::energy_per_inference_j)},
      {"sm_clock_before_mhz", telemetry(&result::TelemetrySummary::sm_clock_before_mhz)},
      {"sm_clock_after_mhz", telemetry(&result::TelemetrySummary::sm_clock_after_mhz)},
      {"clock_drop_fraction", telemetry(&result::TelemetrySummary::clock_drop_fraction)},
      {"cpu_user_s", [](R run, S) { return run.process ? csv_number(run.process->cpu_user_s) : ""; }},
      {"cpu_system_s", [](R run, S) { return run.process ? csv_number(run.process->cpu_system_s) : ""; }},
      {"cpu_ms_per_inference",
       [](R run, S) { return run.process ? csv_number(run.process->cpu_ms_per_inference) : ""; }},
      {"peak_rss_bytes",
       [](R run, S) { return run.process ? std::to_string(run.process->peak_rss_bytes) : ""; }},
      {"reference",
       [](R run, S) {
         return run.quality && run.quality->vs_reference ? csv_field(run.quality->vs_reference->reference)
                                                         : "";
       }},
      {"mae", vs_reference(&result::OutputComparison::mae)},
      {"rmse", vs_reference(&result::OutputComparison::rmse)},
      {"max_abs", vs_reference(&result::OutputComparison::max_abs)},
      {"cosine", vs_reference(&result::OutputComparison::cosine)},
      {"rel_l2", vs_reference(&result::OutputComparison::rel_l2)},
      {"gt_mode",
       [](R run, S) {
         return run.quality && run.quality->ground_truth ? csv_field(run.quality->ground_truth->mode) : "";
       }},
      {"gt_images",
       [](R run, S) {
         return run.quality && run.quality->ground_truth ? std::to_string(run.quality->ground_truth->images)
                                                         : "";
       }},
      {"abs_rel", depth(&result::DepthScores::abs_rel)},
      {"sq_rel", depth(&result::DepthScores::sq_rel)},
      {"gt_rmse", depth(&result::DepthScores::rmse)},
      {"rmse_log", depth(&result::DepthScores::rmse_log)},
      {"log10", depth(&result::DepthScores::log10)},
      {"silog", depth(&result::DepthScores::silog)},
      {"d1", depth(&result::DepthScores::d1)},
      {"d2", depth(&result::DepthScores::d2)},
      {"d3", depth(&result::DepthScores::d3)},
      {"error", [](R run, S) { return run.error ? csv_field(*run.error) : ""; }},
  };
  columns.insert(columns.end(), rest.begin(), rest.end());
  return columns;
}

// ---- Markdown ----

std::string md_number(double value, int decimals) {
  return std::isfinite(value) ? fmt::format("{:.{}f}", value, decimals) : "-";
}
std::string md_number(const std::optional<double>& value, int decimals) {
  return value ? md_number(*value, decimals) : "-";
}

void md_table(std::string& out, const std::vector<std::string>& header, const std::vector<bool>& numeric,
              const std::vector<std::vector<std::string>>& rows) {
  out += '|';
  for (const auto& cell : header) out += fmt::format(" {} |", cell);
  out += "\n|";
  for (const bool right : numeric) out += right ? "---:|" : "---|";
  out += '\n';
  for (const auto& row : rows) {
    out += '|';
    for (const auto& cell : row) out += fmt::format(" {} |", cell);
    out += '\n';
  }
  out += '\n';
}

// NVML reports VRAM in MiB (as nvidia-smi does); shown in the units of every other size.
std::string vram_text(const result::Run& run) {
  const auto mib = metric_max(run, "vram_used");
  return mib ? format_bytes(*mib * 1024.0 * 1024.0) : "-";
}

std::string gt_scope(const result::GroundTruthQuality& gt) {
  if (gt.mode == "dataset")
    return fmt::format("dataset average over {} image{}", gt.images, gt.images == 1 ? "" : "s");
  return "single image";
}

}  // namespace

std::string summary_csv(const result::Result& result) {
  const std::vector<double> percentiles = result_percentiles(result);
  const std::vector<Column> columns = summary_columns(percentiles);
  std::string out;
  std::vector<std::string> cells;
  for (const auto& column : columns) cells.push_back(column.header);
  append_row(out, cells);
  for (const auto& run : result.runs) {
    const auto stats = shown_stats(run, percentiles);
    cells.clear();
    for (const auto& column : columns) cells.push_back(column.cell(run, stats));
    append_row(out, cells);
  }
  return out;
}

std::string samples_csv(const result::Result& result) {
  std::string out = "run,pass,iteration,latency_ms,enqueue_ms,h2d_ms,compute_ms,d2h_ms,stream\r\n";
  const auto at = [](const std::vector<double>& series, std::size_t i) {
    return i < series.size() ? csv_number(series[i]) : std::string();
  };
  for (const auto& run : result.runs) {
    const std::string name = csv_field(run.name);
    const auto& s = run.samples;
    for (std::size_t i = 0; i < s.latency_ms.size(); ++i) {
      const std::string stream = i < s.stream.size() ? std::to_string(s.stream[i]) : "";
      out += fmt::format("{},speed,{},{},,,,,{}\r\n", name, i, csv_number(s.latency_ms[i]), stream);
    }
    for (std::size_t i = 0; i < s.breakdown_latency_ms.size(); ++i) {
      out +=
          fmt::format("{},breakdown,{},{},{},{},{},{},\r\n", name, i, csv_number(s.breakdown_latency_ms[i]),
                      at(s.enqueue_ms, i), at(s.h2d_ms, i), at(s.compute_ms, i), at(s.d2h_ms, i));
    }
  }
  return out;
}

std::string summary_markdown(const result::Result& result, const std::vector<std::string>& figures) {
  const auto& env = result.environment;
  std::string out = "# inferbench results\n\n";
  std::vector<std::string> facts;
  if (!env.host.empty()) facts.push_back(fmt::format("host {}", markdown_cell(env.host)));
  for (const auto& gpu : env.gpus) facts.push_back(markdown_cell(gpu.name));
  if (env.gpus.empty() && !env.cpu_model.empty()) facts.push_back(markdown_cell(env.cpu_model));
  if (!env.timestamp_utc.empty()) facts.push_back(env.timestamp_utc);
  if (!env.inferbench_version.empty())
    facts.push_back(fmt::format("inferbench {} (git {})", env.inferbench_version, env.git_sha));
  if (!facts.empty()) out += fmt::format("{}\n\n", fmt::join(facts, " · "));
  if (result.interrupted) out += "**Interrupted** (Ctrl-C): the samples taken before the stop are kept.\n\n";

  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> stored;
  for (const auto& run : result.runs) {
    std::vector<std::string> row{markdown_cell(run.name), markdown_cell(run.backend), markdown_cell(run.config.dtype)};
    const auto stats = shown_stats(run, std::vector<double>{99});
    if (stats && !stats->from_samples) {
      row[0] += " †";
      stored.push_back(markdown_cell(run.name));
    }
    if (stats) {
      const auto& l = stats->latency;
      for (const std::string& cell :
           {md_number(stats->median_fps, 1), md_number(stats->mean_fps, 1), md_number(l.median, 3),
            md_number(l.mean, 3), md_number(percentile_of(l, 99), 3),
            l.count > 1 ? md_number(l.std, 3) : "-"})
        row.push_back(cell);
    } else {
      row.push_back(run.status == result::RunStatus::failed ? "failed" : "no samples");
      for (int i = 0; i < 5; ++i) row.emplace_back("-");
    }
    rows.push_back(std::move(row));
  }
  md_table(out,
           {"Model", "Backend", "Precision", "Median FPS", "Mean FPS", "Median latency (ms)",
            "Mean latency (ms)", "p99 (ms)", "std (ms)"},
           {false, false, false, true, true, true, true, true, true}, rows);
  out += fmt::format(
      "Latency: host wall clock per round trip of the speed pass. Median FPS = batch × 1000 / median "
      "latency; "
      "Mean FPS = batch × 1000 / mean latency (not the mean of per-iteration 1/t). Percentiles: {} "
      "interpolation (numpy's default); std: {} (ddof 0).\n\n",
      stats::kPercentileMethod, stats::kStdMethod);
  if (!stored.empty()) {
    out += fmt::format(
        "† No samples in the result: the stored stats of {} are shown as they were written, and cannot be "
        "checked.\n\n",
        fmt::join(stored, ", "));
  }

  // GPU telemetry.
  rows.clear();
  for (const auto& run : result.runs) {
    if (!run.telemetry_summary) continue;
    const auto& t = *run.telemetry_summary;
    const std::string clocks =
        t.sm_clock_before_mhz && t.sm_clock_after_mhz
            ? fmt::format("{:.0f} → {:.0f}", *t.sm_clock_before_mhz, *t.sm_clock_after_mhz)
            : "-";
    rows.push_back({markdown_cell(run.name), md_number(metric_mean(run, "gpu_util"), 1),
                    md_number(metric_mean(run, "mem_util"), 1), vram_text(run), md_number(t.mean_power_w, 1),
                    md_number(t.peak_power_w, 1),
                    t.energy_per_inference_j ? md_number(*t.energy_per_inference_j * 1000.0, 3) : "-",
                    clocks});
  }
  if (!rows.empty()) {
    out += "## GPU telemetry\n\n";
    md_table(out,
             {"Model", "GPU util mean (%)", "Memory util mean (%)", "VRAM peak", "Mean power (W)",
              "Peak power (W)", "Energy / inference (mJ)", "SM clock before → after (MHz)"},
             {false, true, true, true, true, true, true, true}, rows);
    out +=
        "Utilisation and VRAM from the telemetry pass's samples; energy and mean power from the energy "
        "counter "
        "over the speed pass; clocks read just before and after it.\n\n";
  }

  // Process cost.
  rows.clear();
  for (const auto& run : result.runs) {
    if (!run.process) continue;
    rows.push_back({markdown_cell(run.name), md_number(run.process->cpu_ms_per_inference, 3),
                    format_bytes(static_cast<double>(run.process->peak_rss_bytes))});
  }
  if (!rows.empty()) {
    out += "## Process cost\n\n";
    md_table(out, {"Model", "CPU time / inference (ms)", "Peak RSS"}, {false, true, true}, rows);
  }

  // Cross-engine output agreement.
  rows.clear();
  for (const auto& run : result.runs) {
    if (!run.quality || !run.quality->vs_reference) continue;
    const auto& c = *run.quality->vs_reference;
    rows.push_back({markdown_cell(run.name), markdown_cell(c.reference), md_number(c.mae, 6), md_number(c.rmse, 6),
                    md_number(c.max_abs, 6), md_number(c.cosine, 6), md_number(c.rel_l2, 6)});
  }
  if (!rows.empty()) {
    out += "## Output agreement with the reference\n\n";
    md_table(out, {"Model", "Reference", "MAE", "RMSE", "Max error", "Cosine", "Rel. L2"},
             {false, false, true, true, true, true, true}, rows);
    out +=
        "MAE, RMSE and max error on each map min-max normalised to [0, 1] on its own; cosine and relative L2 "
        "on "
        "the raw values.\n\n";
  }

  // Depth metrics against ground truth.
  rows.clear();
  std::vector<std::string> scopes;
  for (const auto& run : result.runs) {
    if (!run.quality || !run.quality->ground_truth) continue;
    const auto& gt = *run.quality->ground_truth;
    const auto& m = gt.metrics;
    rows.push_back({markdown_cell(run.name), gt_scope(gt), md_number(m.abs_rel, 4), md_number(m.sq_rel, 4),
                    md_number(m.rmse, 4), md_number(m.rmse_log, 4), md_number(m.log10, 4),
                    md_number(m.silog, 4), md_number(m.d1, 4), md_number(m.d2, 4), md_number(m.d3, 4)});
    if (std::find(scopes.begin(), scopes.end(), markdown_cell(gt.source)) == scopes.end())
      scopes.push_back(markdown_cell(gt.source));
  }
  if (!rows.empty()) {
    out += "## Depth metrics against ground truth\n\n";
    md_table(out,
             {"Model", "Scope", "abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "silog", "d1", "d2", "d3"},
             {false, false, true, true, true, true, true, true, true, true, true}, rows);
    out += fmt::format(
        "Ground truth: {}. d1..d3 are fractions (0..1); docs/methodology.md defines each metric.\n\n",
        fmt::join(scopes, ", "));
  }

  std::string layers;
  for (const auto& run : result.runs) {
    if (run.layer_profile) layers += layer_profile_markdown(run.name, *run.layer_profile);
  }
  if (!layers.empty()) out += "## Per-layer profile\n\n" + layers;

  std::string notes;
  for (const auto& run : result.runs) {
    if (run.error) notes += fmt::format("- **{}** failed: {}\n", markdown_cell(run.name), markdown_cell(*run.error));
    for (const auto& warning : run.warnings)
      notes += fmt::format("- {}: {}\n", markdown_cell(run.name), markdown_cell(result::warning_text(warning)));
  }
  if (!notes.empty()) out += fmt::format("## Warnings\n\n{}\n", notes);

  if (!figures.empty()) {
    out += "## Figures\n\n";
    for (const auto& figure : figures) out += fmt::format("![{0}]({0})\n\n", figure);
  }
  return out;
}

namespace {

class SummaryCsvExporter final : public Exporter {
  [[nodiscard]] std::string do_file_name() const override { return "summary.csv"; }
  [[nodiscard]] std::string do_serialize(const result::Result& result) const override {
    return summary_csv(result);
  }
};

class SamplesCsvExporter final : public Exporter {
  [[nodiscard]] std::string do_file_name() const override { return "samples.csv"; }
  [[nodiscard]] std::string do_serialize(const result::Result& result) const override {
    return samples_csv(result);
  }
};

class MarkdownExporter final : public Exporter {
 public:
  explicit MarkdownExporter(std::vector<std::string> figures) : figures_(std::move(figures)) {}

 private:
  [[nodiscard]] std::string do_file_name() const override { return "summary.md"; }
  [[nodiscard]] std::string do_serialize(const result::Result& result) const override {
    return summary_markdown(result, figures_);
  }
  std::vector<std::string> figures_;
};

}  // namespace

std::vector<std::unique_ptr<Exporter>> standard_exporters(std::vector<std::string> figures) {
  std::vector<std::unique_ptr<Exporter>> exporters;
  exporters.push_back(std::make_unique<SummaryCsvExporter>());
  exporters.push_back(std::make_unique<SamplesCsvExporter>());
  exporters.push_back(std::make_unique<MarkdownExporter>(std::move(figures)));
  return exporters;
}

}  // namespace ib::report
