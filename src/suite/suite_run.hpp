#pragma once
// Running a suite's cases one after another through the public API (ib::PlanRunner), each into
// DIR/cases/<case>/ with its own result.json and reports, and the suite's files rewritten after every case,
// so a suite stopped at any point keeps what it finished. A failing case is recorded and the suite goes on;
// a stop request ends the case in progress (recorded as interrupted) and starts no other.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <vector>

#include "inferbench/registry.hpp"
#include "inferbench/spec.hpp"
#include "suite/suite.hpp"
#include "suite/suite_record.hpp"

namespace ib::suite {

struct SuiteRunOptions {
  std::filesystem::path output_dir;
  bool resume = false;  ///< keep cases suite.json records as ok whose result.json is there
  const std::atomic<bool>* stop = nullptr;
  bool reports = true;  ///< figures and exports beside each case's result.json
};

/// Every case's plan (none for a skipped case), built before anything runs so a bad value in the file stops
/// the suite at once. Throws core::InputError naming the key and line.
[[nodiscard]] std::vector<std::optional<Plan>> suite_plans(const Suite& suite, const RunFlags& flags,
                                                           const backends::Registry& registry,
                                                           const std::filesystem::path& output_dir,
                                                           std::optional<std::uint64_t> memory_bytes);

/// Runs the suite; progress lines go to `log`. The record is what suite.json holds at the end.
[[nodiscard]] SuiteRecord run_suite(const Suite& suite, const std::vector<std::optional<Plan>>& plans,
                                    const backends::Registry& registry, const SuiteRunOptions& options,
                                    std::ostream& log);

/// The folder of a case's result, relative to the suite's folder.
[[nodiscard]] std::filesystem::path case_dir(const std::string& case_name);

}  // namespace ib::suite
