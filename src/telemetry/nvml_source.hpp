#pragma once
// Samples one GPU through NVML: utilisation, memory, clocks, power, temperature, the energy counter, the
// clock-event reasons and, on GPUs with GPM (Hopper and newer), SM activity/occupancy, tensor activity and
// DRAM bandwidth. Most queries cost microseconds, but the energy counter costs ~3 ms (p99 16 ms on the H100
// here) and a GPM sample ~0.7 ms, so those two are read on a coarser grid of their own (options below).
// Every query is timed on the given clock so the result says what sampling cost.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "telemetry/gpm_sample.hpp"
#include "telemetry/metric_source.hpp"
#include "telemetry/nvml_session.hpp"

namespace ib::telemetry {

struct NvmlSourceOptions {
  /// Read the energy counter on the first sample of every span this long (0: every sample).
  double energy_interval_s = 1.0;
  /// Take a GPM sample on the first sample of every span this long; the GPM metrics are averages over the
  /// span since the previous GPM sample. At least 0.1 s (NVML needs 100 ms between GPM samples).
  double gpm_interval_s = 1.0;
  /// false: leave GPM out altogether (its metrics are then listed as unsupported).
  bool gpm = true;
};

class NvmlSource final : public MetricSource {
 public:
  /// Calls every query once to sort supported from unsupported (a missing entry point, NOT_SUPPORTED or
  /// NO_PERMISSION mark a metric unsupported; other errors are taken as passing). `device` and `clock` must
  /// outlive the source. Throws core::InputError for options out of range.
  NvmlSource(NvmlDevice device, core::Clock& clock, NvmlSourceOptions options = {});
  ~NvmlSource() override;
  NvmlSource(const NvmlSource&) = delete;
  NvmlSource& operator=(const NvmlSource&) = delete;
  NvmlSource(NvmlSource&&) = delete;
  NvmlSource& operator=(NvmlSource&&) = delete;

  [[nodiscard]] int gpu_index() const noexcept override { return device_.index; }
  [[nodiscard]] const std::vector<MetricInfo>& metrics() const noexcept override { return metrics_; }
  [[nodiscard]] const std::vector<std::string>& queries() const noexcept override { return queries_; }
  [[nodiscard]] bool has_clock_event_reasons() const noexcept override { return reasons_supported_; }
  /// Why the clock-event reasons cannot be read, when they cannot.
  [[nodiscard]] const std::string& clock_event_reasons_unsupported_reason() const noexcept {
    return reasons_unsupported_reason_;
  }
  [[nodiscard]] const NvmlSourceOptions& options() const noexcept { return options_; }

  void read(const SampleSlot& slot, SampleReadings& out) override;

 private:
  enum Query : int {
    kUtilization,
    kMemory,
    kSmClock,
    kMemClock,
    kPower,
    kTemperature,
    kEnergy,
    kReasons,
    kGpm,
    kQueryCount
  };

  /// One call of `query` (not GPM); writes its metrics into `values` (indexed like metrics_) and the reasons
  /// into `reasons`. Returns NVML's status; `call` names the entry point used.
  nvml::nvmlReturn_t call(Query query, double* values, std::uint64_t* reasons, const char** call) const;
  [[nodiscard]] bool has_entry_point(Query query, const char** missing) const;
  void probe();
  void probe_gpm();
  void timed(Query query, SampleReadings& out);
  void read_gpm(SampleReadings& out);
  [[nodiscard]] bool supported(Query query) const;
  void mark_unsupported(Query query, const std::string& reason);

  NvmlDevice device_;
  core::Clock& clock_;
  NvmlSourceOptions options_;
  std::vector<MetricInfo> metrics_;
  std::vector<std::string> queries_;
  bool reasons_supported_ = true;
  std::string reasons_unsupported_reason_;
  std::int64_t energy_interval_ns_ = 0;
  std::int64_t gpm_interval_ns_ = 0;
  std::int64_t last_energy_slot_ = -1;
  std::int64_t last_gpm_slot_ = -1;
  std::int64_t last_gpm_offset_ns_ = -1;
  // GPM: two buffers used in turn; a metric needs the previous sample and the current one.
  std::vector<GpmSample> gpm_samples_;
  int gpm_current_ = 0;
  bool gpm_have_previous_ = false;
  std::unique_ptr<nvml::nvmlGpmMetricsGet_t> gpm_request_;  // ~13 KB, allocated once
};

}  // namespace ib::telemetry
