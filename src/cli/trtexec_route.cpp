#include "cli/trtexec_route.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>

#include "cli/exit_codes.hpp"
#include "engine/cross_engine.hpp"
#include "engine/figure_inputs.hpp"
#include "engine/prepare.hpp"
#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "report/console_table.hpp"
#include "report/write_reports.hpp"
#include "result/result_json.hpp"
#include "runner/inference_session.hpp"
#include "runner/platform.hpp"
#include "runner/quality_pass.hpp"
#include "trtexec/engine_route.hpp"
#include "trtexec/trtexec_backend.hpp"

namespace ib::cli {
namespace {

// The runner's quality pass over a backend whose one inference is a trtexec run with the image as input
// (--loadInputs) and the outputs written out (--exportOutput). Returns the values compared across engines.
[[nodiscard]] std::vector<double> quality_through_trtexec(const RunSpec& spec, const trtexec::RoutedRun& routed,
                                                          result::Run& run) {
  const std::shared_ptr<const io::Image> image = engine::read_input_image(spec);
  const std::optional<runner::QualityRequest> request = engine::quality_request(spec, image);
  if (!request) return {};
  trtexec::TrtexecBackend backend(routed.request, routed.bindings, spec.dtype);
  const std::unique_ptr<runner::Platform> platform = runner::make_cpu_platform();
  runner::SessionOptions options;
  if (image) {
    options.first_input = [&image, &request](const core::TensorSpec& tensor) {
      return io::to_nchw(*image, tensor, request->preprocess);
    };
  }
  runner::InferenceSession session(backend, *platform, options);
  runner::QualityOutcome outcome = runner::run_quality_pass(session, *request);
  run.quality = std::move(outcome.quality);
  run.warnings.insert(run.warnings.end(), outcome.warnings.begin(), outcome.warnings.end());
  return std::move(outcome.values);
}

// Quality passes, then the cross-engine comparison and the saved outputs, as PlanRunner::finish does.
[[nodiscard]] std::vector<std::string> add_quality(const Plan& plan, trtexec::EngineRouteOutcome& outcome) {
  std::vector<std::vector<double>> compared(outcome.result.runs.size());
  for (std::size_t i = 0; i < compared.size(); ++i) {
    compared[i] = quality_through_trtexec(plan.runs[i], outcome.routed[i], outcome.result.runs[i]);
  }
  const bool save = plan.runs.front().quality && plan.runs.front().quality->save_output;
  engine::compare_across_engines(outcome.result, compared, save ? std::optional(plan.output_dir) : std::nullopt);
  return save ? engine::save_figure_inputs(outcome.result, plan.output_dir) : std::vector<std::string>{};
}

}  // namespace

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
                                const InterruptGuard& interrupt, std::ostream& out, std::ostream& err) {
  io::ensure_writable_directory(plan.output_dir);
  trtexec::EngineRouteOutcome outcome;
  try {
    outcome = trtexec::run_engines_with_trtexec(plan, {options.trtexec, library_reason, &interrupt.flag()});
    for (std::string& note : add_quality(plan, outcome)) outcome.notes.push_back(std::move(note));
  } catch (const core::RunError& error) {
    if (!interrupt.flag().load()) throw;  // a signal also ends the trtexec it waits for: that failure is the stop
    fmt::print(err, "inferbench: error: interrupted: {}\n", error.what());
    return static_cast<int>(interrupt.exit_code());
  }
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
