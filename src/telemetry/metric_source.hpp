#pragma once
// What the Sampler samples: a fixed list of metrics, read together once per sample. The sampler owns the
// timing (the grid, the cost of a whole sample); a source reads values, says which of its queries failed, and
// times each query, so the result can say what each metric cost. NvmlSource reads a GPU; FakeSource plays a
// script (tests, and runs without a GPU).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ib::telemetry {

/// Metric names and units, as result::MetricSeries documents them.
namespace metric {
inline constexpr const char* kGpuUtil = "gpu_util";                ///< %
inline constexpr const char* kMemUtil = "mem_util";                ///< %
inline constexpr const char* kVramUsed = "vram_used";              ///< MB (MiB, as nvidia-smi)
inline constexpr const char* kSmClock = "sm_clock";                ///< MHz
inline constexpr const char* kMemClock = "mem_clock";              ///< MHz
inline constexpr const char* kPower = "power";                     ///< W
inline constexpr const char* kTemperature = "temperature";         ///< C
inline constexpr const char* kEnergy = "energy";                   ///< J, counter since driver load
inline constexpr const char* kSmActivity = "sm_activity";          ///< % (GPM)
inline constexpr const char* kSmOccupancy = "sm_occupancy";        ///< % (GPM)
inline constexpr const char* kTensorActivity = "tensor_activity";  ///< % (GPM)
inline constexpr const char* kDramBwUtil = "dram_bw_util";         ///< % (GPM)
/// Not a metric of its own but listed with them in Telemetry::unsupported when the GPU cannot say.
inline constexpr const char* kClockEventReasons = "clock_event_reasons";
}  // namespace metric

struct MetricInfo {
  std::string name;
  std::string unit;
  bool supported = true;
  std::string unsupported_reason;  ///< why not, when !supported: "nvmlDeviceGetPowerUsage: not supported ..."
};

/// Where a sample falls on the sampler's grid. Sources read their costly metrics only on some grid points;
/// deciding from the grid (not from the measured time) keeps that choice exact and repeatable.
struct SampleSlot {
  std::int64_t grid_index = 0;      ///< k: the sample was due at start + k * interval
  std::int64_t grid_offset_ns = 0;  ///< k * interval
};

/// One sample's readings. The sampler reuses one object and resets it before every read.
struct SampleReadings {
  std::vector<double> values;  ///< aligned with metrics(); NaN where the query failed or was not due
  std::optional<std::uint64_t> clock_event_reasons;  ///< absent when unsupported or when the query failed
  std::vector<std::int64_t> query_cost_ns;           ///< aligned with queries(); -1 where not called
  std::vector<std::string> failures;                 ///< one message per failed query

  void reset(std::size_t metric_count, std::size_t query_count);
};

class MetricSource {
 public:
  virtual ~MetricSource() = default;
  /// NVML index of the GPU read (Telemetry::gpu_index).
  [[nodiscard]] virtual int gpu_index() const noexcept = 0;
  /// Every metric this kind of source knows, supported or not, in a fixed order.
  [[nodiscard]] virtual const std::vector<MetricInfo>& metrics() const noexcept = 0;
  /// Names of the calls whose cost is recorded; one call may feed several metrics.
  [[nodiscard]] virtual const std::vector<std::string>& queries() const noexcept = 0;
  [[nodiscard]] virtual bool has_clock_event_reasons() const noexcept = 0;
  /// Takes one sample into `out` (reset by the caller). A failing query is a value (NaN plus a message in
  /// out.failures); an exception means the source cannot go on, and ends the sampling.
  virtual void read(const SampleSlot& slot, SampleReadings& out) = 0;
};

}  // namespace ib::telemetry
