#pragma once
// The result model: plain data, everything a report needs, and nothing derived that cannot be recomputed from the
// raw samples kept beside it. Its JSON form (src/result/result_json.hpp, docs/result-schema.md) is versioned.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/tensor_spec.hpp"
#include "stats/summary.hpp"

namespace ib::result {

/// major.minor.patch; bump major on a breaking change of the JSON form.
inline constexpr const char* kSchemaVersion = "1.0.0";

struct GpuInfo {
  int index = 0;
  std::string name;
  std::uint64_t total_memory_bytes = 0;
  std::string compute_capability;  ///< "9.0"
  bool operator==(const GpuInfo&) const = default;
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
  std::string timestamp_utc;  ///< ISO 8601, e.g. 2026-11-22T23:01:02Z
  std::vector<GpuInfo> gpus;  ///< empty without a usable GPU
  std::optional<std::string> cuda_driver_version;   ///< "13.0" from cudaDriverGetVersion
  std::optional<std::string> cuda_runtime_version;  ///< "13.0" from cudaRuntimeGetVersion
  std::optional<std::string> gpu_driver_version;    ///< "580.65.06" (from NVML where present)
  std::vector<BackendVersion> backends;             ///< backends used by the runs
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
  bool operator==(const RunConfig&) const = default;
};

struct Samples {
  std::vector<double> latency_ms;  ///< every timed iteration's wall latency, in order
  double timed_wall_s = 0;         ///< wall time from the first timed iteration's start to the last one's end
  bool operator==(const Samples&) const = default;
};

struct Throughput {
  double fps = 0;               ///< batch * 1000 / mean latency (ms)
  double inferences_per_s = 0;  ///< count * batch / timed_wall_s
  bool operator==(const Throughput&) const = default;
};

enum class RunStatus { ok, failed, interrupted };

struct Run {
  std::string name;
  std::string backend;
  std::string device;  ///< "cpu" or "cuda:0"
  RunStatus status = RunStatus::ok;
  std::optional<std::string> error;  ///< the one-line message when status is failed
  ModelInfo model;
  RunConfig config;
  Samples samples;
  std::optional<stats::Summary> latency;  ///< absent when no sample was taken
  std::optional<Throughput> throughput;
  std::vector<std::string> warnings;
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
