#pragma once
// Device memory accounting of a run: used memory read before loading, after loading, after preparing the
// buffers and after the passes, so the result can say what the model, its buffers and the run itself took.
#include <cstdint>
#include <optional>

#include "inferbench/result.hpp"
#include "runner/platform.hpp"

namespace ib::runner {

/// Used device memory now; none where the platform cannot tell (the CPU).
[[nodiscard]] std::optional<std::uint64_t> used_bytes(const Platform& platform);

struct MemoryReadings {
  std::optional<std::uint64_t> before;    ///< before loading
  std::optional<std::uint64_t> loaded;    ///< after loading
  std::optional<std::uint64_t> prepared;  ///< after the buffers were allocated and bound
};

/// Reads the memory used after the passes and sets run.device_memory from it and `readings` (where the
/// platform tells).
void account_device_memory(const Platform& platform, const MemoryReadings& readings, result::Run& run);

}  // namespace ib::runner
