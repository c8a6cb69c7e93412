#include "trtexec/engine_route.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "inferbench/errors.hpp"
#include "trtexec/artefacts.hpp"
#include "trtexec/run.hpp"

namespace ib::trtexec {
namespace {

namespace fs = std::filesystem;

// trtexec runs at least --iterations and at least --duration (3 s by default): a count alone needs duration 0.
void set_stop_rule(const RunSpec& spec, RunSettings& settings) {
  switch (spec.stop.kind) {
    case StopRule::Kind::iterations:
      settings.iterations = spec.stop.iterations;
      settings.duration_s = 0;
      break;
    case StopRule::Kind::duration: settings.duration_s = spec.stop.duration_s; break;
    case StopRule::Kind::stable:
      throw core::InputError(
          "--until-stable needs inferbench's own runner; through trtexec use --iterations or --duration");
  }
}

[[nodiscard]] RunSettings settings_for(const RunSpec& spec, std::vector<std::string>& notes) {
  if (spec.backend != "tensorrt") {
    throw core::InputError("only TensorRT engines run through trtexec, not --backend " + spec.backend);
  }
  if (spec.device && spec.device->kind != core::DeviceKind::cuda) {
    throw core::InputError("trtexec runs engines on CUDA devices only; drop --device cpu");
  }
  RunSettings settings;
  settings.engine = spec.model.path;
  for (const core::ShapeArg& shape : spec.shapes) {
    if (shape.input_name) {
      settings.shapes.push_back(shape);
    } else {
      notes.push_back(fmt::format("the input shape {} has no input name, which trtexec needs: trtexec uses the "
                                  "engine's own shapes (name it to pass it on: --shape input:{})",
                                  core::shape_to_string(shape.shape), core::shape_to_string(shape.shape)));
    }
  }
  if (!settings.shapes.empty()) settings.batch = std::max<std::int64_t>(1, settings.shapes.front().shape.front());
  set_stop_rule(spec, settings);
  if (spec.warmup.ms) {
    settings.warmup_ms = *spec.warmup.ms;
  } else {
    notes.push_back(fmt::format("trtexec warms up by time, not by count: --warmup {} was not passed on "
                                "(trtexec's 200 ms apply; --warmup-ms sets it)",
                                spec.warmup.iterations));
  }
  settings.cuda_graph = spec.cuda_graph;
  settings.spin_wait = spec.sync == SyncMode::spin;
  settings.data_transfers = spec.transfers;
  if (spec.device) settings.extra_args.push_back(fmt::format("--device={}", spec.device->index));
  return settings;
}

[[nodiscard]] std::vector<LogBinding> bindings_in(const fs::path& log) {
  try {
    return parse_artefact(log, "trtexec log", parse_log).bindings;
  } catch (const core::InputError&) {
    return {};
  }
}

[[nodiscard]] result::Result run_one(const RunSpec& spec, const Plan& plan, const EngineRouteRequest& request,
                                     EngineRouteOutcome& route) {
  std::vector<std::string>& notes = route.notes;
  RunRequest run_request;
  run_request.settings = settings_for(spec, notes);
  run_request.trtexec = request.trtexec;
  run_request.output_dir = plan.output_dir / "trtexec" / spec.name;
  run_request.command_line = plan.command_line;
  RunOutcome outcome;
  try {
    outcome = run_trtexec(run_request);
  } catch (const core::UnavailableError& error) {
    const std::string trtexec = request.trtexec ? std::string(error.what())
                                                : fmt::format("no trtexec was found (on PATH, nor at {})",
                                                              kTensorrtBinFallback);
    throw core::UnavailableError(fmt::format("cannot run '{}': {}; and {}: give --trtexec PATH",
                                             spec.model.path.string(), request.library_reason, trtexec));
  }
  if (outcome.exit_code != 0) {
    throw core::RunError(fmt::format("trtexec failed on '{}' with exit code {}; its log: {}",
                                     spec.model.path.string(), outcome.exit_code, outcome.log.string()));
  }
  ReportOutcome report = build_report(run_request.output_dir, 20);
  if (!report.result || report.result->runs.empty()) {
    throw core::RunError(fmt::format("trtexec wrote no times file for '{}'; its log: {}", spec.model.path.string(),
                                     outcome.log.string()));
  }
  report.result->runs.front().name = spec.name;
  route.routed.push_back({run_request, bindings_in(outcome.log)});
  return *std::move(report.result);
}

}  // namespace

EngineRouteOutcome run_engines_with_trtexec(const Plan& plan, const EngineRouteRequest& request) {
  EngineRouteOutcome outcome;
  for (const RunSpec& spec : plan.runs) {
    if (request.stop != nullptr && request.stop->load()) throw core::RunError("interrupted before " + spec.name);
    result::Result one = run_one(spec, plan, request, outcome);
    if (outcome.result.runs.empty()) {
      outcome.result.environment = one.environment;
      outcome.result.environment.command_line = plan.command_line;
    }
    for (result::Run& run : one.runs) {
      run.warnings.insert(run.warnings.begin(), plan.warnings.begin(), plan.warnings.end());
      outcome.result.runs.push_back(std::move(run));
    }
  }
  std::sort(outcome.notes.begin(), outcome.notes.end());
  outcome.notes.erase(std::unique(outcome.notes.begin(), outcome.notes.end()), outcome.notes.end());
  return outcome;
}

}  // namespace ib::trtexec
