#pragma once
// Device memory accounting of a run: memory read before loading, after loading, after preparing the buffers
// and after the passes, so the result can say what the model, its buffers and the run itself took. Where the
// backend has a framework allocator (PyTorch's caching allocator), its statistics are read too: the driver's
// numbers alone miss memory the allocator cached for an earlier model and hands to this one.
#include <cstdint>
#include <optional>

#include "inferbench/registry.hpp"
#include "inferbench/result.hpp"
#include "runner/platform.hpp"

namespace ib::runner {

/// Used device memory now; none where the platform cannot tell (the CPU).
[[nodiscard]] std::optional<std::uint64_t> used_bytes(const Platform& platform);

/// Device memory at one step: what the driver reports in use, and the backend's allocator where it has one.
struct MemoryReading {
  std::optional<std::uint64_t> used;
  std::optional<backends::AllocatorStats> allocator;
};

[[nodiscard]] MemoryReading read_memory(const Platform& platform, const backends::BackendInfo& backend);

struct MemoryReadings {
  MemoryReading framework_before;  ///< before the framework's one-time setup (= before where it has none)
  MemoryReading before;            ///< before loading
  MemoryReading loaded;            ///< after loading
  MemoryReading prepared;          ///< after the buffers were allocated and bound (the allocator's peak reset then)
};

/// Reads the memory after the passes and sets run.device_memory from it and `readings` (where the platform
/// tells): framework = growth over the framework's one-time setup, model = growth over loading, buffers =
/// growth over preparing, run = the allocator's peak since preparing (or the driver's growth where there is
/// no allocator).
void account_device_memory(const Platform& platform, const backends::BackendInfo& backend,
                           const MemoryReadings& readings, result::Run& run);

}  // namespace ib::runner
