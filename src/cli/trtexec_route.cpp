#include "cli/trtexec_route.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>

#include "cli/exit_codes.hpp"
#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "report/console_table.hpp"
#include "report/write_reports.hpp"
#include "result/result_json.hpp"
#include "trtexec/engine_route.hpp"

namespace ib::cli {

std::optional<std::string> engines_need_trtexec(const Plan& plan, const backends::Registry& registry) {
  const bool all_engines = std::all_of(plan.runs.begin(), plan.runs.end(),
                                       [](const RunSpec& spec) { return spec.backend == "tensorrt"; });
  if (plan.runs.empty() || !all_engines) return std::nullopt;
  try {
    (void)registry.by_name("tensorrt").version();
    return std::nullopt;
  } catch (const core::UnavailableError& error) {
    return std::string(error.what());
  }
}

int run_engines_through_trtexec(const Plan& plan, const plan::RunOptions& options, const std::string& library_reason,
                                std::ostream& out, std::ostream& err) {
  io::ensure_writable_directory(plan.output_dir);
  const trtexec::EngineRouteOutcome outcome =
      trtexec::run_engines_with_trtexec(plan, {options.trtexec, library_reason});
  // After the runs: an error (no trtexec, say) stays the one line on stderr.
  fmt::print(err, "inferbench: note: {}; the engines ran through trtexec\n", library_reason);
  for (const std::string& note : outcome.notes) fmt::print(err, "inferbench: note: {}\n", note);
  const std::filesystem::path result_path = plan.output_dir / "result.json";
  io::write_file_atomically(result_path, result::serialize_result(outcome.result));
  report::ReportOptions report_options;
  report_options.svg = options.svg;
  const report::ReportFiles reports = report::write_reports(outcome.result, plan.output_dir, report_options);
  for (const auto& note : reports.notes) fmt::print(err, "note: {}\n", note);
  for (const auto& error : reports.errors) fmt::print(err, "inferbench: error: {}\n", error);
  report::print_console_table(out, outcome.result);
  fmt::print(err, "result: {} (timed by trtexec)\n", result_path.string());
  return static_cast<int>(reports.errors.empty() ? ExitCode::ok : ExitCode::run_failed);
}

}  // namespace ib::cli
