#pragma once
// A case -> the plan `inferbench run` builds from the same flags: the case's flags go through `run`'s own
// parser and plan::make_run_plan, so every check `run` makes applies to a suite file too. An error is
// reported at the key and line of the flag it names (else at the case's model).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "inferbench/registry.hpp"
#include "inferbench/spec.hpp"
#include "suite/suite.hpp"

namespace ib::suite {

/// The case's plan, writing into `output_dir`. Throws core::InputError "<file>:<line>: key '<key>': <why>".
[[nodiscard]] Plan case_plan(const SuiteCase& suite_case, const std::filesystem::path& file, const RunFlags& flags,
                             const backends::Registry& registry, const std::filesystem::path& output_dir,
                             std::optional<std::uint64_t> memory_bytes);

/// Replaces (or adds) one flag in every case that is not skipped: the suite command's --device.
void override_flag(Suite& suite, const std::string& flag, const std::string& value);

}  // namespace ib::suite
