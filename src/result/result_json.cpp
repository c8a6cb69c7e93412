#include "result/result_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "inferbench/errors.hpp"
#include "result/warning_text.hpp"
#include "stats/summary.hpp"

namespace ib::result {
namespace {

// Writing and reading are templates over the JSON type: nlohmann::json (std::map objects, sorted keys) for
// the public object API, nlohmann::ordered_json for text, so files keep the documented key order and the
// order of percentiles and shapes survives a round trip exactly.

// ----------------------------------------------------------------------------------------------------
// writing

constexpr const char* kFpsMethod = "batch * 1000 / mean latency_ms";
constexpr const char* kInferencesMethod = "count * batch / timed_wall_s";

[[nodiscard]] const char* status_name(RunStatus status) {
  switch (status) {
    case RunStatus::ok:
      return "ok";
    case RunStatus::failed:
      return "failed";
    case RunStatus::interrupted:
      return "interrupted";
  }
  return "failed";
}

template <typename Json>
[[nodiscard]] Json number_or_null(double value) {
  return std::isfinite(value) ? Json(value) : Json(nullptr);
}

template <typename Json>
[[nodiscard]] Json string_or_null(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}

template <typename Json>
[[nodiscard]] Json write_tensors(const std::vector<core::TensorSpec>& tensors) {
  Json out = Json::array();
  for (const core::TensorSpec& tensor : tensors) {
    Json item = Json::object();
    item["name"] = tensor.name;
    item["dtype"] = std::string(core::dtype_name(tensor.dtype));
    item["shape"] = tensor.shape;
    out.push_back(std::move(item));
  }
  return out;
}

template <typename Json>
[[nodiscard]] Json optional_number(const std::optional<double>& value) {
  return value ? number_or_null<Json>(*value) : Json(nullptr);
}

template <typename Json>
[[nodiscard]] Json numbers(const std::vector<double>& values) {
  Json out = Json::array();
  for (const double value : values) out.push_back(number_or_null<Json>(value));
  return out;
}

template <typename Json>
[[nodiscard]] Json optional_int(const std::optional<int>& value) {
  return value ? Json(*value) : Json(nullptr);
}

template <typename Json>
[[nodiscard]] Json optional_bool(const std::optional<bool>& value) {
  return value ? Json(*value) : Json(nullptr);
}

template <typename Json>
[[nodiscard]] Json write_nvml(const std::optional<NvmlInfo>& nvml) {
  if (!nvml) return Json(nullptr);
  Json out = Json::object();
  out["available"] = nvml->available;
  out["reason"] = nvml->reason;
  out["nvml_version"] = string_or_null<Json>(nvml->nvml_version);
  Json gpus = Json::array();
  for (const GpuDetails& gpu : nvml->gpus) {
    Json item = Json::object();
    item["index"] = gpu.index;
    item["name"] = gpu.name;
    item["uuid"] = gpu.uuid;
    item["pci_bus_id"] = gpu.pci_bus_id;
    item["pcie_generation"] = optional_int<Json>(gpu.pcie_generation);
    item["pcie_width"] = optional_int<Json>(gpu.pcie_width);
    item["pcie_max_generation"] = optional_int<Json>(gpu.pcie_max_generation);
    item["pcie_max_width"] = optional_int<Json>(gpu.pcie_max_width);
    item["power_limit_w"] = optional_number<Json>(gpu.power_limit_w);
    item["persistence_mode"] = optional_bool<Json>(gpu.persistence_mode);
    item["compute_mode"] = string_or_null<Json>(gpu.compute_mode);
    item["ecc_enabled"] = optional_bool<Json>(gpu.ecc_enabled);
    item["sm_clock_mhz"] = optional_number<Json>(gpu.sm_clock_mhz);
    item["sm_clock_max_mhz"] = optional_number<Json>(gpu.sm_clock_max_mhz);
    item["memory_clock_mhz"] = optional_number<Json>(gpu.memory_clock_mhz);
    item["memory_clock_max_mhz"] = optional_number<Json>(gpu.memory_clock_max_mhz);
    item["sm_applications_clock_mhz"] = optional_number<Json>(gpu.sm_applications_clock_mhz);
    item["sm_default_applications_clock_mhz"] = optional_number<Json>(gpu.sm_default_applications_clock_mhz);
    item["clocks_locked"] = optional_bool<Json>(gpu.clocks_locked);
    item["default_power_limit_w"] = optional_number<Json>(gpu.default_power_limit_w);
    item["mig_enabled"] = optional_bool<Json>(gpu.mig_enabled);
    gpus.push_back(std::move(item));
  }
  out["gpus"] = std::move(gpus);
  return out;
}

template <typename Json>
[[nodiscard]] Json write_telemetry(const std::optional<Telemetry>& telemetry) {
  if (!telemetry) return Json(nullptr);
  Json out = Json::object();
  out["pass"] = telemetry->pass;
  out["gpu_index"] = telemetry->gpu_index;
  out["interval_s"] = number_or_null<Json>(telemetry->interval_s);
  out["time_s"] = numbers<Json>(telemetry->time_s);
  Json series = Json::array();
  for (const MetricSeries& metric : telemetry->series) {
    Json item = Json::object();
    item["name"] = metric.name;
    item["unit"] = metric.unit;
    item["values"] = numbers<Json>(metric.values);
    series.push_back(std::move(item));
  }
  out["series"] = std::move(series);
  out["clock_event_reasons"] = telemetry->clock_event_reasons;
  out["unsupported"] = telemetry->unsupported;
  out["failed_queries"] = telemetry->failed_queries;
  out["errors"] = telemetry->errors;
  out["sample_cost_mean_ms"] = number_or_null<Json>(telemetry->sample_cost_mean_ms);
  out["sample_cost_max_ms"] = number_or_null<Json>(telemetry->sample_cost_max_ms);
  Json costs = Json::array();
  for (const QueryCost& cost : telemetry->query_costs) {
    Json item = Json::object();
    item["metric"] = cost.metric;
    item["calls"] = cost.calls;
    item["mean_ms"] = number_or_null<Json>(cost.mean_ms);
    item["max_ms"] = number_or_null<Json>(cost.max_ms);
    costs.push_back(std::move(item));
  }
  out["query_costs"] = std::move(costs);
  return out;
}

template <typename Json>
[[nodiscard]] Json write_telemetry_summary(const TelemetrySummary& summary) {
  Json out = Json::object();
  Json metrics = Json::object();
  for (const MetricSummary& metric : summary.metrics) {
    Json item = Json::object();
    item["unit"] = metric.unit;
    item["count"] = metric.count;
    item["mean"] = number_or_null<Json>(metric.mean);
    item["min"] = number_or_null<Json>(metric.min);
    item["max"] = number_or_null<Json>(metric.max);
    metrics[metric.name] = std::move(item);
  }
  out["metrics"] = std::move(metrics);
  out["energy_j"] = optional_number<Json>(summary.energy_j);
  out["energy_per_inference_j"] = optional_number<Json>(summary.energy_per_inference_j);
  out["mean_power_w"] = optional_number<Json>(summary.mean_power_w);
  out["peak_power_w"] = optional_number<Json>(summary.peak_power_w);
  out["sm_clock_before_mhz"] = optional_number<Json>(summary.sm_clock_before_mhz);
  out["sm_clock_after_mhz"] = optional_number<Json>(summary.sm_clock_after_mhz);
  out["clock_drop_fraction"] = optional_number<Json>(summary.clock_drop_fraction);
  out["throttle_reasons"] = summary.throttle_reasons;
  out["concurrent_p50_change"] = optional_number<Json>(summary.concurrent_p50_change);
  out["concurrent_baseline_p50_ms"] = optional_number<Json>(summary.concurrent_baseline_p50_ms);
  return out;
}

template <typename Json>
[[nodiscard]] Json write_process(const ProcessCost& process) {
  Json out = Json::object();
  out["cpu_user_s"] = number_or_null<Json>(process.cpu_user_s);
  out["cpu_system_s"] = number_or_null<Json>(process.cpu_system_s);
  out["cpu_ms_per_inference"] = number_or_null<Json>(process.cpu_ms_per_inference);
  out["peak_rss_bytes"] = process.peak_rss_bytes;
  return out;
}

template <typename Json>
[[nodiscard]] Json write_layer_profile(const LayerProfile& profile) {
  Json out = Json::object();
  out["iterations"] = profile.iterations ? Json(*profile.iterations) : Json(nullptr);
  Json layers = Json::array();
  for (const LayerTime& layer : profile.layers) {
    Json item = Json::object();
    item["name"] = layer.name;
    item["time_ms"] = number_or_null<Json>(layer.time_ms);
    item["average_ms"] = number_or_null<Json>(layer.average_ms);
    item["median_ms"] = optional_number<Json>(layer.median_ms);
    item["percentage"] = number_or_null<Json>(layer.percentage);
    layers.push_back(std::move(item));
  }
  out["layers"] = std::move(layers);
  return out;
}

template <typename Json>
[[nodiscard]] Json write_quality(const std::optional<Quality>& quality) {
  if (!quality) return Json(nullptr);
  Json out = Json::object();
  out["output"] = quality->output;
  out["output_shape"] = quality->output_shape;
  out["map_shape"] = quality->map_shape;
  out["nonfinite_values"] = quality->nonfinite_values;
  out["output_file"] = string_or_null<Json>(quality->output_file);
  if (quality->input_file) out["input_file"] = *quality->input_file;
  if (quality->ground_truth_file) out["ground_truth_file"] = *quality->ground_truth_file;
  if (const auto& diff = quality->vs_reference) {
    Json item = Json::object();
    item["reference"] = diff->reference;
    item["mae"] = number_or_null<Json>(diff->mae);
    item["rmse"] = number_or_null<Json>(diff->rmse);
    item["max_abs"] = number_or_null<Json>(diff->max_abs);
    item["cosine"] = number_or_null<Json>(diff->cosine);
    item["rel_l2"] = number_or_null<Json>(diff->rel_l2);
    item["count"] = diff->count;
    item["nonfinite_reference"] = diff->nonfinite_reference;
    item["nonfinite_test"] = diff->nonfinite_test;
    out["vs_reference"] = std::move(item);
  } else {
    out["vs_reference"] = nullptr;
  }
  if (const auto& gt = quality->ground_truth) {
    Json item = Json::object();
    item["mode"] = gt->mode;
    item["source"] = gt->source;
    item["images"] = gt->images;
    item["skipped_images"] = gt->skipped_images;
    Json metrics = Json::object();
    metrics["abs_rel"] = number_or_null<Json>(gt->metrics.abs_rel);
    metrics["sq_rel"] = number_or_null<Json>(gt->metrics.sq_rel);
    metrics["rmse"] = number_or_null<Json>(gt->metrics.rmse);
    metrics["rmse_log"] = number_or_null<Json>(gt->metrics.rmse_log);
    metrics["log10"] = number_or_null<Json>(gt->metrics.log10);
    metrics["silog"] = number_or_null<Json>(gt->metrics.silog);
    metrics["d1"] = number_or_null<Json>(gt->metrics.d1);
    metrics["d2"] = number_or_null<Json>(gt->metrics.d2);
    metrics["d3"] = number_or_null<Json>(gt->metrics.d3);
    item["metrics"] = std::move(metrics);
    item["valid_pixels"] = gt->valid_pixels;
    item["invalid_predictions"] = gt->invalid_predictions;
    item["median_scaling"] = gt->median_scaling;
    item["disparity"] = gt->disparity;
    item["min_depth"] = number_or_null<Json>(gt->min_depth);
    item["max_depth"] = number_or_null<Json>(gt->max_depth);
    item["gt_scale"] = number_or_null<Json>(gt->gt_scale);
    out["ground_truth"] = std::move(item);
  } else {
    out["ground_truth"] = nullptr;
  }
  return out;
}

template <typename Json>
[[nodiscard]] Json write_environment(const Environment& environment) {
  Json out = Json::object();
  out["host"] = environment.host;
  out["cpu_model"] = environment.cpu_model;
  out["cpu_cores"] = environment.cpu_cores;
  out["os"] = environment.os;
  out["kernel"] = environment.kernel;
  out["compiler"] = environment.compiler;
  out["inferbench_version"] = environment.inferbench_version;
  out["git_sha"] = environment.git_sha;
  out["command_line"] = environment.command_line;
  out["timestamp_utc"] = environment.timestamp_utc;
  Json gpus = Json::array();
  for (const GpuInfo& gpu : environment.gpus) {
    Json item = Json::object();
    item["index"] = gpu.index;
    item["name"] = gpu.name;
    item["total_memory_bytes"] = gpu.total_memory_bytes;
    item["compute_capability"] = gpu.compute_capability;
    gpus.push_back(std::move(item));
  }
  out["gpus"] = std::move(gpus);
  out["cuda_driver_version"] = string_or_null<Json>(environment.cuda_driver_version);
  out["cuda_runtime_version"] = string_or_null<Json>(environment.cuda_runtime_version);
  out["gpu_driver_version"] = string_or_null<Json>(environment.gpu_driver_version);
  Json backends = Json::array();
  for (const BackendVersion& backend : environment.backends) {
    Json item = Json::object();
    item["name"] = backend.name;
    item["version"] = backend.version;
    backends.push_back(std::move(item));
  }
  out["backends"] = std::move(backends);
  out["nvml"] = write_nvml<Json>(environment.nvml);
  out["cpu_governor"] = string_or_null<Json>(environment.cpu_governor);
  out["build_type"] = string_or_null<Json>(environment.build_type);
  out["build_flags"] = string_or_null<Json>(environment.build_flags);
  return out;
}

/// Whether `name` can be a stage key of "stats": the reader finds stages by the "_ms" suffix, beside
/// "latency_ms".
[[nodiscard]] bool is_stage_key(std::string_view name) {
  return name.size() > 3 && name.ends_with("_ms") && name != "latency_ms";
}

template <typename Json>
[[nodiscard]] Json write_summary(const stats::Summary& summary) {
  Json out = Json::object();
  out["count"] = summary.count;
  out["mean"] = number_or_null<Json>(summary.mean);
  out["std"] = number_or_null<Json>(summary.std);
  out["cv"] = number_or_null<Json>(summary.cv);
  out["min"] = number_or_null<Json>(summary.min);
  out["max"] = number_or_null<Json>(summary.max);
  out["median"] = number_or_null<Json>(summary.median);
  for (const stats::Percentile& percentile : summary.percentiles) {
    out[stats::percentile_key(percentile.p)] = number_or_null<Json>(percentile.value);
  }
  return out;
}

template <typename Json>
[[nodiscard]] Json write_intervals(const std::vector<PercentileInterval>& intervals) {
  Json out = Json::object();
  for (const PercentileInterval& interval : intervals) {
    Json item = Json::object();
    item["lower"] = number_or_null<Json>(interval.lower);
    item["upper"] = number_or_null<Json>(interval.upper);
    item["available"] = interval.available;
    item["confidence"] = number_or_null<Json>(interval.confidence);
    out[stats::percentile_key(interval.p)] = std::move(item);
  }
  return out;
}

template <typename Json>
[[nodiscard]] Json write_stats(const Run& run) {
  Json out = Json::object();
  if (run.latency) {
    Json latency = write_summary<Json>(*run.latency);
    latency["ci95"] = write_intervals<Json>(run.latency_intervals);
    out["latency_ms"] = std::move(latency);
  }
  for (const StageSummary& stage : run.stages) {
    // A name the reader would not recognise as a stage (or one that would overwrite a sibling) is a bug in
    // the caller; failing here beats writing a file that silently reads back without it.
    if (!is_stage_key(stage.name) || out.contains(stage.name)) {
      throw std::invalid_argument("result: stage name '" + stage.name +
                                  "' must end in _ms, differ from latency_ms and be unique");
    }
    out[stage.name] = write_summary<Json>(stage.summary);
  }
  if (run.breakdown) {
    Json breakdown = Json::object();
    breakdown["stages_mean_ms"] = number_or_null<Json>(run.breakdown->stages_mean_ms);
    breakdown["latency_mean_ms"] = number_or_null<Json>(run.breakdown->latency_mean_ms);
    breakdown["gap_ms"] = number_or_null<Json>(run.breakdown->gap_ms);
    breakdown["gap_fraction"] = number_or_null<Json>(run.breakdown->gap_fraction);
    breakdown["event_cost_ms"] = number_or_null<Json>(run.breakdown->event_cost_ms);
    out["breakdown"] = std::move(breakdown);
  }
  if (run.throughput) {
    Json throughput = Json::object();
    throughput["fps"] = number_or_null<Json>(run.throughput->fps);
    throughput["inferences_per_s"] = number_or_null<Json>(run.throughput->inferences_per_s);
    out["throughput"] = std::move(throughput);
  }
  if (run.telemetry_summary) out["telemetry"] = write_telemetry_summary<Json>(*run.telemetry_summary);
  if (run.process) out["process"] = write_process<Json>(*run.process);
  Json method = Json::object();
  method["percentile"] = stats::kPercentileMethod;
  method["std"] = stats::kStdMethod;
  method["fps"] = kFpsMethod;
  method["inferences_per_s"] = kInferencesMethod;
  out["method"] = std::move(method);
  return out;
}

template <typename Json>
[[nodiscard]] Json write_startup(const std::optional<Startup>& startup) {
  if (!startup) return Json(nullptr);
  Json out = Json::object();
  out["framework_init_ms"] = number_or_null<Json>(startup->framework_init_ms);
  out["load_ms"] = number_or_null<Json>(startup->load_ms);
  out["prepare_ms"] = number_or_null<Json>(startup->prepare_ms);
  out["first_inference_ms"] = number_or_null<Json>(startup->first_inference_ms);
  out["second_inference_ms"] = number_or_null<Json>(startup->second_inference_ms);
  if (!startup->load_steps.empty()) {  // 1.5: only where the backend timed its load's parts
    Json steps = Json::array();
    for (const StartupStep& step : startup->load_steps) {
      Json item = Json::object();
      item["name"] = step.name;
      item["ms"] = number_or_null<Json>(step.ms);
      steps.push_back(std::move(item));
    }
    out["load_steps"] = std::move(steps);
  }
  return out;
}

template <typename Json>
[[nodiscard]] Json write_device_memory(const std::optional<DeviceMemory>& memory) {
  if (!memory) return Json(nullptr);
  Json out = Json::object();
  out["total_bytes"] = memory->total_bytes;
  out["used_before_bytes"] = memory->used_before_bytes;
  out["framework_bytes"] = memory->framework_bytes;
  out["model_bytes"] = memory->model_bytes;
  out["buffers_bytes"] = memory->buffers_bytes;
  out["run_bytes"] = memory->run_bytes;
  return out;
}

template <typename Json>
[[nodiscard]] Json write_warnings(const std::vector<Warning>& warnings) {
  Json out = Json::array();
  for (const Warning& warning : warnings) {
    Json item = Json::object();
    item["kind"] = std::string(warning_kind_name(warning.kind));
    Json values = Json::object();
    for (const auto& [name, value] : warning.numbers) {
      // Counts read as counts ("samples": 20, not 20.0); reading takes either.
      const bool whole = std::isfinite(value) && value == std::floor(value) && std::abs(value) < 9.0e15;
      values[name] = whole ? Json(static_cast<std::int64_t>(value)) : number_or_null<Json>(value);
    }
    for (const auto& [name, value] : warning.texts) values[name] = value;
    item["values"] = std::move(values);
    // The sentence too, so that a reader without inferbench sees what the terminal said.
    item["message"] = warning_text(warning);
    out.push_back(std::move(item));
  }
  return out;
}

template <typename Json>
[[nodiscard]] Json write_run(const Run& run) {
  Json out = Json::object();
  out["name"] = run.name;
  out["backend"] = run.backend;
  out["device"] = run.device;
  out["status"] = status_name(run.status);
  out["error"] = string_or_null<Json>(run.error);
  if (run.error_kind) out["error_kind"] = core::error_kind_name(*run.error_kind);

  Json model = Json::object();
  model["path"] = run.model.path;
  model["size_bytes"] = run.model.size_bytes;
  model["sha256"] = run.model.sha256;
  model["mtime"] = string_or_null<Json>(run.model.mtime);
  model["inputs"] = write_tensors<Json>(run.model.inputs);
  model["outputs"] = write_tensors<Json>(run.model.outputs);
  out["model"] = std::move(model);

  Json config = Json::object();
  config["warmup"] = run.config.warmup;
  config["iterations"] = run.config.iterations;
  config["batch"] = run.config.batch;
  config["dtype"] = run.config.dtype;
  Json shapes = Json::object();
  for (const NamedShape& shape : run.config.shapes) shapes[shape.name] = shape.shape;
  config["shapes"] = std::move(shapes);
  Json percentiles = Json::array();
  for (const double p : run.config.percentiles) percentiles.push_back(number_or_null<Json>(p));
  config["percentiles"] = std::move(percentiles);
  config["warmup_ms"] = optional_number<Json>(run.config.warmup_ms);
  config["duration_s"] = optional_number<Json>(run.config.duration_s);
  config["target_ci"] = optional_number<Json>(run.config.target_ci);
  config["max_duration_s"] = optional_number<Json>(run.config.max_duration_s);
  config["cuda_graph"] = run.config.cuda_graph;
  config["sync"] = run.config.sync;
  config["transfers"] = run.config.transfers;
  config["streams"] = run.config.streams;
  config["input_image"] = string_or_null<Json>(run.config.input_image);
  if (!run.config.cudnn_benchmark.empty()) config["cudnn_benchmark"] = run.config.cudnn_benchmark;
  if (!run.config.tf32.empty()) config["tf32"] = run.config.tf32;
  out["config"] = std::move(config);

  Json samples = Json::object();
  samples["latency_ms"] = numbers<Json>(run.samples.latency_ms);
  samples["enqueue_ms"] = numbers<Json>(run.samples.enqueue_ms);
  samples["breakdown_latency_ms"] = numbers<Json>(run.samples.breakdown_latency_ms);
  samples["h2d_ms"] = numbers<Json>(run.samples.h2d_ms);
  samples["compute_ms"] = numbers<Json>(run.samples.compute_ms);
  samples["d2h_ms"] = numbers<Json>(run.samples.d2h_ms);
  samples["stream"] = run.samples.stream;
  samples["timed_wall_s"] = number_or_null<Json>(run.samples.timed_wall_s);
  if (run.samples.timed_start_unix_s) samples["timed_start_unix_s"] = *run.samples.timed_start_unix_s;
  samples["warmup_iterations"] = run.samples.warmup_iterations;
  samples["warmup_wall_s"] = number_or_null<Json>(run.samples.warmup_wall_s);
  out["samples"] = std::move(samples);
  out["stopped_by"] = run.stopped_by;

  // A throughput without a latency summary cannot come from the runner, but keep it rather than drop data.
  if (run.latency || run.throughput || !run.stages.empty() || run.breakdown || run.telemetry_summary ||
      run.process) {
    out["stats"] = write_stats<Json>(run);
  }
  out["startup"] = write_startup<Json>(run.startup);
  out["device_memory"] = write_device_memory<Json>(run.device_memory);
  out["telemetry"] = write_telemetry<Json>(run.telemetry);
  out["quality"] = write_quality<Json>(run.quality);
  // Optional and absent unless profiled, so a file without one reads the same in every 1.x reader.
  if (run.layer_profile) out["layer_profile"] = write_layer_profile<Json>(*run.layer_profile);
  out["warnings"] = write_warnings<Json>(run.warnings);
  return out;
}

template <typename Json>
[[nodiscard]] Json write_result(const Result& result) {
  Json out = Json::object();
  out["schema_version"] = result.schema_version;
  out["interrupted"] = result.interrupted;
  out["environment"] = write_environment<Json>(result.environment);
  Json runs = Json::array();
  for (const Run& run : result.runs) runs.push_back(write_run<Json>(run));
  out["runs"] = std::move(runs);
  return out;
}

// ----------------------------------------------------------------------------------------------------
// reading

[[noreturn]] void fail(const std::string& what) {
  throw core::InputError("result file: " + what);
}

[[nodiscard]] std::string child(const std::string& where, std::string_view key) {
  return where.empty() ? std::string(key) : where + "." + std::string(key);
}

[[nodiscard]] std::string element(const std::string& where, std::size_t index) {
  return where + "[" + std::to_string(index) + "]";
}

// GCC 13+ warns when a reference returned by a call taking a temporary argument is bound to a local
// (-Wdangling-reference). Reader's helpers return a reference into their first argument (the document, which
// outlives the read), never into the temporary `where` text, so every such warning here is a false positive.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 13
#pragma GCC diagnostic ignored "-Wdangling-reference"
#endif

template <typename Json>
class Reader {
 public:
  /// The value of a required key of `object` (which must already be known to be an object).
  static const Json& required(const Json& object, std::string_view key, const std::string& where) {
    const auto found = object.find(std::string(key));
    if (found == object.end()) fail("missing key '" + child(where, key) + "'");
    return *found;
  }

