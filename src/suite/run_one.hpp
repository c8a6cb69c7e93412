#pragma once
// A plan of one run (a suite's case, a sweep's point) through ib::PlanRunner into its own folder: result.json
// written whole, the reports beside it when asked, and the framework allocator's peak over the run where the
// backend has an allocator (its peak is reset first).
#include <atomic>
#include <optional>

#include "inferbench/backend.hpp"
#include "inferbench/registry.hpp"
#include "inferbench/result.hpp"
#include "inferbench/spec.hpp"

namespace ib::suite {

struct OneRun {
  result::Run run;
  std::optional<backends::AllocatorStats> allocator;
};

/// Throws core::InputError / core::UnavailableError when the plan cannot be prepared on this machine; a run
/// that fails is returned with status failed.
[[nodiscard]] OneRun run_one(const Plan& plan, const backends::Registry& registry, const std::atomic<bool>* stop,
                             bool reports);

}  // namespace ib::suite
