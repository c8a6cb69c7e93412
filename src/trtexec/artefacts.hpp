#pragma once
// The filesystem side of the trtexec subcommands: read an artefact (with its file name in every error), find
// the files beside it, turn the parsed pieces into the output files of parse-times, parse-profile and report,
// and write them atomically. The parsers themselves (times, profile, log, side_files) see text only.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "inferbench/errors.hpp"
#include "inferbench/result.hpp"
#include "trtexec/exporters.hpp"
#include "trtexec/log.hpp"
#include "trtexec/profile.hpp"
#include "trtexec/side_files.hpp"
#include "trtexec/times.hpp"

namespace ib::trtexec {

/// The whole file, at most 1 GiB. Throws core::InputError "cannot read <what> '<path>': <reason>".
[[nodiscard]] std::string read_artefact(const std::filesystem::path& path, std::string_view what);

/// Parses a file with `parse` (a text parser); its ParseError becomes core::InputError "<what> '<path>':
/// <reason>".
template <typename Parse>
[[nodiscard]] auto parse_artefact(const std::filesystem::path& path, std::string_view what, Parse&& parse) {
  const std::string text = read_artefact(path, what);
  try {
    return parse(std::string_view(text));
  } catch (const core::InputError& error) {
    throw core::InputError(std::string(what) + " '" + path.string() + "': " + error.what());
  }
}

/// engine_metadata.json and run_config.json in `folder`, parsed when present.
struct SideFiles {
  std::optional<EngineFacts> engine;
  std::optional<RunConfigFacts> run_config;
};
[[nodiscard]] SideFiles read_side_files(const std::filesystem::path& folder);

struct TimesRequest {
  std::filesystem::path times;
  std::optional<std::int64_t>
      batch;                        ///< --batch; else run_config.json's, else engine_metadata.json's, else 1
  std::optional<double> warmup_ms;  ///< --warmup-ms; else run_config.json's warm-up, when it has one
  std::vector<std::string> command_line;  ///< recorded in result.json
};

struct TimesAnalysis {
  Times times;
  TimesReport report;
  result::Result result;
};

/// Reads the times file and the side files beside it; warns (in report.warnings) when their batch differs
/// from --batch. Throws core::InputError naming the file at fault.
[[nodiscard]] TimesAnalysis analyze_times(const TimesRequest& request);

/// summary.json, summary.csv, latency_series.csv, latency_percentiles.csv and result.json into `dir`.
void write_times_outputs(const TimesAnalysis& analysis, const std::filesystem::path& dir);

/// per_layer_times.csv and per_layer_time.png (through report/layer_profile.hpp) and profile_summary.json
/// into `dir`. Returns the figure notes.
[[nodiscard]] std::vector<std::string> write_profile_outputs(const Profile& profile, std::size_t top_k,
                                                             const std::filesystem::path& dir);

/// What `report` found in a folder of trtexec artefacts.
struct ReportOutcome {
  /// report.json: what the result model has no place for. {artifacts, files (name or null per artefact),
  /// result ("result.json" when there is one, else null), engine and run_config (the side files, when present),
  /// log (trtexec's own summary, or null), profile (profile_summary_json, without a result only; else the
  /// result's layer_profile), output_comparison (or null)}.
  nlohmann::ordered_json report;
  std::string markdown;            ///< report.md, once written
  std::vector<std::string> notes;  ///< for stderr: files skipped, figures not drawn
  /// The times as an inferbench result (with the per-layer profile when profile.json is there, the engine and
  /// run facts and the warnings), for the common reporters (report/write_reports.hpp), as `inferbench run`
  /// writes them; absent without times.json.
  std::optional<result::Result> result;
};

/// Reads what `artifacts` holds (times.json, profile.json, trtexec.log, engine_metadata.json, run_config.json,
/// and an output comparison: output_diff.json from `inferbench quality diff --json`, or compare.csv with
/// category,metric,pt_value,engine_value,delta,ratio) into the result and report.json's object. Writes
/// nothing. Throws core::InputError when the folder holds none of trtexec's artefacts or one of them is
/// malformed.
[[nodiscard]] ReportOutcome build_report(const std::filesystem::path& artifacts, std::size_t top_k);

/// Writes report.json and report.md into `output_dir`.
void write_report_files(ReportOutcome& outcome, const std::filesystem::path& output_dir);

/// report.md from report.json's object: a pointer to the common reports when there is a result, then the
/// engine and run facts of the side files, trtexec's own summary, the top layers (without a result) and the
/// output comparison.
[[nodiscard]] std::string report_markdown(const nlohmann::ordered_json& report);

}  // namespace ib::trtexec
