#include "telemetry/clock_event_reasons.hpp"

#include <fmt/format.h>

#include "telemetry/nvml_api.hpp"

namespace ib::telemetry {
namespace {

struct Reason {
  std::uint64_t bit;
  const char* name;
  const char* hint;
};

constexpr Reason kReasons[] = {
    {nvml::nvmlClocksEventReasonGpuIdle, "gpu_idle", "nothing was running"},
    {nvml::nvmlClocksEventReasonApplicationsClocksSetting, "applications_clocks_setting",
     "application clocks are set below the maximum (nvidia-smi -q -d CLOCK shows them)"},
    {nvml::nvmlClocksEventReasonSwPowerCap, "sw_power_cap",
     "the power limit was reached (the workload draws as much as the GPU may)"},
    {nvml::nvmlClocksThrottleReasonHwSlowdown, "hw_slowdown",
     "hardware slowdown (temperature, power brake or power draw too high): check cooling and power"},
    {nvml::nvmlClocksEventReasonSyncBoost, "sync_boost",
     "a sync-boost group holds the clocks to its slowest GPU"},
    {nvml::nvmlClocksEventReasonSwThermalSlowdown, "sw_thermal_slowdown",
     "the GPU or its memory ran hot: check cooling and airflow"},
    {nvml::nvmlClocksThrottleReasonHwThermalSlowdown, "hw_thermal_slowdown",
     "the GPU overheated: check cooling and airflow"},
    {nvml::nvmlClocksThrottleReasonHwPowerBrakeSlowdown, "hw_power_brake_slowdown",
     "the system's power supply asserted the power brake"},
    {nvml::nvmlClocksEventReasonDisplayClockSetting, "display_clock_setting",
     "the display clock setting limits the clocks"},
};

}  // namespace

std::vector<std::string> decode_clock_event_reasons(std::uint64_t mask) {
  std::vector<std::string> names;
  for (int bit = 0; bit < 64; ++bit) {
    const std::uint64_t value = std::uint64_t{1} << bit;
    if ((mask & value) == 0) continue;
    const char* name = nullptr;
    for (const Reason& reason : kReasons) {
      if (reason.bit == value) name = reason.name;
    }
    names.push_back(name != nullptr ? std::string(name) : fmt::format("unknown_{:#x}", value));
  }
  return names;
}

std::string_view clock_event_reason_hint(std::string_view name) noexcept {
  for (const Reason& reason : kReasons) {
    if (name == reason.name) return reason.hint;
  }
  return {};
}

}  // namespace ib::telemetry
