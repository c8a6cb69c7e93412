#pragma once
// What a suite leaves in its folder besides each case's own result: suite.json (every case, its status and
// headline numbers; schema-versioned, read back by --resume), suite.md (the multi-backend runner's table) and
// suite.csv. All three are rewritten whole (io/atomic_file) after every case.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/result.hpp"
#include "suite/suite.hpp"

namespace ib::suite {

inline constexpr const char* kSuiteSchemaVersion = "1.0.0";

enum class CaseStatus { pending, ok, failed, skipped, interrupted };
[[nodiscard]] const char* status_name(CaseStatus status);

/// A case's headline numbers (docs/suites.md, "Columns"): latencies in ms, rates in items (images) per second.
struct CaseNumbers {
  std::int64_t batch = 1;
  std::size_t samples = 0;
  double median_ms = 0;
  double mean_ms = 0;
  double p99_ms = 0;
  double std_ms = 0;
  double median_fps = 0;  ///< batch * 1000 / median latency
  double mean_fps = 0;    ///< batch * 1000 / mean latency
  std::optional<double> items_per_s;  ///< count * batch / timed wall time
  bool operator==(const CaseNumbers&) const = default;
};

struct CaseRecord {
  std::string name;
  std::string config;
  std::string model;
  std::string backend;
  std::string precision;
  std::optional<std::int64_t> batch;
  CaseStatus status = CaseStatus::pending;
  std::optional<std::string> reason;  ///< why skipped, or the error of a failed case
  std::optional<std::string> result;  ///< "cases/<name>/result.json", relative to the suite folder
  std::optional<CaseNumbers> numbers;
  bool operator==(const CaseRecord&) const = default;
};

struct SuiteRecord {
  std::string schema_version = kSuiteSchemaVersion;
  std::string name;
  std::string file;
  std::string format;
  bool interrupted = false;
  std::vector<CaseRecord> cases;
  bool operator==(const SuiteRecord&) const = default;
};

/// The record of a case before it runs (pending, or skipped with its reason).
[[nodiscard]] CaseRecord case_record(const SuiteCase& suite_case);
/// The numbers of a measured run; nothing when it has no sample.
[[nodiscard]] std::optional<CaseNumbers> case_numbers(const result::Run& run);

[[nodiscard]] std::string suite_json(const SuiteRecord& record);
/// Throws core::InputError naming `what` for text that is not a suite record of a known major version.
[[nodiscard]] SuiteRecord parse_suite_json(const std::string& text, const std::string& what);
[[nodiscard]] std::string suite_markdown(const SuiteRecord& record);
[[nodiscard]] std::string suite_csv(const SuiteRecord& record);

/// suite.json, suite.md and suite.csv into `dir`, each replaced whole.
void write_suite_files(const std::filesystem::path& dir, const SuiteRecord& record);

}  // namespace ib::suite
