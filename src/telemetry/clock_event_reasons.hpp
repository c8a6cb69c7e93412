#pragma once
// NVML's clock-event reasons (called throttle reasons before driver R535): a bitmask saying why the GPU's
// clocks are below their maximum right now. Decoded to stable snake_case names for results and warnings.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ib::telemetry {

/// Names of the bits set in `mask`, lowest bit first: gpu_idle, applications_clocks_setting, sw_power_cap,
/// hw_slowdown, sync_boost, sw_thermal_slowdown, hw_thermal_slowdown, hw_power_brake_slowdown,
/// display_clock_setting; a bit this table does not know becomes "unknown_0x200" (its value in hex).
[[nodiscard]] std::vector<std::string> decode_clock_event_reasons(std::uint64_t mask);

/// What the named reason means and what helps, a short phrase for warnings ("the power limit was reached").
/// Empty for names it does not know.
[[nodiscard]] std::string_view clock_event_reason_hint(std::string_view name) noexcept;

/// The gpu_idle bit: set whenever nothing runs, so it says nothing about a slowdown.
inline constexpr std::uint64_t kGpuIdleReason = 0x1;

}  // namespace ib::telemetry
