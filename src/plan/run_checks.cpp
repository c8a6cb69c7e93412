#include "plan/run_checks.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "plan/values.hpp"

namespace ib::plan {
namespace {

void check_between(const char* flag, double value, double low, double high, const char* unit = "") {
  if (!(std::isfinite(value) && value >= low && value <= high))
    throw core::InputError(fmt::format("{} must be between {} and {}{} (got {})", flag, low, high, unit, value));
}

// Flags that choose the same thing in two ways: the second would be ignored without a word.
void check_conflicts(const RunOptions& o) {
  const bool by_time = o.duration_s.has_value();
  if (o.iterations && by_time)
    throw core::InputError("--iterations and --duration both set how long to time: give one");
  if (by_time && o.until_stable) throw core::InputError("--duration and --until-stable exclude each other");
  if (o.iterations && o.until_stable)
    throw core::InputError("--iterations and --until-stable both set how long to time: give one");
  if (o.warmup && o.warmup_ms)
    throw core::InputError("--warmup and --warmup-ms both set the warm-up: give one");
  if ((o.target_ci_percent || o.max_duration_s) && !o.until_stable)
    throw core::InputError("--target-ci and --max-duration apply to --until-stable: add it, or drop them");
  if ((o.channels || o.batch) && !o.input_size)
    throw core::InputError("--ch and --batch shape the input with --imgsz N: add it (or give --shape)");
  if (o.input_size && !o.shapes.empty())
    throw core::InputError("give --input-size (--imgsz) or --shape, not both");
}

std::string gigabytes(double bytes) {
  const double gb = bytes / 1e9;
  return fmt::format("{:.{}f} GB", gb, gb < 10 ? 1 : 0);
}

void check_memory(const RunOptions& o, std::optional<std::uint64_t> memory_bytes) {
  if (!memory_bytes || !o.iterations || *o.iterations < 1) return;
  // In floating point: iterations x streams x bytes may not fit an integer, and the limit is a size anyway.
  const double needed = static_cast<double>(*o.iterations) * static_cast<double>(std::max<std::int64_t>(o.streams, 1)) *
                        static_cast<double>(kBytesPerIteration);
  if (needed <= static_cast<double>(*memory_bytes)) return;
  throw core::InputError(fmt::format(
      "--iterations {}{} would keep about {} of samples ({} bytes per iteration), more than this machine's {} "
      "of memory: give fewer, or time by --duration",
      *o.iterations, o.streams > 1 ? fmt::format(" x {} streams", o.streams) : "",
      gigabytes(needed), kBytesPerIteration, gigabytes(static_cast<double>(*memory_bytes))));
}

}  // namespace

std::optional<std::uint64_t> physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::nullopt;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

Warmup warmup_of(const RunOptions& o) { return {o.warmup.value_or(kDefaultWarmup), o.warmup_ms}; }

StopRule stop_rule_of(const RunOptions& o) {
  StopRule stop;
  stop.iterations = o.iterations.value_or(kDefaultIterations);
  if (o.duration_s) {
    stop.kind = StopRule::Kind::duration;
    stop.duration_s = *o.duration_s;
  } else if (o.until_stable) {
    stop.kind = StopRule::Kind::stable;
    stop.target = o.target_ci_percent.value_or(kDefaultTargetCiPercent) / 100.0;
    stop.max_duration_s = o.max_duration_s.value_or(kDefaultMaxDurationS);
  }
  return stop;
}

namespace {

bool parse_on_off(const std::string& value, std::string_view flag) {
  if (value == "on") return true;
  if (value == "off") return false;
  throw core::InputError(fmt::format("bad {} '{}' (expected on or off)", flag, value));
}

}  // namespace

bool cudnn_benchmark_of(const RunOptions& options) {
  return parse_on_off(options.cudnn_benchmark, "--cudnn-benchmark");
}

// --no_tf32 is bench_pt's spelling of --tf32 off.
std::optional<bool> tf32_of(const RunOptions& options) {
  const std::optional<bool> tf32 =
      options.tf32 ? std::optional<bool>(parse_on_off(*options.tf32, "--tf32")) : std::nullopt;
  if (options.no_tf32 && tf32.value_or(false)) throw core::InputError("--no_tf32 contradicts --tf32 on");
  return options.no_tf32 ? std::optional<bool>(false) : tf32;
}

std::vector<result::Warning> check_run_options(const RunOptions& options,
                                               std::optional<std::uint64_t> memory_bytes) {
  if (options.output_dir.empty())
    throw core::InputError("--output-dir is empty: name a folder (. for the current one)");
  check_conflicts(options);
  runner::validate(runner::loop_plan_for(warmup_of(options), stop_rule_of(options), !options.no_breakdown));
  check_memory(options, memory_bytes);
  if (options.streams < 1) throw core::InputError("--streams must be at least 1");
  (void)cudnn_benchmark_of(options);
  (void)tf32_of(options);
  (void)parse_percentiles(options.percentiles);
  check_between("--scale", options.scale, 1e-12, 1e12);
  if (options.channels && *options.channels < 1) throw core::InputError("--ch must be at least 1");
  if (options.batch && *options.batch < 1) throw core::InputError("--batch must be at least 1");
  if (options.telemetry != "separate" && options.telemetry != "concurrent" && options.telemetry != "off") {
    throw core::InputError("bad --telemetry '" + options.telemetry + "' (expected separate, concurrent or off)");
  }
  check_between("--gpu-sample-interval", options.gpu_sample_interval_s, 0.001, 3600, " seconds");
  if (options.gpu_id && *options.gpu_id < 0) throw core::InputError("--gpu-id must not be negative");

  std::vector<result::Warning> warnings;
  if (options.gpu_id && options.telemetry == "off")
    warnings.push_back({result::WarningKind::gpu_id_unused_telemetry_off, {}, {}});
  return warnings;
}

}  // namespace ib::plan
