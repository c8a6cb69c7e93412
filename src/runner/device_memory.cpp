#include "runner/device_memory.hpp"

namespace ib::runner {
namespace {

std::int64_t delta(std::uint64_t after, std::uint64_t before) {
  return static_cast<std::int64_t>(after) - static_cast<std::int64_t>(before);
}

// Growth from `before` to `after`. With an allocator: the bytes in its live tensors, plus what grew outside it
// (used minus reserved: cudaMalloc'd buffers, contexts). `peak`: the allocator's peak since `before` stands for
// its live bytes at `after` (a run's activations are freed by its end).
std::int64_t growth(const MemoryReading& after, const MemoryReading& before, bool peak = false) {
  const std::int64_t used = delta(after.used.value_or(0), before.used.value_or(0));
  if (!after.allocator || !before.allocator) return used;
  const backends::AllocatorStats& a = *after.allocator;
  const backends::AllocatorStats& b = *before.allocator;
  return used - delta(a.reserved_bytes, b.reserved_bytes) +
         delta(peak ? a.peak_allocated_bytes : a.allocated_bytes, b.allocated_bytes);
}

}  // namespace

std::optional<std::uint64_t> used_bytes(const Platform& platform) {
  const auto info = platform.memory_info();
  if (!info) return std::nullopt;
  return info->total_bytes - info->free_bytes;
}

MemoryReading read_memory(const Platform& platform, const backends::BackendInfo& backend) {
  MemoryReading reading{used_bytes(platform), std::nullopt};
  if (reading.used && backend.allocator_stats) reading.allocator = backend.allocator_stats(platform.device());
  return reading;
}

void account_device_memory(const Platform& platform, const backends::BackendInfo& backend,
                           const MemoryReadings& readings, result::Run& run) {
  const MemoryReading after = read_memory(platform, backend);
  const auto info = platform.memory_info();
  if (!info) return;
  result::DeviceMemory memory;
  memory.total_bytes = info->total_bytes;
  memory.used_before_bytes = static_cast<std::int64_t>(readings.framework_before.used.value_or(0));
  memory.framework_bytes = growth(readings.before, readings.framework_before);
  memory.model_bytes = growth(readings.loaded, readings.before);
  memory.buffers_bytes = growth(readings.prepared, readings.loaded);
  memory.run_bytes = growth(after, readings.prepared, /*peak=*/true);
  run.device_memory = memory;
}

}  // namespace ib::runner
