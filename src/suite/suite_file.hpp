#pragma once
// Reading a suite file (docs/suites.md): ours, or the multi-backend runner's (recognised by its `model` and
// `runtime` keys), into its cases. Every error names the key and line (core::InputError, exit 2); a
// combination this build cannot run is a case with a skip reason, not an error.
#include <filesystem>

#include "inferbench/registry.hpp"
#include "suite/suite.hpp"
#include "suite/yaml_reader.hpp"

namespace ib::suite {

[[nodiscard]] Suite load_suite(const std::filesystem::path& file, const backends::Registry& registry,
                               const RunFlags& flags);

/// The multi-backend runner's format (suite/perf_run_format.cpp), from its parsed document.
[[nodiscard]] Suite load_perf_run_suite(const YamlReader& reader, const YAML::Node& root,
                                        const backends::Registry& registry, const RunFlags& flags);

/// A key of the file that names a `run` flag ("warmup", "cuda-graph") as the flag and value it stands for;
/// the flag alone is parsed at once, so a value of the wrong type fails at its line. A switch takes true or
/// false (false: not given); a list is joined with commas ("percentiles: [50, 99]").
[[nodiscard]] std::optional<CaseArg> run_flag_arg(const YamlReader& reader, const YAML::Node& key,
                                                  const YAML::Node& value, const std::string& name,
                                                  const RunFlag& flag, const RunFlags& flags);

}  // namespace ib::suite
