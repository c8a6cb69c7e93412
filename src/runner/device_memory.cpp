#include "runner/device_memory.hpp"

namespace ib::runner {
namespace {

std::int64_t delta(std::optional<std::uint64_t> after, std::optional<std::uint64_t> before) {
  return static_cast<std::int64_t>(after.value_or(0)) - static_cast<std::int64_t>(before.value_or(0));
}

}  // namespace

std::optional<std::uint64_t> used_bytes(const Platform& platform) {
  const auto info = platform.memory_info();
  if (!info) return std::nullopt;
  return info->total_bytes - info->free_bytes;
}

void account_device_memory(const Platform& platform, const MemoryReadings& readings, result::Run& run) {
  const auto after = used_bytes(platform);
  const auto info = platform.memory_info();
  if (!info) return;
  result::DeviceMemory memory;
  memory.total_bytes = info->total_bytes;
  memory.used_before_bytes = static_cast<std::int64_t>(readings.before.value_or(0));
  memory.model_bytes = delta(readings.loaded, readings.before);
  memory.buffers_bytes = delta(readings.prepared, readings.loaded);
  memory.run_bytes = delta(after, readings.prepared);
  run.device_memory = memory;
}

}  // namespace ib::runner
