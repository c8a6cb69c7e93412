#include "result/warning_text.hpp"

#include <array>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "stats/summary.hpp"

namespace ib::result {
namespace {

using K = WarningKind;

constexpr std::array<std::pair<WarningKind, std::string_view>, 35> kNames{{
    {K::legacy, "legacy"},
    {K::interrupted_before_timing, "interrupted_before_timing"},
    {K::interrupted, "interrupted"},
    {K::abandoned_backend_call, "abandoned_backend_call"},
    {K::target_not_reached, "target_not_reached"},
    {K::too_few_samples, "too_few_samples"},
    {K::high_cv, "high_cv"},
    {K::host_bound, "host_bound"},
    {K::peak_rss_lifetime, "peak_rss_lifetime"},
    {K::clock_drop, "clock_drop"},
    {K::clocks_held, "clocks_held"},
    {K::telemetry_queries_failed, "telemetry_queries_failed"},
    {K::sampler_overhead, "sampler_overhead"},
    {K::edge_read_failed, "edge_read_failed"},
    {K::nonfinite_output, "nonfinite_output"},
    {K::gt_resized, "gt_resized"},
    {K::no_valid_prediction, "no_valid_prediction"},
    {K::invalid_predictions, "invalid_predictions"},
    {K::dataset_unusable, "dataset_unusable"},
    {K::dataset_skipped, "dataset_skipped"},
    {K::cross_engine_shape_mismatch, "cross_engine_shape_mismatch"},
    {K::cross_engine_not_compared, "cross_engine_not_compared"},
    {K::no_transfers_no_comparison, "no_transfers_no_comparison"},
    {K::dataset_overrides_gt, "dataset_overrides_gt"},
    {K::gpu_id_unused_on_cpu, "gpu_id_unused_on_cpu"},
    {K::gpu_id_unused_telemetry_off, "gpu_id_unused_telemetry_off"},
    {K::trtexec_latency_definition, "trtexec_latency_definition"},
    {K::trtexec_host_bound, "trtexec_host_bound"},
    {K::trtexec_batch_mismatch, "trtexec_batch_mismatch"},
    {K::trtexec_warmup_without_start, "trtexec_warmup_without_start"},
    {K::trtexec_other_host, "trtexec_other_host"},
    {K::trtexec_no_run_config, "trtexec_no_run_config"},
    {K::trtexec_times_note, "trtexec_times_note"},
    {K::layer_profile_unsupported, "layer_profile_unsupported"},
}};

// The values of one warning, read by name; a missing one reads as 0 or "" (a hand-edited file).
struct Values {
  const Warning& w;
  [[nodiscard]] double number(const char* name) const {
    const auto it = w.numbers.find(name);
    return it == w.numbers.end() ? 0.0 : it->second;
  }
  [[nodiscard]] std::int64_t count(const char* name) const { return static_cast<std::int64_t>(number(name)); }
  [[nodiscard]] std::string text(const char* name) const {
    const auto it = w.texts.find(name);
    return it == w.texts.end() ? std::string() : it->second;
  }
};

std::optional<std::string> run_text(const Values& v) {
  switch (v.w.kind) {
    case K::legacy:
      return v.text("text");
    case K::interrupted_before_timing:
      return fmt::format("interrupted while {}, before any timed iteration", v.text("step"));
    case K::interrupted:
      return fmt::format("interrupted after {} timed iterations ({} warm-up)", v.count("timed"),
                         v.count("warmup"));
    case K::abandoned_backend_call:
      return fmt::format(
          "interrupted: a backend call had not returned {} s after the signal and was abandoned; kept the "
          "{} timed iterations completed before it (throughput from their sum)",
          v.count("grace_s"), v.count("timed"));
    case K::target_not_reached:
      return fmt::format(
          "--until-stable: the target was not reached within --max-duration {} s; the intervals below say "
          "how "
          "close it got",
          v.number("max_duration_s"));
    case K::too_few_samples:
      return fmt::format(
          "only {} samples: {} needs at least {} to say anything about the tail; raise --iterations",
          v.count("samples"), stats::percentile_key(v.number("percentile")), v.count("needed"));
    case K::high_cv:
      return fmt::format(
          "latency varies a lot (CV {:.1f}%): other load on the machine, clock changes or data-dependent "
          "work; "
          "compare medians, and raise --warmup",
          v.number("cv") * 100.0);
    case K::host_bound:
      return fmt::format(
          "host-bound: issuing the work takes {:.3f} ms of the {:.3f} ms the device spends on it, so the GPU "
          "waits for the CPU; try --cuda-graph",
          v.number("enqueue_ms"), v.number("compute_ms"));
    case K::peak_rss_lifetime:
      return "peak RSS is the process's lifetime peak: the kernel refused to reset it";
    default:
      return std::nullopt;
  }
}

std::string failed_queries_text(const Values& v) {
  const std::int64_t failed = v.count("failed");
  const std::int64_t messages = v.count("messages");
  return fmt::format(
      "telemetry: {} GPU quer{} failed ({}{}); those values are NaN, not zero", failed,
      failed == 1 ? "y" : "ies", messages > 0 ? v.text("first_error") : "no message",
      messages > 1 ? fmt::format(", and {} other message{}", messages - 1, messages > 2 ? "s" : "") : "");
}

std::optional<std::string> telemetry_text(const Values& v) {
  switch (v.w.kind) {
    case K::clock_drop:
      return fmt::format(
          "SM clock fell {:.1f}% over the timed pass ({:.0f} -> {:.0f} MHz), so later iterations ran slower: "
          "raise --warmup (or --warmup-ms) so clocks settle before timing, and check the GPU's cooling",
          v.number("fraction") * 100.0, v.number("before_mhz"), v.number("after_mhz"));
    case K::clocks_held:
      return fmt::format(
          "GPU clocks were held below their maximum during the run ({}); the numbers are for these "
          "conditions, "
          "not the GPU's best",
          v.text("reasons"));
    case K::telemetry_queries_failed:
      return failed_queries_text(v);
    case K::sampler_overhead:
      return fmt::format(
          "telemetry: one sample cost {:.2f} ms on average, {:.0f}% of the {} s interval; raise "
          "--gpu-sample-interval to disturb the run less",
          v.number("sample_cost_ms"), v.number("sample_cost_ms") / (v.number("interval_s") * 10.0),
          v.number("interval_s"));
    case K::edge_read_failed:
      return fmt::format(
          "telemetry: reading the GPU at the {} of the speed pass failed ({}); its energy or clock drop may "
          "be "
          "missing",
          v.text("edge"), v.text("error"));
    default:
      return std::nullopt;
  }
}

std::optional<std::string> quality_text(const Values& v) {
  switch (v.w.kind) {
    case K::nonfinite_output:
      return fmt::format(
          "output '{}' holds {} NaN/Inf values of {} ({} NaN, {} Inf) after the timed passes; the timing "
          "stands, and they are left out of every quality metric",
          v.text("output"), v.count("nonfinite"), v.count("values"), v.count("nan"), v.count("inf"));
    case K::gt_resized:
      return fmt::format(
          "{}: the GT is {}x{} but the image {}x{} (same aspect ratio): the prediction was resized to the "
          "GT's "
          "size (bicubic)",
          v.text("gt_file"), v.count("gt_width"), v.count("gt_height"), v.count("image_width"),
          v.count("image_height"));
    case K::no_valid_prediction:
      return fmt::format("output '{}' against {}: {}; no depth metrics from it", v.text("output"),
                         v.text("gt_file"), v.text("reason"));
    case K::invalid_predictions:
      return fmt::format(
          "{} predictions were NaN, Inf or not positive where the GT is valid (left out of the depth "
          "metrics)",
          v.count("count"));
    case K::dataset_unusable:
      return fmt::format(
          "dataset: {} of {} images had no usable prediction and are left out of the metrics{}",
          v.count("unusable"), v.count("images"),
          v.count("unusable") == v.count("images") ? " (none left: no GT metrics)" : "");
    case K::dataset_skipped:
      return fmt::format("dataset: {} of {} images have no GT file and were skipped", v.count("skipped"),
                         v.count("images"));
    case K::cross_engine_shape_mismatch:
      return fmt::format("cross-engine: output shape {} differs from the reference {}'s {}: not compared",
                         v.text("shape"), v.text("reference"), v.text("reference_shape"));
    case K::cross_engine_not_compared:
      return fmt::format("cross-engine: not compared with {}: {}", v.text("reference"), v.text("reason"));
    default:
      return std::nullopt;
  }
}

std::optional<std::string> flag_text(const Values& v) {
  switch (v.w.kind) {
    case K::no_transfers_no_comparison:
      return "--no-transfers keeps outputs on the device: no cross-engine comparison";
    case K::dataset_overrides_gt:
      return "dataset mode takes precedence over --gt, which is not used";
    case K::gpu_id_unused_on_cpu:
      return fmt::format("--gpu-id {} is not used: this run is on the CPU", v.count("gpu_id"));
    case K::gpu_id_unused_telemetry_off:
      return "--gpu-id chooses the GPU telemetry samples; with --telemetry off it is not used";
    case K::layer_profile_unsupported:
      return fmt::format("--profile-layers: the {} backend cannot time layers, so the run has no per-layer "
                         "profile (a TensorRT engine has one, natively or through trtexec)",
                         v.text("backend"));
    default:
      return std::nullopt;
  }
}

std::optional<std::string> trtexec_text(const Values& v) {
  switch (v.w.kind) {
    case K::trtexec_latency_definition:
      // 1.3 files have no "meaning"; `trtexec run` records one since trtexec 11 changed what Latency covers.
      if (!v.text("meaning").empty()) {
        return "latency_ms is " + v.text("meaning") + ", not a host round trip as in native runs";
      }
      return "latency_ms is trtexec's Latency (H2D + GPU compute + D2H from CUDA events, with the next "
             "inference "
             "queued behind it), not a host round trip as in native runs";
    case K::trtexec_host_bound:
      return fmt::format(
          "host-bound: median enqueue time {:.4g} ms is above 80% of the median GPU compute time {:.4g} ms; "
          "try trtexec's --useCudaGraph (inferbench trtexec run --cuda-graph)",
          v.number("enqueue_ms"), v.number("compute_ms"));
    case K::trtexec_batch_mismatch:
      return fmt::format("{} records batch {} but batch {} is used{}", v.text("file"), v.count("recorded"),
                         v.count("used"), v.count("from_flag") != 0 ? " (--batch)" : "");
    case K::trtexec_warmup_without_start:
      return "run_config.json has a warm-up but the file has no startComputeMs: kept every record";
    case K::trtexec_other_host:
      return fmt::format("trtexec ran on '{}'; the environment describes '{}', where its times were parsed",
                         v.text("trtexec_host"), v.text("parse_host"));
    case K::trtexec_no_run_config:
      return "no run_config.json beside the times file: the environment describes the machine that parsed it";
    case K::trtexec_times_note:
      return v.text("note");
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string warning_text(const Warning& warning) {
  const Values v{warning};
  for (const auto group : {run_text, telemetry_text, quality_text, flag_text, trtexec_text}) {
    if (auto text = group(v)) return *std::move(text);
  }
  return std::string(warning_kind_name(warning.kind));
}

std::string_view warning_kind_name(WarningKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "legacy";
}

std::optional<WarningKind> warning_kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

Warning legacy_warning(std::string text) {
  return Warning{WarningKind::legacy, {}, {{"text", std::move(text)}}};
}

}  // namespace ib::result
