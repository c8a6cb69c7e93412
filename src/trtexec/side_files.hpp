#pragma once
// engine_metadata.json and run_config.json, the two files `inferbench trtexec run` writes beside trtexec's
// artefacts (the evaluation toolkit's run_trtexec.sh wrote files of the same names with fewer keys; both are
// read). Parsing reads them to embed them and to learn the batch size and warm-up; it never rewrites them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "inferbench/shape.hpp"

namespace ib::trtexec {

struct RunConfigFacts {
  nlohmann::ordered_json json;        ///< the whole object, for embedding
  std::optional<std::int64_t> batch;  ///< "batch"
  std::optional<double> warmup_ms;    ///< "warmup_ms" (ours) or "warmup" (the toolkit's, milliseconds)
  std::optional<double> duration_s;   ///< "duration_s"
  std::optional<std::int64_t> iterations;
  std::optional<bool> cuda_graph;      ///< "cuda_graph" or the toolkit's "use_cuda_graph"
  std::vector<core::ShapeArg> shapes;  ///< "shapes": ["input:1x3x224x224", ...] or "a:1x3,b:2x4"
  std::optional<std::string> host;
  std::optional<std::string> timestamp_utc;  ///< "timestamp_utc" or the toolkit's "timestamp_iso"
  std::optional<std::string> tensorrt_version;
  std::vector<std::string> command;  ///< "command": the argument vector that ran (argv[0] the binary)
};

struct EngineFacts {
  nlohmann::ordered_json json;
  std::optional<std::string> path;
  std::optional<std::uint64_t> size_bytes;
  std::optional<std::string> sha256;
  std::optional<std::string> mtime_utc;  ///< "modified_iso"
  std::optional<std::int64_t> batch;
};

/// One row of compare.csv (the evaluation toolkit's comparison of a PyTorch run with the engine).
struct ComparisonRow {
  std::string category;
  std::string metric;
  std::optional<double> pt_value;
  std::optional<double> engine_value;
  std::optional<double> delta;  ///< engine - pt
  std::optional<double> ratio;  ///< engine / pt
  bool operator==(const ComparisonRow&) const = default;
};

/// compare.csv: the header category,metric,pt_value,engine_value,delta,ratio, then rows; empty cells are
/// missing values. Throws ParseError naming the line.
[[nodiscard]] std::vector<ComparisonRow> parse_comparison_csv(std::string_view text);

/// output_diff.json (`inferbench quality diff --json`): an object of numbers (null for non-finite). Throws
/// ParseError otherwise.
[[nodiscard]] nlohmann::ordered_json parse_output_diff(std::string_view text);

/// Parse the text of run_config.json / engine_metadata.json: a JSON object whose known keys, when present
/// and not null, have the right type. Throws ParseError otherwise.
[[nodiscard]] RunConfigFacts parse_run_config(std::string_view text);
[[nodiscard]] EngineFacts parse_engine_metadata(std::string_view text);

}  // namespace ib::trtexec
