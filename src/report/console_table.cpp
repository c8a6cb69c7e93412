#include "report/console_table.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "report/run_stats.hpp"
#include "report/text.hpp"
#include "result/warning_text.hpp"
#include "stats/summary.hpp"

namespace ib::report {
namespace {

std::string ms(double value) {
  return fmt::format("{:.3f}", value);
}

// NVML reports VRAM in MiB (as nvidia-smi does).
double mib_to_bytes(double mib) {
  return mib * 1024.0 * 1024.0;
}

const result::MetricSummary* metric(const result::Run& run, const char* name) {
  if (!run.telemetry_summary) return nullptr;
  for (const auto& m : run.telemetry_summary->metrics) {
    if (m.name == name && m.count > 0) return &m;
  }
  return nullptr;
}

// "telemetry: NAME: GPU util mean 87.3%, ...; power mean 250.1 W (energy counter), highest sample 312.4 W;
// energy 0.512 J/inference; SM clock 1980 -> 1755 MHz (-11.4%)", with only the parts the run has.
void print_telemetry(std::ostream& out, const result::Run& run) {
  if (!run.telemetry_summary) return;
  const auto& t = *run.telemetry_summary;
  std::vector<std::string> parts;
  std::vector<std::string> usage;
  if (const auto* m = metric(run, "gpu_util")) usage.push_back(fmt::format("GPU util mean {:.1f}%", m->mean));
  if (const auto* m = metric(run, "mem_util"))
    usage.push_back(fmt::format("memory util mean {:.1f}%", m->mean));
  if (const auto* m = metric(run, "vram_used"))
    usage.push_back(fmt::format("VRAM peak {}", format_bytes(mib_to_bytes(m->max))));
  if (!usage.empty()) parts.push_back(fmt::format("{}", fmt::join(usage, ", ")));
  std::vector<std::string> power;
  // Two sources: the mean is the energy counter over the speed pass, the highest sample NVML's power reading
  // (a one-second average on recent GPUs) in the telemetry pass; the labels keep them apart.
  if (t.mean_power_w) power.push_back(fmt::format("mean {:.1f} W (energy counter)", *t.mean_power_w));
  if (t.peak_power_w) power.push_back(fmt::format("highest sample {:.1f} W", *t.peak_power_w));
  if (!power.empty()) parts.push_back(fmt::format("power {}", fmt::join(power, ", ")));
  if (t.energy_per_inference_j)
    parts.push_back(fmt::format("energy {:.4g} J/inference", *t.energy_per_inference_j));
  if (t.sm_clock_before_mhz && t.sm_clock_after_mhz) {
    std::string clocks =
        fmt::format("SM clock {:.0f} -> {:.0f} MHz", *t.sm_clock_before_mhz, *t.sm_clock_after_mhz);
    if (t.clock_drop_fraction) clocks += fmt::format(" ({:+.1f}%)", -*t.clock_drop_fraction * 100.0);
    parts.push_back(std::move(clocks));
  }
  if (!t.throttle_reasons.empty())
    parts.push_back(fmt::format("throttled: {}", fmt::join(t.throttle_reasons, ", ")));
  if (parts.empty()) return;
  fmt::print(out, "telemetry: {}: {}\n", run.name, fmt::join(parts, "; "));
}

// Cross-engine agreement with the reference run, and depth metrics against ground truth, saying whether those
// are one image's or a dataset's average.
void print_quality(std::ostream& out, const result::Run& run) {
  if (!run.quality) return;
  if (run.quality->vs_reference) {
    const auto& c = *run.quality->vs_reference;
    fmt::print(
        out,
        "quality: {} vs {}: MAE {:.6f}, RMSE {:.6f}, max {:.6f} (maps min-max normalised); cosine {:.6f}, "
        "rel L2 {:.3g}\n",
        run.name, c.reference, c.mae, c.rmse, c.max_abs, c.cosine, c.rel_l2);
  }
  if (run.quality->ground_truth) {
    const auto& gt = *run.quality->ground_truth;
    const auto& m = gt.metrics;
    const std::string scope =
        gt.mode == "dataset"
            ? fmt::format(
                  "dataset average over {} image{}{}", gt.images, gt.images == 1 ? "" : "s",
                  gt.skipped_images > 0 ? fmt::format(", {} skipped without GT", gt.skipped_images) : "")
            : "single image";
    fmt::print(out,
               "depth vs GT: {}: abs_rel {:.4f}, sq_rel {:.4f}, rmse {:.4f}, rmse_log {:.4f}, d1 {:.4f}, "
               "d2 {:.4f}, d3 {:.4f} ({})\n",
               run.name, m.abs_rel, m.sq_rel, m.rmse, m.rmse_log, m.d1, m.d2, m.d3, scope);
  }
}

// Recording CUDA events cannot make a round trip faster: a breakdown pass faster than the speed pass is
// run-to-run noise, so the cost shows as 0 with the difference said, rather than a negative cost.
std::string event_cost_text(double cost_ms) {
  if (cost_ms >= 0) return fmt::format("events cost {:.3f} ms", cost_ms);
  return fmt::format(
      "events cost 0 ms (the breakdown pass was {:.3f} ms faster than the speed pass: noise, no measurable "
      "cost)",
      -cost_ms);
}

// One line each, where the run has them: the breakdown pass, startup and device memory, an adaptive stop.
void print_details(std::ostream& out, const result::Run& run, const std::optional<RunStats>& stats) {
  if (stats && stats->breakdown) {
    const auto& b = *stats->breakdown;
    const auto& t = b.totals;
    fmt::print(out,
               "breakdown: {}: h2d {:.3f} + compute {:.3f} + d2h {:.3f} = {:.3f} ms of {:.3f} ms wall (gap "
               "{:.1f}%); {}{}{}\n",
               run.name, b.h2d_ms, b.compute_ms, b.d2h_ms, t.stages_mean_ms, t.latency_mean_ms,
               t.gap_fraction * 100.0, b.enqueue_ms ? fmt::format("enqueue {:.3f} ms; ", *b.enqueue_ms) : "",
               event_cost_text(t.event_cost_ms), b.from_samples ? "" : " (stored, no breakdown samples)");
  }
  if (run.startup) {
    const auto& s = *run.startup;
    std::string memory;
    if (const auto& m = run.device_memory) {
      memory = fmt::format(
          "; device memory: {}model {}, buffers {}, run {}",
          m->framework_bytes != 0
              ? fmt::format("framework {}, ", format_bytes(static_cast<double>(m->framework_bytes)))
              : "",
          format_bytes(static_cast<double>(m->model_bytes)), format_bytes(static_cast<double>(m->buffers_bytes)),
          format_bytes(static_cast<double>(m->run_bytes)));
    }
    const std::string framework =
        s.framework_init_ms > 0 ? fmt::format("framework init {:.1f} ms, ", s.framework_init_ms) : "";
    std::string steps;  // the load's parts as the backend timed them
    for (const result::StartupStep& step : s.load_steps)
      steps += fmt::format("{}{} {:.1f}", steps.empty() ? " (" : ", ", step.name, step.ms);
    if (!steps.empty()) steps += ")";
    fmt::print(out,
               "startup: {}: {}load {:.1f} ms{}, prepare {:.1f} ms, first inference {:.3f} ms, second {:.3f} "
               "ms{}\n",
               run.name, framework, s.load_ms, steps, s.prepare_ms, s.first_inference_ms, s.second_inference_ms,
               memory);
  }
  if (run.stopped_by != "iterations" && run.stopped_by != "interrupted" && stats) {
    std::string intervals;
    for (const auto& ci : stats->intervals) {
      intervals += ci.available ? fmt::format(", {} 95% CI [{:.3f}, {:.3f}] ms", stats::percentile_key(ci.p),
                                              ci.lower, ci.upper)
                                : fmt::format(", {} 95% CI not available", stats::percentile_key(ci.p));
    }
    fmt::print(out, "stopped: {}: {} after {} samples ({:.2f} s){}\n", run.name, run.stopped_by,
               stats->latency.count, run.samples.timed_wall_s, intervals);
  }
  print_telemetry(out, run);
  if (run.process) {
    fmt::print(out, "process: {}: CPU {:.3f} ms/inference (user {:.2f} s + system {:.2f} s), peak RSS {}\n",
               run.name, run.process->cpu_ms_per_inference, run.process->cpu_user_s,
               run.process->cpu_system_s, format_bytes(static_cast<double>(run.process->peak_rss_bytes)));
  }
  print_quality(out, run);
}

}  // namespace

void print_console_table(std::ostream& out, const result::Result& result) {
  const std::vector<double> percentiles = result_percentiles(result);
  std::vector<std::string> header{"model", "backend", "device", "mean ms", "std ms"};
  for (double p : percentiles) header.push_back(stats::percentile_key(p) + " ms");
  for (const char* name : {"min ms", "max ms", "FPS", "samples"}) header.emplace_back(name);

  std::vector<std::optional<RunStats>> shown;
  std::vector<std::vector<std::string>> rows;
  for (const auto& run : result.runs) {
    shown.push_back(shown_stats(run, percentiles));
    std::vector<std::string> row{run.name, run.backend, run.device};
    if (!shown.back()) {
      row.emplace_back(run.status == result::RunStatus::failed ? "failed" : "no samples");
      rows.push_back(std::move(row));
      continue;
    }
    const auto& latency = shown.back()->latency;
    row.push_back(ms(latency.mean));
    row.push_back(latency.count > 1 ? ms(latency.std) : "-");
    for (double p : percentiles) {
      const double value = percentile_of(latency, p);
      row.push_back(std::isfinite(value) ? ms(value) : "-");
    }
    row.push_back(ms(latency.min));
    row.push_back(ms(latency.max));
    row.push_back(std::isfinite(shown.back()->mean_fps) ? fmt::format("{:.1f}", shown.back()->mean_fps)
                                                        : "-");
    row.push_back(shown.back()->from_samples ? std::to_string(latency.count)
                                             : fmt::format("{} stored", latency.count));
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

  for (std::size_t i = 0; i < result.runs.size(); ++i) print_details(out, result.runs[i], shown[i]);
  // A warning every run carries (about the command line, not a model) is printed once, not once per run.
  const auto shared = [&](const result::Warning& warning) {
    return result.runs.size() > 1 && std::all_of(result.runs.begin(), result.runs.end(), [&](const auto& r) {
             return std::find(r.warnings.begin(), r.warnings.end(), warning) != r.warnings.end();
           });
  };
  if (!result.runs.empty()) {
    for (const auto& warning : result.runs.front().warnings)
      if (shared(warning)) fmt::print(out, "warning: all runs: {}\n", result::warning_text(warning));
  }
  for (std::size_t i = 0; i < result.runs.size(); ++i) {
    const auto& run = result.runs[i];
    if (shown[i] && !shown[i]->from_samples)
      fmt::print(
          out, "stored: {}: the result holds no samples of this run; its stored stats are shown, unchecked\n",
          run.name);
    if (run.error) fmt::print(out, "error: {}: {}\n", run.name, *run.error);
    for (const auto& warning : run.warnings)
      if (!shared(warning)) fmt::print(out, "warning: {}: {}\n", run.name, result::warning_text(warning));
  }
  if (!result.runs.empty()) {
    fmt::print(out,
               "latency: host wall clock per round trip; percentiles: {} interpolation; std: {}; "
               "FPS = batch * 1000 / mean ms\n",
               stats::kPercentileMethod, stats::kStdMethod);
  }
}

}  // namespace ib::report