  /// The value of an optional key, or nullptr when it is absent or null.
  static const Json* optional(const Json& object, std::string_view key) {
    const auto found = object.find(std::string(key));
    if (found == object.end() || found->is_null()) return nullptr;
    return &*found;
  }

  /// The value of a key added in schema 1.1: required from 1.1 on, and nullptr when a 1.0 file lacks it (the
  /// caller then keeps the field's default).
  static const Json* added(const Json& object, std::string_view key, const std::string& where, bool v1_1) {
    const auto found = object.find(std::string(key));
    if (found != object.end()) return &*found;
    if (v1_1) fail("missing key '" + child(where, key) + "'");
    return nullptr;
  }

  static const Json& object(const Json& value, const std::string& where) {
    if (!value.is_object()) fail("'" + where + "' must be an object");
    return value;
  }

  static const Json& array(const Json& value, const std::string& where) {
    if (!value.is_array()) fail("'" + where + "' must be an array");
    return value;
  }

  static std::string string(const Json& value, const std::string& where) {
    if (!value.is_string()) fail("'" + where + "' must be a string");
    return value.template get<std::string>();
  }

  static bool boolean(const Json& value, const std::string& where) {
    if (!value.is_boolean()) fail("'" + where + "' must be true or false");
    return value.template get<bool>();
  }

