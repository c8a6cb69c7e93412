#pragma once
// `inferbench run`'s flags -> the typed plan (inferbench/spec.hpp), every value parsed and checked once. Pure:
// no file is opened and no device is asked; what needs the machine (files, devices, NVML) is checked when the
// plan is prepared to run (inferbench/run.hpp).
#include <cstdint>
#include <optional>

#include "inferbench/registry.hpp"
#include "inferbench/spec.hpp"
#include "plan/run_options.hpp"

namespace ib::plan {

/// Throws core::InputError (bad or conflicting values), naming the flag. `memory_bytes`: the machine's memory,
/// when known, for the check that the samples asked for fit.
[[nodiscard]] Plan make_run_plan(const RunOptions& options, const backends::Registry& registry,
                                 std::optional<std::uint64_t> memory_bytes);

}  // namespace ib::plan
