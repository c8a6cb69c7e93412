#pragma once
// The result model: plain data, everything a report needs, and nothing derived that cannot be recomputed from
// the raw samples kept beside it. Its JSON form (src/result/result_json.hpp, docs/result-schema.md) is
// versioned.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/errors.hpp"
#include "inferbench/tensor_spec.hpp"
#include "inferbench/summary.hpp"

namespace ib::result {

/// major.minor.patch; bump major on a breaking change of the JSON form.
inline constexpr const char* kSchemaVersion = "1.5.0";

struct GpuInfo {
  int index = 0;
  std::string name;
  std::uint64_t total_memory_bytes = 0;
  std::string compute_capability;  ///< "9.0"
  bool operator==(const GpuInfo&) const = default;
};

/// What NVML says about one GPU, read once per invocation (inferbench never changes a setting). NVML indexes
/// GPUs as the driver does, not as CUDA_VISIBLE_DEVICES renumbers them. Absent values: the GPU or driver does
/// not report them.
struct GpuDetails {
  int index = 0;  ///< NVML index
  std::string name;
  std::string uuid;
  std::string pci_bus_id;
  std::optional<int> pcie_generation;  ///< current link
  std::optional<int> pcie_width;
  std::optional<int> pcie_max_generation;
  std::optional<int> pcie_max_width;
  std::optional<double> power_limit_w;  ///< enforced limit
  std::optional<bool> persistence_mode;
  std::optional<std::string> compute_mode;  ///< "default", "exclusive_process", "prohibited"
  std::optional<bool> ecc_enabled;
  std::optional<double> sm_clock_mhz;  ///< at capture time
  std::optional<double> sm_clock_max_mhz;
  std::optional<double> memory_clock_mhz;
  std::optional<double> memory_clock_max_mhz;
  // 1.4, provenance: what moves numbers between two runs on "the same" GPU.
  std::optional<double> sm_applications_clock_mhz;          ///< the application clock target
  std::optional<double> sm_default_applications_clock_mhz;  ///< the board's default target
  /// Clocks pinned by an administrator (application clocks off their default, or NVML's
  /// applications-clocks-setting event active at capture); absent when NVML answered neither.
  std::optional<bool> clocks_locked;
  std::optional<double> default_power_limit_w;  ///< the board's default; below power_limit_w = raised
  std::optional<bool> mig_enabled;              ///< MIG mode, current
  bool operator==(const GpuDetails&) const = default;
};

/// Whether GPU telemetry (NVML) could be used in this invocation, and what it reported.
struct NvmlInfo {
  bool available = false;
  std::string reason;  ///< why not, when unavailable ("libnvidia-ml.so.1 not found", ...)
  std::optional<std::string> nvml_version;
  std::vector<GpuDetails> gpus;
  bool operator==(const NvmlInfo&) const = default;
};

struct BackendVersion {
  std::string name;
  std::string version;
  bool operator==(const BackendVersion&) const = default;
};

struct Environment {
  std::string host;
  std::string cpu_model;
  unsigned cpu_cores = 0;  ///< logical CPUs online
  std::string os;          ///< PRETTY_NAME of /etc/os-release
  std::string kernel;      ///< uname release and machine, e.g. "6.1.0-18-amd64 x86_64"
  std::string compiler;
  std::string inferbench_version;
  std::string git_sha;
  std::vector<std::string> command_line;
  std::string timestamp_utc;                        ///< ISO 8601, e.g. 2026-11-22T23:01:02Z
  std::vector<GpuInfo> gpus;                        ///< empty without a usable GPU
  std::optional<std::string> cuda_driver_version;   ///< "13.0" from cudaDriverGetVersion
  std::optional<std::string> cuda_runtime_version;  ///< "13.0" from cudaRuntimeGetVersion
  std::optional<std::string> gpu_driver_version;    ///< "580.65.06" (from NVML where present)
  std::vector<BackendVersion> backends;             ///< backends used by the runs
  std::optional<NvmlInfo> nvml;                     ///< absent when telemetry was not attempted (1.2)
  std::optional<std::string> cpu_governor;  ///< 1.4: cpufreq scaling governor of CPU 0 ("performance", ...)
  std::optional<std::string> build_type;    ///< 1.4: CMAKE_BUILD_TYPE of this binary ("Release", ...)
  std::optional<std::string> build_flags;   ///< 1.4: the C++ compiler flags of that build type
  bool operator==(const Environment&) const = default;
};

struct ModelInfo {
  std::string path;  ///< as given, or "builtin:demo"
  std::uint64_t size_bytes = 0;
  std::string sha256;                ///< lowercase hex of the file (or of the serialized built-in model)
  std::optional<std::string> mtime;  ///< ISO 8601 UTC; absent for built-in models
  std::vector<core::TensorSpec> inputs;
  std::vector<core::TensorSpec> outputs;
  bool operator==(const ModelInfo&) const = default;
};

struct NamedShape {
  std::string name;
  core::Shape shape;
  bool operator==(const NamedShape&) const = default;
};

struct RunConfig {
  std::int64_t warmup = 0;
  std::int64_t iterations = 0;
  std::int64_t batch = 1;  ///< first dimension of the first input
  std::string dtype;       ///< "fp32", "fp16", ...
  std::vector<NamedShape> shapes;
  std::vector<double> percentiles;
  std::optional<double> warmup_ms;       ///< warm-up by time (--warmup-ms) instead of by count
  std::optional<double> duration_s;      ///< timed pass by time (--duration) instead of by count
  std::optional<double> target_ci;       ///< --until-stable: relative 95% CI half-width target, 0.01 = 1%
  std::optional<double> max_duration_s;  ///< --until-stable: give up after this long
  bool cuda_graph = false;               ///< the backend's enqueue captured once and replayed
  std::string sync = "auto";             ///< how the host waits for the GPU: auto, block, spin, yield
  bool transfers = true;                 ///< false: device-resident inputs, no H2D/D2H timed
  std::int64_t streams = 1;              ///< in-flight inferences, each with its own buffers and stream
  /// --image: the first input holds this image, preprocessed (else deterministic pseudo-random values).
  std::optional<std::string> input_image;
  /// PyTorch's settings as the backend applied them on CUDA ("on"/"off"; tf32 "default" = PyTorch's own:
  /// cuDNN convolutions in TF32, matmuls not); empty where the backend has none or the run is on the CPU.
  std::string cudnn_benchmark;
  std::string tf32;
  bool operator==(const RunConfig&) const = default;
};

struct Samples {
  std::vector<double> latency_ms;  ///< every timed iteration's wall latency, in order
  /// Host time spent inside the backend's enqueue call (or the CUDA graph launch), one per breakdown
  /// iteration.
  std::vector<double> enqueue_ms;
  /// The breakdown pass (CUDA only, after the speed pass, unless --no-breakdown): its own wall latencies, and
  /// device-side stage times from CUDA events on the run's stream, one per breakdown iteration (h2d/d2h empty
  /// without transfers). Kept apart from latency_ms because recording events costs time inside the round
  /// trip.
  std::vector<double> breakdown_latency_ms;
  std::vector<double> h2d_ms;
  std::vector<double> compute_ms;
  std::vector<double> d2h_ms;
  /// With several streams: the stream index of each sample (samples of all streams interleaved in completion
  /// order per stream); empty with one stream.
  std::vector<std::int32_t> stream;
  double timed_wall_s = 0;  ///< wall time from the first timed iteration's start to the last one's end
  /// When the timed pass began, in seconds since the Unix epoch (system clock; 1.4): with timed_wall_s, the
  /// window in which this run measured, which `inferbench launch` and `merge` intersect across processes.
  std::optional<double> timed_start_unix_s;
  std::int64_t warmup_iterations = 0;  ///< warm-up round trips done (untimed)
  double warmup_wall_s = 0;            ///< how long the warm-up took
  bool operator==(const Samples&) const = default;
};

/// A distribution-free confidence interval of one latency percentile, from order statistics
/// (docs/methodology.md).
struct PercentileInterval {
  double p = 0;
  double confidence = 0.95;
  bool available = false;  ///< false when there are too few samples for an interval at this confidence
  double lower = 0;
  double upper = 0;
  bool operator==(const PercentileInterval&) const = default;
};

/// Summary of one per-iteration series other than the wall latency ("enqueue_ms", "h2d_ms", ...).
struct StageSummary {
  std::string name;
  stats::Summary summary;
  bool operator==(const StageSummary&) const = default;
};

/// How far the event-timed stages account for the breakdown pass's wall latency (gap = its latency mean -
/// (h2d + compute + d2h means)), and what recording the events cost (its latency mean - the speed pass's).
struct Breakdown {
  double stages_mean_ms = 0;
  double latency_mean_ms = 0;  ///< of the breakdown pass
  double gap_ms = 0;
  double gap_fraction = 0;   ///< gap_ms / latency_mean_ms
  double event_cost_ms = 0;  ///< breakdown pass latency mean - speed pass latency mean
  bool operator==(const Breakdown&) const = default;
};

/// One named part of a backend's load, timed by the backend itself (TensorRT: create the runtime, read the plan,
/// deserialize, create the context), in milliseconds.
struct StartupStep {
  std::string name;
  double ms = 0;
  bool operator==(const StartupStep&) const = default;
};

/// Time to get to the first result, apart from the steady state.
struct Startup {
  double load_ms =
      0;  ///< backend load: read/deserialize, move to the device (LibTorch: plus one shape probe)
  double prepare_ms = 0;  ///< buffers allocated and bound, inputs filled, CUDA graph captured when asked
  double first_inference_ms = 0;   ///< the first full round trip (cold)
  double second_inference_ms = 0;  ///< the second (warm)
  /// The framework's one-time setup on the device, before the first load of the process (PyTorch: its CUDA
  /// state, cuBLAS and cuDNN handles); 0 for later models and for backends without any.
  double framework_init_ms = 0;
  /// 1.5: the parts of load_ms as the backend timed them, in order; empty where it times none.
  std::vector<StartupStep> load_steps{};
  bool operator==(const Startup&) const = default;
};

/// Device memory from cudaMemGetInfo deltas (other processes on a shared GPU move these too).
struct DeviceMemory {
  std::uint64_t total_bytes = 0;
  std::int64_t used_before_bytes = 0;  ///< used on the device before the model was loaded
  std::int64_t model_bytes = 0;        ///< growth over the load
  std::int64_t buffers_bytes = 0;      ///< growth over buffer allocation and binding
  std::int64_t run_bytes = 0;  ///< growth from the first inference to the end of the timed pass (activations,
                               ///< workspaces, CUDA graph, other streams' instances)
  std::int64_t framework_bytes = 0;  ///< growth over the framework's one-time setup (Startup::framework_init_ms)
  bool operator==(const DeviceMemory&) const = default;
};

struct Throughput {
  double fps = 0;               ///< batch * 1000 / mean latency (ms)
  double inferences_per_s = 0;  ///< count * batch / timed_wall_s
  bool operator==(const Throughput&) const = default;
};

/// One telemetry metric over a pass, one value per sample (aligned with Telemetry::time_s); NaN where that
/// metric's query failed in that sample.
struct MetricSeries {
  std::string name;  ///< gpu_util, mem_util, vram_used, sm_clock, mem_clock, power, temperature, energy,
                     ///< sm_activity, sm_occupancy, tensor_activity, dram_bw_util
  std::string unit;  ///< "%", "MB", "MHz", "W", "C", "J"
  std::vector<double> values;
  bool operator==(const MetricSeries&) const = default;
};

/// What one metric's query cost the sampler thread, measured around each call.
struct QueryCost {
  std::string metric;
  std::int64_t calls = 0;
  double mean_ms = 0;
  double max_ms = 0;
  bool operator==(const QueryCost&) const = default;
};

/// GPU telemetry sampled in a background thread during one pass (docs/methodology.md, "Telemetry").
struct Telemetry {
  std::string pass = "separate";  ///< "separate": its own pass after the speed pass; "concurrent": during it
  int gpu_index = 0;              ///< NVML index
  double interval_s = 0.1;        ///< requested period; samples start on a fixed grid, not interval + cost
  std::vector<double> time_s;     ///< each sample's start, from the pass's start
  std::vector<MetricSeries> series;
  /// NVML clock-event (throttle) reason bitmask of each sample, aligned with time_s (empty when unsupported).
  std::vector<std::uint64_t> clock_event_reasons;
  std::vector<std::string> unsupported;  ///< metrics this GPU or driver does not support (not zeros)
  std::int64_t failed_queries = 0;  ///< queries of supported metrics that failed mid-run (values are NaN)
  std::vector<std::string> errors;  ///< distinct messages of those failures
  double sample_cost_mean_ms = 0;   ///< one whole sample (every metric), measured on the sampler thread
  double sample_cost_max_ms = 0;
  std::vector<QueryCost> query_costs;
  bool operator==(const Telemetry&) const = default;
};

struct MetricSummary {
  std::string name;
  std::string unit;
  std::int64_t count = 0;  ///< finite values
  double mean = 0;
  double min = 0;
  double max = 0;
  bool operator==(const MetricSummary&) const = default;
};

/// Summaries of a run's telemetry, power and clocks. Energy and clocks are read at the edges of the speed
/// pass (outside its timed region); the metric summaries come from the telemetry pass's series.
struct TelemetrySummary {
  std::vector<MetricSummary> metrics;
  std::optional<double> energy_j;                ///< energy counter delta over the speed pass
  std::optional<double> energy_per_inference_j;  ///< energy_j / (iterations * batch)
  std::optional<double> mean_power_w;            ///< energy_j / the speed pass's wall time
  std::optional<double> peak_power_w;            ///< highest sampled power
  std::optional<double> sm_clock_before_mhz;     ///< just before the speed pass
  std::optional<double> sm_clock_after_mhz;      ///< just after it
  std::optional<double> clock_drop_fraction;     ///< (before - after) / before; > 0.05 warns
  std::vector<std::string> throttle_reasons;     ///< reasons seen during the passes (idle excluded)
  /// Concurrent mode: (speed-pass p50 with the sampler running - p50 of a pass without) / the latter.
  std::optional<double> concurrent_p50_change;
  std::optional<double> concurrent_baseline_p50_ms;
  bool operator==(const TelemetrySummary&) const = default;
};

/// What the process spent over the speed pass, from getrusage and /proc (every machine, CPU runs too).
struct ProcessCost {
  double cpu_user_s = 0;
  double cpu_system_s = 0;
  double cpu_ms_per_inference = 0;   ///< (user + system) / (iterations * batch)
  std::uint64_t peak_rss_bytes = 0;  ///< high-water mark of resident memory over the pass
  bool operator==(const ProcessCost&) const = default;
};

/// Cross-engine differences of one run's output against the reference run's (the first model). mae, rmse and
/// max_abs are on maps min-max normalised to [0,1] each on its own; cosine and rel_l2 on the raw values.
struct OutputComparison {
  std::string reference;  ///< the reference run's name
  double mae = 0;
  double rmse = 0;
  double max_abs = 0;
  double cosine = 0;
  double rel_l2 = 0;
  std::int64_t count = 0;
  std::int64_t nonfinite_reference = 0;
  std::int64_t nonfinite_test = 0;
  bool operator==(const OutputComparison&) const = default;
};

/// Depth metrics against ground truth (docs/methodology.md, "Depth metrics"); in dataset mode each is the
/// mean of the per-image values.
struct DepthScores {
  double abs_rel = 0;
  double sq_rel = 0;
  double rmse = 0;
  double rmse_log = 0;
  double log10 = 0;
  double silog = 0;
  double d1 = 0;
  double d2 = 0;
  double d3 = 0;
  bool operator==(const DepthScores&) const = default;
};

struct GroundTruthQuality {
  std::string mode;                 ///< "single-image" or "dataset"
  std::string source;               ///< the GT file, or the GT directory
  std::int64_t images = 0;          ///< images scored
  std::int64_t skipped_images = 0;  ///< dataset mode: images without a GT file of the same basename
  DepthScores metrics;
  std::int64_t valid_pixels = 0;  ///< summed over the images
  std::int64_t invalid_predictions =
      0;  ///< non-finite (or, with disparity, non-positive) predictions skipped
  bool median_scaling = true;
  bool disparity = false;
  double min_depth = 1e-5;
  double max_depth = 1e5;
  double gt_scale = 1;  ///< --gt-scale: GT depth = stored value / gt_scale
  bool operator==(const GroundTruthQuality&) const = default;
};

/// Accuracy of one run's output: the output compared, where it was saved, and its comparisons.
struct Quality {
  std::string output;                            ///< the model output compared (the first, or --output-name)
  core::Shape output_shape;                      ///< as the model produced it
  core::Shape map_shape;                         ///< H x W compared: squeezed, resized to the input image
  std::int64_t nonfinite_values = 0;             ///< NaN/Inf in the output map
  std::optional<std::string> output_file;        ///< the map as .npy, relative to result.json
  /// 1.3: the figures' copies, relative to result.json, so a report needs the result folder alone: the input
  /// image (.npy, uint8 H x W x 3) and the single-image ground truth after --gt-scale (.npy, fp32 H x W).
  std::optional<std::string> input_file;
  std::optional<std::string> ground_truth_file;
  std::optional<OutputComparison> vs_reference;  ///< cross-engine; absent on the reference run itself
  std::optional<GroundTruthQuality> ground_truth;
  bool operator==(const Quality&) const = default;
};

/// Every warning inferbench gives, as a closed set: the library records a kind and its values, and one place
/// (src/result/warning_text.cpp) turns them into the sentence users read, naming the flag that helps. A file
/// of schema 1.2 or older held plain sentences: they read back as `legacy`, the sentence in texts["text"].
enum class WarningKind {
  legacy,  ///< text
  // the run and its timed pass
  interrupted_before_timing,  ///< step
  interrupted,                ///< timed, warmup
  abandoned_backend_call,     ///< grace_s, timed
  target_not_reached,         ///< max_duration_s
  too_few_samples,            ///< samples, percentile, needed
  high_cv,                    ///< cv (fraction)
  host_bound,                 ///< enqueue_ms, compute_ms (means of the breakdown pass)
  peak_rss_lifetime,          ///< -
  // telemetry
  clock_drop,                ///< fraction, before_mhz, after_mhz
  clocks_held,               ///< reasons ("name: what it means; ...")
  telemetry_queries_failed,  ///< failed, other_messages; first_error
  sampler_overhead,          ///< sample_cost_ms, interval_s
  edge_read_failed,          ///< edge ("start"/"end"), error
  // outputs and quality
  nonfinite_output,             ///< output; nonfinite, values, nan, inf
  gt_resized,                   ///< gt_file; gt_width, gt_height, image_width, image_height
  no_valid_prediction,          ///< output, gt_file, reason
  invalid_predictions,          ///< count
  dataset_unusable,             ///< unusable, images
  dataset_skipped,              ///< skipped, images
  cross_engine_shape_mismatch,  ///< shape, reference, reference_shape
  cross_engine_not_compared,    ///< reference, reason
  // flags with no effect in this run
  no_transfers_no_comparison,   ///< -
  dataset_overrides_gt,         ///< -
  gpu_id_unused_on_cpu,         ///< gpu_id
  gpu_id_unused_telemetry_off,  ///< -
  // trtexec artefacts
  trtexec_latency_definition,    ///< -
  trtexec_host_bound,            ///< enqueue_ms, compute_ms (medians)
  trtexec_batch_mismatch,        ///< file; recorded, used, from_flag (1: given on the command line)
  trtexec_warmup_without_start,  ///< -
  trtexec_other_host,            ///< trtexec_host, parse_host
  trtexec_no_run_config,         ///< -
  trtexec_times_note,            ///< note (what the times reader had to tolerate)
  // 1.5
  layer_profile_unsupported,  ///< backend (--profile-layers on a backend that cannot time layers)
};

/// One warning: its kind and the values its text is made of. Values are named (a small map of numbers and
/// one of texts) rather than a struct per kind: 30-odd kinds would need 30-odd structs, JSON readers and
/// writers; the names are the JSON keys, and the renderer is the one place that knows which names a kind has.
struct Warning {
  WarningKind kind = WarningKind::legacy;
  std::map<std::string, double> numbers;
  std::map<std::string, std::string> texts;
  bool operator==(const Warning&) const = default;
};

/// One layer of an engine's per-layer profile (trtexec --exportProfile): its name as the engine reports it
/// (TensorRT does not promise unique names; repeats are renamed "name [2]"), times in milliseconds.
struct LayerTime {
  std::string name;
  double time_ms = 0;               ///< the layer's total over the profiled iterations
  double average_ms = 0;            ///< per iteration: what a layer costs one inference
  std::optional<double> median_ms;  ///< per iteration (TensorRT 8.4+)
  double percentage = 0;            ///< share of the profiled time, in percent
  bool operator==(const LayerTime&) const = default;
};

/// Where one inference's GPU time goes, layer by layer: a profiled run's per-layer times, in execution
/// order. The reporters rank and draw it (per_layer_times.csv, per_layer_time.png, summary.md).
struct LayerProfile {
  std::optional<std::int64_t> iterations;  ///< iterations profiled, when the profile says
  std::vector<LayerTime> layers;
  bool operator==(const LayerProfile&) const = default;
};

enum class RunStatus { ok, failed, interrupted };

struct Run {
  std::string name;
  std::string backend;
  std::string device;  ///< "cpu" or "cuda:0"
  RunStatus status = RunStatus::ok;
  std::optional<std::string> error;  ///< the one-line message when status is failed
  /// 1.5: what kind of failure (out_of_memory: a sweep's limit); absent for runs that did not fail and in older
  /// files.
  std::optional<core::ErrorKind> error_kind;
  ModelInfo model;
  RunConfig config;
  Samples samples;
  std::optional<stats::Summary> latency;              ///< absent when no sample was taken
  std::vector<PercentileInterval> latency_intervals;  ///< 95% CIs of p50 and p99, for every run
  std::vector<StageSummary> stages;    ///< enqueue_ms, h2d_ms, compute_ms, d2h_ms where measured
  std::optional<Breakdown> breakdown;  ///< where CUDA events were recorded
  std::optional<Throughput> throughput;
  /// Why the timed pass ended: "iterations", "duration", "stable", "max_duration" or "interrupted".
  std::string stopped_by = "iterations";
  std::optional<Startup> startup;
  std::optional<DeviceMemory> device_memory;
  std::optional<Telemetry> telemetry;                 ///< 1.2: series of the telemetry pass
  std::optional<TelemetrySummary> telemetry_summary;  ///< 1.2: stats.telemetry
  std::optional<ProcessCost> process;                 ///< 1.2: stats.process
  std::optional<Quality> quality;                     ///< 1.2
  std::optional<LayerProfile> layer_profile;          ///< 1.3: absent unless profiled (--profile-layers, trtexec)
  std::vector<Warning> warnings;                      ///< 1.3: kinds with values (plain sentences before)
  bool operator==(const Run&) const = default;
};

struct Result {
  std::string schema_version = kSchemaVersion;
  bool interrupted = false;
  Environment environment;
  std::vector<Run> runs;
  bool operator==(const Result&) const = default;
};

}  // namespace ib::result
