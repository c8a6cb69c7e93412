#pragma once
// A suite file (docs/suites.md) expanded into cases: one model, one backend, one precision and one batch size
// each. A case is kept as the `run` flags it stands for (with the YAML key and line each came from), so it
// becomes the very plan `inferbench run` would build from those flags (suite/case_plan.hpp): a suite and `run`
// cannot disagree about what a value means or whether it is valid.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plan/run_options.hpp"

namespace ib::suite {

/// Where a value came from in the suite file: its key ("runtime.precision") and line (1-based).
struct Origin {
  std::string key;
  int line = 0;
  bool operator==(const Origin&) const = default;
};

/// One `run` flag of a case: "--warmup" with "10", or a switch ("--cuda-graph") without a value.
struct CaseArg {
  std::string flag;
  std::optional<std::string> value;
  Origin origin;
  bool operator==(const CaseArg&) const = default;
};

struct SuiteCase {
  std::string name;       ///< unique, safe as a folder name (suite/case_name.hpp)
  std::string config;     ///< the suite.md "Config" column: the model's name, and the batch when it varies
  std::string model;      ///< a file (resolved), or a built-in model ("demo", "fake:0.2")
  std::string backend;    ///< a registry name, or the suite file's name for one this build lacks
  std::string precision;  ///< fp32, fp16, bf16, int8
  std::optional<std::int64_t> batch;
  std::vector<CaseArg> args;               ///< every `run` flag of the case, model and backend included
  std::optional<std::string> skip_reason;  ///< set: the case is listed, not run
  Origin origin;                           ///< the model's key
};

struct Suite {
  std::string name;
  std::filesystem::path file;
  std::string format;  ///< "inferbench" or "perf_run" (the multi-backend runner's)
  std::vector<SuiteCase> cases;
};

/// A `run` flag as the command line declares it: its long name without dashes, and whether it takes a value.
struct RunFlag {
  std::string name;
  bool takes_value = true;
};

/// `run`'s flags, from the CLI (cli/flags.hpp): the names a suite file may use as keys, and the parser that
/// turns flags into options. `parse` throws core::InputError with the command line's message.
struct RunFlags {
  std::vector<RunFlag> flags;
  std::function<plan::RunOptions(std::span<const std::string> args)> parse;
  [[nodiscard]] const RunFlag* find(std::string_view name) const;
};

}  // namespace ib::suite
