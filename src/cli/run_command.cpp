// `inferbench run`: flags -> plan -> runs (on a measuring thread) -> result file and reports.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "cli/run_metrics.hpp"
#include "cli/run_worker.hpp"
#include "cli/trtexec_route.hpp"
#include "io/atomic_file.hpp"
#include "io/output_manifest.hpp"
#include "plan/run_checks.hpp"
#include "plan/run_plan.hpp"
#include "report/console_table.hpp"
#include "report/write_reports.hpp"
#include "result/result_json.hpp"
#include "result/warning_text.hpp"

namespace ib::cli {
namespace {

constexpr const char* kResultFileName = "result.json";

// result.json, the figures and exports beside it (docs/reports.md) and the console table. Returns the exit
// code: `exit_code`, or run_failed when an export could not be written.
ExitCode write_outputs(PlanRunner& runner, result::Result& result, ExitCode exit_code, bool svg, std::ostream& out,
                       std::ostream& err) {
  const std::filesystem::path folder = runner.plan().output_dir;
  const std::filesystem::path result_path = folder / kResultFileName;
  // Everything from here on is what this run leaves in the folder; what an earlier run left and this one did not
  // write again goes at the end (docs/reports.md, "A folder used again").
  io::OutputManifest manifest(folder);
  for (const auto& note : runner.finish(result)) fmt::print(err, "note: {}\n", note);
  io::write_file_atomically(result_path, result::serialize_result(result));
  report::ReportOptions report_options;
  report_options.svg = svg;
  const report::ReportFiles reports = report::write_reports(result, folder, report_options);
  for (const auto& note : reports.notes) fmt::print(err, "note: {}\n", note);
  for (const auto& error : reports.errors) fmt::print(err, "inferbench: error: {}\n", error);
  // An export that could not be written fails the command: every error line means a non-zero exit.
  if (!reports.errors.empty() && exit_code == ExitCode::ok) exit_code = ExitCode::run_failed;
  report::print_console_table(out, result);
  fmt::print(err, "result: {}{}\n", result_path.string(), result.interrupted ? " (interrupted)" : "");
  print_removed(err, manifest.finish(), folder);
  return exit_code;
}

bool any_samples(const result::Result& result) {
  for (const auto& run : result.runs) {
    if (!run.samples.latency_ms.empty()) return true;
  }
  return false;
}

// Returning would run static destructors under a thread still inside a backend call.
[[noreturn]] void exit_now(int code, std::ostream& out, std::ostream& err) {
  out.flush();
  err.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}

}  // namespace

int run_command(const RunOptions& options, const backends::Registry& registry, const InterruptGuard& interrupt,
                std::ostream& out, std::ostream& err, std::optional<std::size_t> err_columns) {
  Plan plan = plan::make_run_plan(options, registry, plan::physical_memory_bytes());
  if (const auto reason = engines_need_trtexec(plan, registry))
    return run_engines_through_trtexec(plan, options, *reason, interrupt, out, err);
  PlanRunner runner(std::move(plan), registry);
  io::ensure_writable_directory(runner.plan().output_dir);
  for (const auto& note : runner.notes()) fmt::print(err, "inferbench: note: {}\n", note);
  for (const auto& warning : runner.warnings())
    fmt::print(err, "inferbench: warning: {}\n", result::warning_text(warning));

  // The progress bar: only on a terminal, and gone (its line erased) before anything else is printed.
  Measurement measurement(runner, err, options.quiet ? std::nullopt : err_columns);
  const RunMetrics run_metrics(options, measurement, core::device_to_string(runner.device()));
  measurement.start(interrupt.flag(), interrupt);
  const bool finished = measurement.wait(interrupt);

  result::Result result;
  result.environment = runner.environment();
  ExitCode exit_code = ExitCode::ok;
  result.runs = measurement.take_runs(finished, exit_code);
  if (interrupt.flag().load()) {
    result.interrupted = true;
    exit_code = interrupt.exit_code();
  }
  // Nothing was measured and a run failed: no result file, the error above says why.
  const bool stopped = exit_code == ExitCode::interrupted || exit_code == ExitCode::terminated;
  if (!any_samples(result) && exit_code != ExitCode::ok && !stopped) return static_cast<int>(exit_code);

  int code = 0;
  try {
    code = static_cast<int>(write_outputs(runner, result, exit_code, options.svg, out, err));
    run_metrics.write_textfile(result);
  } catch (const core::Error& e) {
    if (finished) throw;
    fmt::print(err, "inferbench: error: {}\n", e.what());
    code = static_cast<int>(exit_code_of(e.kind()));
  }
  // A signal while the files were written: the result is whole, but the caller asked us to stop.
  if (code == 0 && interrupt.flag().load()) code = static_cast<int>(interrupt.exit_code());
  if (!finished) exit_now(code, out, err);
  return code;
}

}  // namespace ib::cli
