// `inferbench trtexec run|parse-times|parse-profile|parse-log|report`: drive trtexec and read what it writes.
// Thin: the flags become library requests (src/trtexec/), the results go to files and a short console
// summary.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include "cli/commands.hpp"
#include "cli/trtexec_parse.hpp"
#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "report/layer_profile.hpp"
#include "report/write_reports.hpp"
#include "result/result_json.hpp"
#include "result/warning_text.hpp"
#include "trtexec/artefacts.hpp"
#include "trtexec/command.hpp"
#include "trtexec/run.hpp"

namespace ib::cli {
namespace {

namespace fs = std::filesystem;

// The log lines shown when trtexec fails: enough for its error and the options it echoed before it.
constexpr std::size_t kFailureTailLines = 20;
constexpr std::size_t kRunTopLayers = 20;

std::size_t top_k_of(std::int64_t value) {
  if (value < 1) throw core::InputError(fmt::format("--top-k must be at least 1 (got {})", value));
  return static_cast<std::size_t>(value);
}

fs::path output_dir_for(const std::optional<std::string>& given, const fs::path& input) {
  fs::path dir = given ? fs::path(*given) : input.parent_path();
  if (dir.empty()) dir = ".";
  io::ensure_writable_directory(dir);
  return dir;
}

// run_trtexec.sh's pass-through flags, then the words of its --extra "...": before the arguments after --.
std::vector<std::string> toolkit_args(const TrtexecRunOptions& options) {
  std::vector<std::string> args;
  if (options.avg_runs) {
    if (*options.avg_runs < 1) throw core::InputError("--avgRuns must be at least 1");
    args.push_back(fmt::format("--avgRuns={}", *options.avg_runs));
  }
  if (options.fp16) args.emplace_back("--fp16");
  if (options.int8) args.emplace_back("--int8");
  if (options.best) args.emplace_back("--best");
  if (options.extra) {
    for (std::string& word : trtexec::split_words(*options.extra)) args.push_back(std::move(word));
  }
  return args;
}

int run(const TrtexecRunOptions& options, std::ostream& out, std::ostream& err) {
  trtexec::RunRequest request;
  trtexec::RunSettings& settings = request.settings;
  if (options.engine) settings.engine = *options.engine;
  if (options.onnx) settings.onnx = *options.onnx;
  for (const std::string& shape : options.shapes) settings.shapes.push_back(core::parse_shape_arg(shape));
  settings.batch = options.batch;
  settings.forward_batch = options.forward_batch;
  settings.iterations = options.iterations;
  settings.warmup_ms = options.warmup_ms;
  settings.duration_s = options.duration_s;
  settings.cuda_graph = options.cuda_graph;
  settings.spin_wait = options.spin_wait;
  settings.data_transfers = !options.no_transfers;
  settings.profile = !options.no_profile;
  settings.separate_profile_run = !options.no_separate_profile_run;
  settings.extra_args = toolkit_args(options);
  settings.extra_args.insert(settings.extra_args.end(), options.extra_args.begin(), options.extra_args.end());
  request.trtexec = options.trtexec;
  request.output_dir = options.output_dir;
  request.command_line = options.command_line;

  const trtexec::RunOutcome outcome = trtexec::run_trtexec(request);
  fmt::print(err, "ran: {}\n", trtexec::quote_command(outcome.argv));
  if (outcome.exit_code != 0) {
    fmt::print(err, "inferbench: error: trtexec failed with exit code {}; the last {} lines of {}:\n",
               outcome.exit_code, kFailureTailLines, outcome.log.string());
    std::string text;
    try {
      text = trtexec::read_artefact(outcome.log, "trtexec log");
    } catch (const core::Error&) {
    }
    for (const std::string& line : trtexec::last_lines(text, kFailureTailLines))
      fmt::print(err, "  {}\n", line);
    return outcome.exit_code;
  }

  const fs::path dir = fs::absolute(options.output_dir);
  const fs::path times = dir / trtexec::kTimesFile;
  std::error_code error;
  if (!fs::exists(times, error)) {
    throw core::RunError(
        fmt::format("trtexec exited with 0 but wrote no {} (see {})", times.string(), outcome.log.string()));
  }
  // The batch given is the one to report with, whatever the folder held before.
  const int code = parse_times_into(times, options.batch, std::nullopt, options.command_line, dir, out, err);
  if (settings.profile) {
    const fs::path profile = dir / trtexec::kProfileFile;
    if (fs::exists(profile, error)) {
      (void)profile_into(profile, kRunTopLayers, dir, out, err);
    } else {
      fmt::print(err, "warning: trtexec wrote no {} (see {})\n", profile.string(), outcome.log.string());
    }
  }
  return code;
}

int parse_times(const TrtexecParseTimesOptions& options, std::ostream& out, std::ostream& err) {
  const fs::path dir = output_dir_for(options.output_dir, options.times);
  return parse_times_into(options.times, options.batch, options.warmup_ms, options.command_line, dir, out,
                          err);
}

int parse_profile(const TrtexecParseProfileOptions& options, std::ostream& out, std::ostream& err) {
  const std::size_t top_k = top_k_of(options.top_k);
  const fs::path dir = output_dir_for(options.output_dir, options.profile);
  return profile_into(options.profile, top_k, dir, out, err);
}

int parse_log(const TrtexecParseLogOptions& options, std::ostream& out) {
  const trtexec::LogSummary log = trtexec::parse_artefact(options.log, "trtexec log", trtexec::parse_log);
  if (options.json) {
    out << trtexec::to_json_text(trtexec::log_summary_json(log));
  } else {
    out << trtexec::log_table(log);
  }
  return 0;
}

// The same writer as `inferbench run`: result.json, then the exports, figures and report.html of
// report/write_reports. Returns every file written; an export that cannot be written is a run error.
std::vector<fs::path> write_common_reports(const result::Result& result, const fs::path& dir, std::ostream& err) {
  io::ensure_writable_directory(dir);
  io::write_file_atomically(dir / "result.json", result::serialize_result(result));
  const report::ReportFiles files = report::write_reports(result, dir);
  for (const std::string& note : files.notes) fmt::print(err, "note: {}\n", note);
  if (!files.errors.empty()) throw core::RunError(files.errors.front());
  std::vector<fs::path> written{dir / "result.json"};
  written.insert(written.end(), files.written.begin(), files.written.end());
  return written;
}

int report(const TrtexecReportOptions& options, std::ostream& out, std::ostream& err) {
  const std::size_t top_k = top_k_of(options.top_k);
  const fs::path dir = options.output_dir ? fs::path(*options.output_dir) : fs::path(options.artifacts);
  trtexec::ReportOutcome outcome = trtexec::build_report(options.artifacts, top_k);
  const std::vector<fs::path> written =
      outcome.result ? write_common_reports(*outcome.result, dir, err) : std::vector<fs::path>{};
  trtexec::write_report_files(outcome, dir);
  print_notes(err, outcome.notes);
  for (const char* name : {"report.json", "report.md"}) fmt::print(out, "{}\n", (dir / name).string());
  for (const fs::path& path : written) fmt::print(out, "{}\n", path.string());
  return 0;
}

}  // namespace

int trtexec_command(const TrtexecOptions& options, std::ostream& out, std::ostream& err) {
  if (const auto* o = std::get_if<TrtexecRunOptions>(&options)) return run(*o, out, err);
  if (const auto* o = std::get_if<TrtexecParseTimesOptions>(&options)) return parse_times(*o, out, err);
  if (const auto* o = std::get_if<TrtexecParseProfileOptions>(&options)) return parse_profile(*o, out, err);
  if (const auto* o = std::get_if<TrtexecParseLogOptions>(&options)) return parse_log(*o, out);
  return report(std::get<TrtexecReportOptions>(options), out, err);
}

}  // namespace ib::cli