  static std::int64_t int64(const Json& value, const std::string& where) {
    if (!value.is_number_integer()) fail("'" + where + "' must be an integer");
    if (value.is_number_unsigned() &&
        value.template get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      fail("'" + where + "' is out of range");
    }
    return value.template get<std::int64_t>();
  }

  static std::uint64_t uint64(const Json& value, const std::string& where) {
    if (value.is_number_unsigned()) return value.template get<std::uint64_t>();
    if (value.is_number_integer() && value.template get<std::int64_t>() >= 0) {
      return static_cast<std::uint64_t>(value.template get<std::int64_t>());
    }
    fail("'" + where + "' must be a non-negative integer");
  }

  /// A measured quantity: null (how non-finite values are written) reads back as NaN.
  static double measured(const Json& value, const std::string& where) {
    if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!value.is_number()) fail("'" + where + "' must be a number or null");
    return value.template get<double>();
  }

  /// A setting that may be unset (null); when set, a finite number >= 0 (a time, a fraction).
  static std::optional<double> optional_setting(const Json& value, const std::string& where) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_number()) fail("'" + where + "' must be a number or null");
    const double number = value.template get<double>();
    if (!(number >= 0.0 && std::isfinite(number))) fail("'" + where + "' must not be negative");
    return number;
  }

  static std::vector<double> measured_array(const Json& value, const std::string& where) {
    std::vector<double> out;
    const Json& items = array(value, where);
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) out.push_back(measured(items[i], element(where, i)));
    return out;
  }

  static std::optional<std::string> optional_string(const Json& object, std::string_view key,
                                                    const std::string& where) {
    const Json* value = optional(object, key);
    if (value == nullptr) return std::nullopt;
    return string(*value, child(where, key));
  }

  /// 1.3 writes {kind, values, message}; older files hold the sentence alone, read as a legacy warning. A
  /// kind this version does not know (a newer file's) keeps its message as a legacy warning.
  static Warning warning(const Json& value, const std::string& where) {
    if (value.is_string()) return legacy_warning(value.template get<std::string>());
    object(value, where);
    const std::string name = string(required(value, "kind", where), child(where, "kind"));
    const std::string message = string(required(value, "message", where), child(where, "message"));
    const auto kind = warning_kind_from_name(name);
    if (!kind || *kind == WarningKind::legacy) return legacy_warning(message);
    Warning out{*kind, {}, {}};
    const std::string values_at = child(where, "values");
    for (const auto& [key, item] : object(required(value, "values", where), values_at).items()) {
      if (item.is_string()) {
        out.texts[key] = item.template get<std::string>();
      } else {
        out.numbers[key] = measured(item, child(values_at, key));
      }
    }
    return out;
  }

  static std::vector<Warning> warnings(const Json& value, const std::string& where) {
    std::vector<Warning> out;
    const Json& items = array(value, where);
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) out.push_back(warning(items[i], element(where, i)));
    return out;
  }

  static std::vector<std::string> strings(const Json& value, const std::string& where) {
    std::vector<std::string> out;
    const Json& items = array(value, where);
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) out.push_back(string(items[i], element(where, i)));
    return out;
  }

  static core::Shape shape(const Json& value, const std::string& where) {
    core::Shape out;
    const Json& dims = array(value, where);
    out.reserve(dims.size());
    for (std::size_t i = 0; i < dims.size(); ++i) out.push_back(int64(dims[i], element(where, i)));
    return out;
  }

  static std::vector<core::TensorSpec> tensors(const Json& value, const std::string& where) {
    std::vector<core::TensorSpec> out;
    const Json& items = array(value, where);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string at = element(where, i);
      const Json& item = object(items[i], at);
      core::TensorSpec tensor;
      tensor.name = string(required(item, "name", at), child(at, "name"));
      const std::string dtype = string(required(item, "dtype", at), child(at, "dtype"));
      try {
        tensor.dtype = core::parse_dtype(dtype);
      } catch (const core::InputError& error) {
        fail("'" + child(at, "dtype") + "': " + error.what());
      }
      tensor.shape = shape(required(item, "shape", at), child(at, "shape"));
      out.push_back(std::move(tensor));
    }
    return out;
  }

  static Environment environment(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    const auto text = [&](std::string_view key) {
      return string(required(in, key, where), child(where, key));
    };
    Environment out;
    out.host = text("host");
    out.cpu_model = text("cpu_model");
    const std::uint64_t cores = uint64(required(in, "cpu_cores", where), child(where, "cpu_cores"));
    if (cores > std::numeric_limits<unsigned>::max())
      fail("'" + child(where, "cpu_cores") + "' is out of range");
    out.cpu_cores = static_cast<unsigned>(cores);
    out.os = text("os");
    out.kernel = text("kernel");
    out.compiler = text("compiler");
    out.inferbench_version = text("inferbench_version");
    out.git_sha = text("git_sha");
    out.command_line = strings(required(in, "command_line", where), child(where, "command_line"));
    out.timestamp_utc = text("timestamp_utc");

    const std::string gpus_at = child(where, "gpus");
    const Json& gpus = array(required(in, "gpus", where), gpus_at);
    for (std::size_t i = 0; i < gpus.size(); ++i) {
      const std::string at = element(gpus_at, i);
      const Json& item = object(gpus[i], at);
      GpuInfo gpu;
      const std::int64_t index = int64(required(item, "index", at), child(at, "index"));
      if (index < 0 || index > std::numeric_limits<int>::max())
        fail("'" + child(at, "index") + "' is out of range");
      gpu.index = static_cast<int>(index);
      gpu.name = string(required(item, "name", at), child(at, "name"));
      gpu.total_memory_bytes =
          uint64(required(item, "total_memory_bytes", at), child(at, "total_memory_bytes"));
      gpu.compute_capability =
          string(required(item, "compute_capability", at), child(at, "compute_capability"));
      out.gpus.push_back(std::move(gpu));
    }
    out.cuda_driver_version = optional_string(in, "cuda_driver_version", where);
    out.cuda_runtime_version = optional_string(in, "cuda_runtime_version", where);
    out.gpu_driver_version = optional_string(in, "gpu_driver_version", where);

    const std::string backends_at = child(where, "backends");
    const Json& backends = array(required(in, "backends", where), backends_at);
    for (std::size_t i = 0; i < backends.size(); ++i) {
      const std::string at = element(backends_at, i);
      const Json& item = object(backends[i], at);
      out.backends.push_back(BackendVersion{string(required(item, "name", at), child(at, "name")),
                                            string(required(item, "version", at), child(at, "version"))});
    }
    if (const Json* found = optional(in, "nvml")) out.nvml = nvml(*found, child(where, "nvml"));
    out.cpu_governor = optional_string(in, "cpu_governor", where);
    out.build_type = optional_string(in, "build_type", where);
    out.build_flags = optional_string(in, "build_flags", where);
    return out;
  }

  // Keys added in 1.2 are optional in every 1.x file: absent or null reads as "not measured".

  static std::optional<double> optional_number(const Json& object, std::string_view key,
                                               const std::string& where) {
    const Json* value = optional(object, key);
    if (value == nullptr) return std::nullopt;
    return measured(*value, child(where, key));
  }

  static std::optional<int> optional_int(const Json& object, std::string_view key, const std::string& where) {
    const Json* value = optional(object, key);
    if (value == nullptr) return std::nullopt;
    const std::int64_t number = int64(*value, child(where, key));
    if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max()) {
      fail("'" + child(where, key) + "' is out of range");
    }
    return static_cast<int>(number);
  }

  static std::optional<bool> optional_bool(const Json& object, std::string_view key,
                                           const std::string& where) {
    const Json* value = optional(object, key);
    if (value == nullptr) return std::nullopt;
    return boolean(*value, child(where, key));
  }

  static std::int64_t count(const Json& object, std::string_view key, const std::string& where) {
    const std::uint64_t number = uint64(required(object, key, where), child(where, key));
    if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      fail("'" + child(where, key) + "' is out of range");
    }
    return static_cast<std::int64_t>(number);
  }

  static NvmlInfo nvml(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    NvmlInfo out;
    out.available = boolean(required(in, "available", where), child(where, "available"));
    out.reason = string(required(in, "reason", where), child(where, "reason"));
    out.nvml_version = optional_string(in, "nvml_version", where);
    const std::string gpus_at = child(where, "gpus");
    const Json& gpus = array(required(in, "gpus", where), gpus_at);
    for (std::size_t i = 0; i < gpus.size(); ++i) {
      const std::string at = element(gpus_at, i);
      const Json& item = object(gpus[i], at);
      GpuDetails gpu;
      const std::optional<int> index = optional_int(item, "index", at);
      if (!index) fail("missing key '" + child(at, "index") + "'");
      gpu.index = *index;
      gpu.name = string(required(item, "name", at), child(at, "name"));
      gpu.uuid = string(required(item, "uuid", at), child(at, "uuid"));
      gpu.pci_bus_id = string(required(item, "pci_bus_id", at), child(at, "pci_bus_id"));
      gpu.pcie_generation = optional_int(item, "pcie_generation", at);
      gpu.pcie_width = optional_int(item, "pcie_width", at);
      gpu.pcie_max_generation = optional_int(item, "pcie_max_generation", at);
      gpu.pcie_max_width = optional_int(item, "pcie_max_width", at);
      gpu.power_limit_w = optional_number(item, "power_limit_w", at);
      gpu.persistence_mode = optional_bool(item, "persistence_mode", at);
      gpu.compute_mode = optional_string(item, "compute_mode", at);
      gpu.ecc_enabled = optional_bool(item, "ecc_enabled", at);
      gpu.sm_clock_mhz = optional_number(item, "sm_clock_mhz", at);
      gpu.sm_clock_max_mhz = optional_number(item, "sm_clock_max_mhz", at);
      gpu.memory_clock_mhz = optional_number(item, "memory_clock_mhz", at);
      gpu.memory_clock_max_mhz = optional_number(item, "memory_clock_max_mhz", at);
      gpu.sm_applications_clock_mhz = optional_number(item, "sm_applications_clock_mhz", at);
      gpu.sm_default_applications_clock_mhz = optional_number(item, "sm_default_applications_clock_mhz", at);
      gpu.clocks_locked = optional_bool(item, "clocks_locked", at);
      gpu.default_power_limit_w = optional_number(item, "default_power_limit_w", at);
      gpu.mig_enabled = optional_bool(item, "mig_enabled", at);
      out.gpus.push_back(std::move(gpu));
    }
    return out;
  }

  static Telemetry telemetry(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    Telemetry out;
    out.pass = string(required(in, "pass", where), child(where, "pass"));
    const std::optional<int> gpu_index = optional_int(in, "gpu_index", where);
    if (!gpu_index) fail("missing key '" + child(where, "gpu_index") + "'");
    out.gpu_index = *gpu_index;
    out.interval_s = measured(required(in, "interval_s", where), child(where, "interval_s"));
    out.time_s = measured_array(required(in, "time_s", where), child(where, "time_s"));
    const std::string series_at = child(where, "series");
    const Json& series = array(required(in, "series", where), series_at);
    for (std::size_t i = 0; i < series.size(); ++i) {
      const std::string at = element(series_at, i);
      const Json& item = object(series[i], at);
      MetricSeries metric;
      metric.name = string(required(item, "name", at), child(at, "name"));
      metric.unit = string(required(item, "unit", at), child(at, "unit"));
      metric.values = measured_array(required(item, "values", at), child(at, "values"));
      // A series out of step with the sample times would put values at the wrong moments in a figure.
      if (metric.values.size() != out.time_s.size()) {
        fail("'" + child(at, "values") + "' has " + std::to_string(metric.values.size()) +
             " values, but time_s has " + std::to_string(out.time_s.size()));
      }
      out.series.push_back(std::move(metric));
    }
    const std::string reasons_at = child(where, "clock_event_reasons");
    const Json& reasons = array(required(in, "clock_event_reasons", where), reasons_at);
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      out.clock_event_reasons.push_back(uint64(reasons[i], element(reasons_at, i)));
    }
    if (!out.clock_event_reasons.empty() && out.clock_event_reasons.size() != out.time_s.size()) {
      fail("'" + reasons_at + "' must have one value per sample (or none)");
    }
    out.unsupported = strings(required(in, "unsupported", where), child(where, "unsupported"));
    out.failed_queries = count(in, "failed_queries", where);
    out.errors = strings(required(in, "errors", where), child(where, "errors"));
    out.sample_cost_mean_ms =
        measured(required(in, "sample_cost_mean_ms", where), child(where, "sample_cost_mean_ms"));
    out.sample_cost_max_ms =
        measured(required(in, "sample_cost_max_ms", where), child(where, "sample_cost_max_ms"));
    const std::string costs_at = child(where, "query_costs");
    const Json& costs = array(required(in, "query_costs", where), costs_at);
    for (std::size_t i = 0; i < costs.size(); ++i) {
      const std::string at = element(costs_at, i);
      const Json& item = object(costs[i], at);
      QueryCost cost;
      cost.metric = string(required(item, "metric", at), child(at, "metric"));
      cost.calls = count(item, "calls", at);
      cost.mean_ms = measured(required(item, "mean_ms", at), child(at, "mean_ms"));
      cost.max_ms = measured(required(item, "max_ms", at), child(at, "max_ms"));
      out.query_costs.push_back(std::move(cost));
    }
    return out;
  }

  /// Metric summaries are keyed by name; a std::map-backed object returns them sorted by name.
  static TelemetrySummary telemetry_summary(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    TelemetrySummary out;
    const std::string metrics_at = child(where, "metrics");
    for (const auto& [name, item_value] : object(required(in, "metrics", where), metrics_at).items()) {
      const std::string at = child(metrics_at, name);
      const Json& item = object(item_value, at);
      MetricSummary metric;
      metric.name = name;
      metric.unit = string(required(item, "unit", at), child(at, "unit"));
      metric.count = count(item, "count", at);
      metric.mean = measured(required(item, "mean", at), child(at, "mean"));
      metric.min = measured(required(item, "min", at), child(at, "min"));
      metric.max = measured(required(item, "max", at), child(at, "max"));
      out.metrics.push_back(std::move(metric));
    }
    out.energy_j = optional_number(in, "energy_j", where);
    out.energy_per_inference_j = optional_number(in, "energy_per_inference_j", where);
    out.mean_power_w = optional_number(in, "mean_power_w", where);
    out.peak_power_w = optional_number(in, "peak_power_w", where);
    out.sm_clock_before_mhz = optional_number(in, "sm_clock_before_mhz", where);
    out.sm_clock_after_mhz = optional_number(in, "sm_clock_after_mhz", where);
    out.clock_drop_fraction = optional_number(in, "clock_drop_fraction", where);
    out.throttle_reasons = strings(required(in, "throttle_reasons", where), child(where, "throttle_reasons"));
    out.concurrent_p50_change = optional_number(in, "concurrent_p50_change", where);
    out.concurrent_baseline_p50_ms = optional_number(in, "concurrent_baseline_p50_ms", where);
    return out;
  }

  static ProcessCost process(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    const auto number = [&](std::string_view key) {
      return measured(required(in, key, where), child(where, key));
    };
    ProcessCost out;
    out.cpu_user_s = number("cpu_user_s");
    out.cpu_system_s = number("cpu_system_s");
    out.cpu_ms_per_inference = number("cpu_ms_per_inference");
    out.peak_rss_bytes = uint64(required(in, "peak_rss_bytes", where), child(where, "peak_rss_bytes"));
    return out;
  }

  static LayerProfile layer_profile(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    LayerProfile out;
    if (const Json* found = optional(in, "iterations")) out.iterations = int64(*found, child(where, "iterations"));
    const std::string layers_at = child(where, "layers");
    for (const Json& item : array(required(in, "layers", where), layers_at)) {
      const std::string at = element(layers_at, out.layers.size());
      object(item, at);
      LayerTime layer;
      layer.name = string(required(item, "name", at), child(at, "name"));
      layer.time_ms = measured(required(item, "time_ms", at), child(at, "time_ms"));
      layer.average_ms = measured(required(item, "average_ms", at), child(at, "average_ms"));
      layer.median_ms = optional_number(item, "median_ms", at);
      layer.percentage = measured(required(item, "percentage", at), child(at, "percentage"));
      out.layers.push_back(std::move(layer));
    }
    return out;
  }

  static Quality quality(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    const auto number = [](const Json& object_value, std::string_view key, const std::string& at) {
      return measured(required(object_value, key, at), child(at, key));
    };
    Quality out;
    out.output = string(required(in, "output", where), child(where, "output"));
    out.output_shape = shape(required(in, "output_shape", where), child(where, "output_shape"));
    out.map_shape = shape(required(in, "map_shape", where), child(where, "map_shape"));
    out.nonfinite_values = count(in, "nonfinite_values", where);
    out.output_file = optional_string(in, "output_file", where);
    out.input_file = optional_string(in, "input_file", where);
    out.ground_truth_file = optional_string(in, "ground_truth_file", where);
    if (const Json* found = optional(in, "vs_reference")) {
      const std::string at = child(where, "vs_reference");
      const Json& item = object(*found, at);
      OutputComparison diff;
      diff.reference = string(required(item, "reference", at), child(at, "reference"));
      diff.mae = number(item, "mae", at);
      diff.rmse = number(item, "rmse", at);
      diff.max_abs = number(item, "max_abs", at);
      diff.cosine = number(item, "cosine", at);
      diff.rel_l2 = number(item, "rel_l2", at);
      diff.count = count(item, "count", at);
      diff.nonfinite_reference = count(item, "nonfinite_reference", at);
      diff.nonfinite_test = count(item, "nonfinite_test", at);
      out.vs_reference = std::move(diff);
    }
    if (const Json* found = optional(in, "ground_truth")) {
      const std::string at = child(where, "ground_truth");
      const Json& item = object(*found, at);
      GroundTruthQuality gt;
      gt.mode = string(required(item, "mode", at), child(at, "mode"));
      if (gt.mode != "single-image" && gt.mode != "dataset") {
        fail("'" + child(at, "mode") + "' must be \"single-image\" or \"dataset\"");
      }
      gt.source = string(required(item, "source", at), child(at, "source"));
      gt.images = count(item, "images", at);
      gt.skipped_images = count(item, "skipped_images", at);
      const std::string metrics_at = child(at, "metrics");
      const Json& metrics = object(required(item, "metrics", at), metrics_at);
      gt.metrics.abs_rel = number(metrics, "abs_rel", metrics_at);
      gt.metrics.sq_rel = number(metrics, "sq_rel", metrics_at);
      gt.metrics.rmse = number(metrics, "rmse", metrics_at);
      gt.metrics.rmse_log = number(metrics, "rmse_log", metrics_at);
      gt.metrics.log10 = number(metrics, "log10", metrics_at);
      gt.metrics.silog = number(metrics, "silog", metrics_at);
      gt.metrics.d1 = number(metrics, "d1", metrics_at);
      gt.metrics.d2 = number(metrics, "d2", metrics_at);
      gt.metrics.d3 = number(metrics, "d3", metrics_at);
      gt.valid_pixels = count(item, "valid_pixels", at);
      gt.invalid_predictions = count(item, "invalid_predictions", at);
      gt.median_scaling = boolean(required(item, "median_scaling", at), child(at, "median_scaling"));
      gt.disparity = boolean(required(item, "disparity", at), child(at, "disparity"));
      gt.min_depth = number(item, "min_depth", at);
      gt.max_depth = number(item, "max_depth", at);
      gt.gt_scale = optional_number(item, "gt_scale", at).value_or(1.0);  // 1.2 files have no gt_scale
      out.ground_truth = std::move(gt);
    }
    return out;
  }

  static ModelInfo model(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    ModelInfo out;
    out.path = string(required(in, "path", where), child(where, "path"));
    out.size_bytes = uint64(required(in, "size_bytes", where), child(where, "size_bytes"));
    out.sha256 = string(required(in, "sha256", where), child(where, "sha256"));
    out.mtime = optional_string(in, "mtime", where);
    out.inputs = tensors(required(in, "inputs", where), child(where, "inputs"));
    out.outputs = tensors(required(in, "outputs", where), child(where, "outputs"));
    return out;
  }

  static RunConfig config(const Json& value, const std::string& where, const ModelInfo& model, bool v1_1) {
    const Json& in = object(value, where);
    RunConfig out;
    out.warmup = int64(required(in, "warmup", where), child(where, "warmup"));
    out.iterations = int64(required(in, "iterations", where), child(where, "iterations"));
    out.batch = int64(required(in, "batch", where), child(where, "batch"));
    out.dtype = string(required(in, "dtype", where), child(where, "dtype"));
    const std::string shapes_at = child(where, "shapes");
    for (const auto& [name, dims] : object(required(in, "shapes", where), shapes_at).items()) {
      out.shapes.push_back(NamedShape{name, shape(dims, child(shapes_at, name))});
    }
    // A std::map-backed object lists shapes by name; the model's input order is the more natural one to
    // restore.
    if constexpr (!std::is_same_v<Json, nlohmann::ordered_json>) {
      const auto rank = [&model](const NamedShape& shape) {
        const auto input =
            std::find_if(model.inputs.begin(), model.inputs.end(),
                         [&shape](const core::TensorSpec& spec) { return spec.name == shape.name; });
        return static_cast<std::size_t>(input - model.inputs.begin());
      };
      std::stable_sort(out.shapes.begin(), out.shapes.end(),
                       [&rank](const NamedShape& a, const NamedShape& b) { return rank(a) < rank(b); });
    }
    const std::string percentiles_at = child(where, "percentiles");
    const Json& percentiles = array(required(in, "percentiles", where), percentiles_at);
    for (std::size_t i = 0; i < percentiles.size(); ++i) {
      const std::string at = element(percentiles_at, i);
      if (!percentiles[i].is_number()) fail("'" + at + "' must be a number");
      const double p = percentiles[i].template get<double>();
      if (!(p >= 0.0 && p <= 100.0)) fail("'" + at + "' must be between 0 and 100");
      out.percentiles.push_back(p);
    }

    const auto setting = [&](std::string_view key, std::optional<double>& field) {
      if (const Json* found = added(in, key, where, v1_1))
        field = optional_setting(*found, child(where, key));
    };
    setting("warmup_ms", out.warmup_ms);
    setting("duration_s", out.duration_s);
    setting("target_ci", out.target_ci);
    setting("max_duration_s", out.max_duration_s);
    if (const Json* found = added(in, "cuda_graph", where, v1_1)) {
      out.cuda_graph = boolean(*found, child(where, "cuda_graph"));
    }
    // Any string: a newer minor version may add modes, and nothing here branches on the value.
    if (const Json* found = added(in, "sync", where, v1_1)) out.sync = string(*found, child(where, "sync"));
    if (const Json* found = added(in, "transfers", where, v1_1)) {
      out.transfers = boolean(*found, child(where, "transfers"));
    }
    if (const Json* found = added(in, "streams", where, v1_1)) {
      out.streams = int64(*found, child(where, "streams"));
      if (out.streams < 1) fail("'" + child(where, "streams") + "' must be at least 1");
    }
    // Optional in every 1.x file: added within 1.1 (absent means random inputs).
    out.input_image = optional_string(in, "input_image", where);
    // Optional in every 1.x file, absent where the backend has no such settings; any string, like sync.
    out.cudnn_benchmark = optional_string(in, "cudnn_benchmark", where).value_or("");
    out.tf32 = optional_string(in, "tf32", where).value_or("");
    return out;
  }

  static Samples samples(const Json& value, const std::string& where, const RunConfig& config, bool v1_1) {
    const Json& in = object(value, where);
    Samples out;
    out.latency_ms = measured_array(required(in, "latency_ms", where), child(where, "latency_ms"));
    // Per-iteration series line up sample by sample with their pass's latencies (stream with latency_ms, the
    // enqueue and stage times with breakdown_latency_ms); a length mismatch means a damaged file, and
    // reporting from it would pair the wrong numbers.
    const auto same_length = [&](std::size_t size, std::string_view key, const std::vector<double>& reference,
                                 std::string_view reference_key) {
      if (size != 0 && size != reference.size()) {
        fail("'" + child(where, key) + "' has " + std::to_string(size) + " values, but " +
             std::string(reference_key) + " has " + std::to_string(reference.size()) +
             " (must be equal, or none)");
      }
    };
    const auto series = [&](std::string_view key, std::vector<double>& field,
                            const std::vector<double>& reference, std::string_view reference_key) {
      if (const Json* found = added(in, key, where, v1_1)) {
        field = measured_array(*found, child(where, key));
        same_length(field.size(), key, reference, reference_key);
      }
    };
    if (const Json* found = added(in, "breakdown_latency_ms", where, v1_1)) {
      out.breakdown_latency_ms = measured_array(*found, child(where, "breakdown_latency_ms"));
    }
    series("enqueue_ms", out.enqueue_ms, out.breakdown_latency_ms, "breakdown_latency_ms");
    series("h2d_ms", out.h2d_ms, out.breakdown_latency_ms, "breakdown_latency_ms");
    series("compute_ms", out.compute_ms, out.breakdown_latency_ms, "breakdown_latency_ms");
    series("d2h_ms", out.d2h_ms, out.breakdown_latency_ms, "breakdown_latency_ms");
    if (const Json* found = added(in, "stream", where, v1_1)) {
      const std::string stream_at = child(where, "stream");
      const Json& items = array(*found, stream_at);
      out.stream.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string at = element(stream_at, i);
        const std::int64_t index = int64(items[i], at);
        if (index < 0 || index >= config.streams) {
          fail("'" + at + "' must be a stream index from 0 to config.streams - 1");
        }
        out.stream.push_back(static_cast<std::int32_t>(index));
      }
      same_length(out.stream.size(), "stream", out.latency_ms, "latency_ms");
    }
    out.timed_wall_s = measured(required(in, "timed_wall_s", where), child(where, "timed_wall_s"));
    if (const auto found = in.find("timed_start_unix_s"); found != in.end() && !found->is_null())
      out.timed_start_unix_s = measured(*found, child(where, "timed_start_unix_s"));
    if (const Json* found = added(in, "warmup_iterations", where, v1_1)) {
      const std::uint64_t count = uint64(*found, child(where, "warmup_iterations"));
      if (count > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        fail("'" + child(where, "warmup_iterations") + "' is out of range");
      }
      out.warmup_iterations = static_cast<std::int64_t>(count);
    }
    if (const Json* found = added(in, "warmup_wall_s", where, v1_1)) {
      out.warmup_wall_s = measured(*found, child(where, "warmup_wall_s"));
    }
    return out;
  }

  /// The percentile of a key such as "p99.9", if the key is one.
  static std::optional<double> percentile_of_key(std::string_view key) {
    if (key.size() < 2 || key.front() != 'p') return std::nullopt;
    double p = 0;
    const char* const first = key.data() + 1;
    const char* const last = key.data() + key.size();
    const auto [ptr, ec] = std::from_chars(first, last, p, std::chars_format::fixed);
    if (ec != std::errc{} || ptr != last || !(p >= 0.0 && p <= 100.0)) return std::nullopt;
    return p;
  }

  static stats::Summary latency_summary(const Json& value, const std::string& where,
                                        const RunConfig& config) {
    const Json& in = object(value, where);
    stats::Summary out;
    const std::uint64_t count = uint64(required(in, "count", where), child(where, "count"));
    out.count = static_cast<std::size_t>(count);
    out.mean = measured(required(in, "mean", where), child(where, "mean"));
    out.std = measured(required(in, "std", where), child(where, "std"));
    out.cv = measured(required(in, "cv", where), child(where, "cv"));
    out.min = measured(required(in, "min", where), child(where, "min"));
    out.max = measured(required(in, "max", where), child(where, "max"));
    out.median = measured(required(in, "median", where), child(where, "median"));

    struct Found {
      stats::Percentile percentile;
      bool used = false;
    };
    std::vector<Found> found;
    for (const auto& [key, number] : in.items()) {
      if (const std::optional<double> p = percentile_of_key(key)) {
        found.push_back({{*p, measured(number, child(where, key))}});
      }
    }
    // Parsed text keeps the order written, which is the summary's own. A std::map-backed object has lost it,
    // so there the percentiles come back in the order the run asked for them, then any others ascending.
    if constexpr (std::is_same_v<Json, nlohmann::ordered_json>) {
      for (const Found& f : found) out.percentiles.push_back(f.percentile);
    } else {
      std::stable_sort(found.begin(), found.end(),
                       [](const Found& a, const Found& b) { return a.percentile.p < b.percentile.p; });
      for (const double p : config.percentiles) {
        const auto match =
            std::find_if(found.begin(), found.end(), [p](const Found& f) { return f.percentile.p == p; });
        if (match == found.end()) continue;
        out.percentiles.push_back(match->percentile);
        match->used = true;
      }
      for (const Found& f : found) {
        if (!f.used) out.percentiles.push_back(f.percentile);
      }
    }
    return out;
  }

  static std::vector<PercentileInterval> intervals(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    std::vector<PercentileInterval> out;
    for (const auto& [key, item_value] : in.items()) {
      const std::string at = child(where, key);
      const std::optional<double> p = percentile_of_key(key);
      if (!p) fail("'" + at + "': the key must be a percentile such as p99");
      const Json& item = object(item_value, at);
      PercentileInterval interval;
      interval.p = *p;
      interval.lower = measured(required(item, "lower", at), child(at, "lower"));
      interval.upper = measured(required(item, "upper", at), child(at, "upper"));
      interval.available = boolean(required(item, "available", at), child(at, "available"));
      const Json& confidence = required(item, "confidence", at);
      interval.confidence = confidence.is_number() ? confidence.template get<double>() : -1.0;
      if (!(interval.confidence > 0.0 && interval.confidence < 1.0)) {
        fail("'" + child(at, "confidence") + "' must be a number between 0 and 1");
      }
      out.push_back(interval);
    }
    // A std::map-backed object has lost the written order (and sorts "p5" after "p50"): ascending p is the
    // natural one to restore.
    if constexpr (!std::is_same_v<Json, nlohmann::ordered_json>) {
      std::stable_sort(out.begin(), out.end(),
                       [](const PercentileInterval& a, const PercentileInterval& b) { return a.p < b.p; });
    }
    return out;
  }

  /// Position of a stage among those the runner writes, for restoring their order from a std::map object.
  static std::size_t stage_rank(std::string_view name) {
    constexpr std::string_view kKnown[] = {"enqueue_ms", "h2d_ms", "compute_ms", "d2h_ms"};
    const auto found = std::find(std::begin(kKnown), std::end(kKnown), name);
    return static_cast<std::size_t>(found - std::begin(kKnown));
  }

  static std::vector<StageSummary> stages(const Json& stats, const std::string& where,
                                          const RunConfig& config) {
    std::vector<StageSummary> out;
    for (const auto& [key, value] : stats.items()) {
      if (!is_stage_key(key)) continue;
      out.push_back(StageSummary{key, latency_summary(value, child(where, key), config)});
    }
    if constexpr (!std::is_same_v<Json, nlohmann::ordered_json>) {
      std::stable_sort(out.begin(), out.end(), [](const StageSummary& a, const StageSummary& b) {
        const std::size_t rank_a = stage_rank(a.name);
        const std::size_t rank_b = stage_rank(b.name);
        return rank_a != rank_b ? rank_a < rank_b : a.name < b.name;
      });
    }
    return out;
  }

  static Breakdown breakdown(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    const auto number = [&](std::string_view key) {
      return measured(required(in, key, where), child(where, key));
    };
    Breakdown out;
    out.stages_mean_ms = number("stages_mean_ms");
    out.latency_mean_ms = number("latency_mean_ms");
    out.gap_ms = number("gap_ms");
    out.gap_fraction = number("gap_fraction");
    out.event_cost_ms = number("event_cost_ms");
    return out;
  }

  static Startup startup(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    const auto number = [&](std::string_view key) {
      return measured(required(in, key, where), child(where, key));
    };
    Startup out;
    // Added in 1.4: absent from older files, where the setup was part of load_ms.
    if (const Json* found = optional(in, "framework_init_ms"))
      out.framework_init_ms = measured(*found, child(where, "framework_init_ms"));
    out.load_ms = number("load_ms");
    out.prepare_ms = number("prepare_ms");
    out.first_inference_ms = number("first_inference_ms");
    out.second_inference_ms = number("second_inference_ms");
    // Added in 1.5, optional in every 1.x file: absent where the backend timed no parts of its load.
    if (const Json* found = optional(in, "load_steps")) {
      const std::string steps_at = child(where, "load_steps");
      for (const Json& item : array(*found, steps_at)) {
        const std::string at = element(steps_at, out.load_steps.size());
        object(item, at);
        out.load_steps.push_back({string(required(item, "name", at), child(at, "name")),
                                  measured(required(item, "ms", at), child(at, "ms"))});
      }
    }
    return out;
  }

  static DeviceMemory device_memory(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    // The deltas are signed: memory freed by another process (or by the allocator) can make one negative.
    const auto delta = [&](std::string_view key) {
      return int64(required(in, key, where), child(where, key));
    };
    DeviceMemory out;
    out.total_bytes = uint64(required(in, "total_bytes", where), child(where, "total_bytes"));
    out.used_before_bytes = delta("used_before_bytes");
    if (const Json* found = optional(in, "framework_bytes"))  // added in 1.4
      out.framework_bytes = int64(*found, child(where, "framework_bytes"));
    out.model_bytes = delta("model_bytes");
    out.buffers_bytes = delta("buffers_bytes");
    out.run_bytes = delta("run_bytes");
    return out;
  }

  static Throughput throughput(const Json& value, const std::string& where) {
    const Json& in = object(value, where);
    return Throughput{measured(required(in, "fps", where), child(where, "fps")),
                      measured(required(in, "inferences_per_s", where), child(where, "inferences_per_s"))};
  }

  static RunStatus status(const Json& value, const std::string& where) {
    const std::string name = string(value, where);
    if (name == "ok") return RunStatus::ok;
    if (name == "failed") return RunStatus::failed;
    if (name == "interrupted") return RunStatus::interrupted;
    fail("'" + where + "' must be \"ok\", \"failed\" or \"interrupted\", not \"" + name + "\"");
  }

  // A kind this reader does not know (a newer minor version's) reads as a plain run failure.
  static core::ErrorKind error_kind(const std::string& name) {
    for (const core::ErrorKind kind : {core::ErrorKind::input, core::ErrorKind::unavailable,
                                       core::ErrorKind::run_failed, core::ErrorKind::out_of_memory}) {
      if (name == core::error_kind_name(kind)) return kind;
    }
    return core::ErrorKind::run_failed;
  }

  static Run run(const Json& value, const std::string& where, bool v1_1) {
    const Json& in = object(value, where);
    Run out;
    out.name = string(required(in, "name", where), child(where, "name"));
    out.backend = string(required(in, "backend", where), child(where, "backend"));
    out.device = string(required(in, "device", where), child(where, "device"));
    out.status = status(required(in, "status", where), child(where, "status"));
    out.error = optional_string(in, "error", where);
    if (const std::optional<std::string> kind = optional_string(in, "error_kind", where)) {
      out.error_kind = error_kind(*kind);
    }
    out.model = model(required(in, "model", where), child(where, "model"));
    out.config = config(required(in, "config", where), child(where, "config"), out.model, v1_1);
    out.samples = samples(required(in, "samples", where), child(where, "samples"), out.config, v1_1);
    // Any string, like config.sync: a newer minor version may add reasons.
    if (const Json* found = added(in, "stopped_by", where, v1_1)) {
      out.stopped_by = string(*found, child(where, "stopped_by"));
    }
    if (const Json* stats_value = optional(in, "stats")) {
      const std::string stats_at = child(where, "stats");
      const Json& stats = object(*stats_value, stats_at);
      if (const Json* latency = optional(stats, "latency_ms")) {
        const std::string latency_at = child(stats_at, "latency_ms");
        out.latency = latency_summary(*latency, latency_at, out.config);
        if (const Json* ci = added(*latency, "ci95", latency_at, v1_1)) {
          out.latency_intervals = intervals(*ci, child(latency_at, "ci95"));
        }
      }
      out.stages = stages(stats, stats_at, out.config);
      if (const Json* found = optional(stats, "breakdown")) {
        out.breakdown = breakdown(*found, child(stats_at, "breakdown"));
      }
      if (const Json* rates = optional(stats, "throughput")) {
        out.throughput = throughput(*rates, child(stats_at, "throughput"));
      }
      if (const Json* found = optional(stats, "telemetry")) {
        out.telemetry_summary = telemetry_summary(*found, child(stats_at, "telemetry"));
      }
      if (const Json* found = optional(stats, "process"))
        out.process = process(*found, child(stats_at, "process"));
    }
    if (const Json* found = added(in, "startup", where, v1_1); found != nullptr && !found->is_null()) {
      out.startup = startup(*found, child(where, "startup"));
    }
    if (const Json* found = added(in, "device_memory", where, v1_1); found != nullptr && !found->is_null()) {
      out.device_memory = device_memory(*found, child(where, "device_memory"));
    }
    if (const Json* found = optional(in, "telemetry"))
      out.telemetry = telemetry(*found, child(where, "telemetry"));
    if (const Json* found = optional(in, "quality")) out.quality = quality(*found, child(where, "quality"));
    if (const Json* found = optional(in, "layer_profile"))
      out.layer_profile = layer_profile(*found, child(where, "layer_profile"));
    out.warnings = warnings(required(in, "warnings", where), child(where, "warnings"));
    return out;
  }

  static Result result(const Json& value) {
    if (!value.is_object()) fail("the top level must be a JSON object");
    Result out;
    out.schema_version = string(required(value, "schema_version", ""), "schema_version");
    // Minor and patch versions only add; a different major may mean anything.
    const std::string_view version = out.schema_version;
    const std::string_view ours = kSchemaVersion;
    const std::size_t dot = version.find('.');
    unsigned minor = 0;
    const bool minor_ok =
        dot != std::string_view::npos &&
        std::from_chars(version.data() + dot + 1, version.data() + version.size(), minor).ec == std::errc{};
    if (version.substr(0, dot) != ours.substr(0, ours.find('.')) || !minor_ok) {
      fail("schema_version '" + out.schema_version + "' is not supported (this inferbench reads " +
           std::string(ours.substr(0, ours.find('.'))) + ".x.x)");
    }
    // 1.0 files predate the keys added in 1.1 (timing modes, stage samples, intervals, startup, memory):
    // there they are optional and keep the model's defaults; from 1.1 on they are required like the rest.
    const bool v1_1 = minor >= 1;
    out.interrupted = boolean(required(value, "interrupted", ""), "interrupted");
    out.environment = environment(required(value, "environment", ""), "environment");
    const Json& runs = array(required(value, "runs", ""), "runs");
    out.runs.reserve(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) out.runs.push_back(run(runs[i], element("runs", i), v1_1));
    return out;
  }
};

// nlohmann's messages start with "[json.exception.parse_error.101] "; users need only the part after it.
[[nodiscard]] std::string without_exception_id(const char* message) {
  const std::string_view text = message;
  const std::size_t end = text.starts_with("[json.exception.") ? text.find("] ") : std::string_view::npos;
  return std::string(end == std::string_view::npos ? text : text.substr(end + 2));
}

template <typename Json>
[[nodiscard]] Result read_result(const Json& json) {
  try {
    return Reader<Json>::result(json);
  } catch (const nlohmann::json::exception& error) {
    // Every access above is type-checked first; this only turns a check we missed into a clean error, not a
    // crash.
    fail(without_exception_id(error.what()));
  }
}

}  // namespace

nlohmann::json to_json(const Result& result) {
  return write_result<nlohmann::json>(result);
}

Result result_from_json(const nlohmann::json& json) {
  return read_result(json);
}

std::string serialize_result(const Result& result) {
  std::string text = write_result<nlohmann::ordered_json>(result).dump(
      2, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  return text;
}

Result parse_result(std::string_view text) {
  nlohmann::ordered_json json;
  try {
    json = nlohmann::ordered_json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& error) {
    fail("not valid JSON (" + without_exception_id(error.what()) + ")");
  }
  return read_result(json);
}

}  // namespace ib::result
