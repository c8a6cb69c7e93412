// ib::PlanRunner and ib::run_plan (inferbench/run.hpp): a plan prepared on this machine, run spec by spec
// through the runner, and the cross-engine comparison once the runs are in.
#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "core/clock.hpp"
#include "runner/cuda_platform.hpp"
#include "runner/gpu_environment.hpp"
#include "engine/cross_engine.hpp"
#include "engine/figure_inputs.hpp"
#include "engine/prepare.hpp"
#include "inferbench/run.hpp"
#include "result/environment_capture.hpp"
#include "stats/run_stats.hpp"
#include "telemetry/gpu_description.hpp"
#include "telemetry/nvml_session.hpp"

namespace ib {

struct PlanRunner::State {
  Plan plan;
  core::DeviceSpec device;
  std::vector<result::Warning> warnings;
  std::vector<std::string> notes;
  result::Environment environment;
  std::vector<runner::BenchmarkRequest> requests;
  std::vector<std::vector<double>> compared;  // the values each run's quality pass compared
  std::optional<telemetry::NvmlSession> nvml;  // outlives the runs that sample through it
  std::unique_ptr<runner::Platform> platform;
  core::SteadyClock clock;
};

namespace {

std::unique_ptr<runner::Platform> make_platform(const core::DeviceSpec& device, SyncMode sync) {
  return device.kind == core::DeviceKind::cuda ? runner::make_cuda_platform(device.index, sync)
                                               : runner::make_cpu_platform();
}

std::string telemetry_mode_name(TelemetryMode mode) {
  return mode == TelemetryMode::concurrent ? "concurrent" : "separate";
}

void add_backend_versions(result::Environment& environment, const std::vector<runner::BenchmarkRequest>& requests) {
  for (const auto& request : requests) {
    const result::BackendVersion version{request.backend->name, request.backend->version()};
    auto& known = environment.backends;
    if (std::find(known.begin(), known.end(), version) == known.end()) known.push_back(version);
  }
}

// Opens NVML (never for telemetry off): GPU details go into the environment, CUDA runs get a telemetry
// request. Without NVML the plan goes on without GPU telemetry, and says so in a note.
void attach_telemetry(PlanRunner::State& state) {
  const RunSpec& first = state.plan.runs.front();
  if (first.telemetry == TelemetryMode::off) return;
  telemetry::NvmlOpenResult opened = telemetry::open_nvml();
  const bool cuda = state.device.kind == core::DeviceKind::cuda;
  if (!opened.available()) {
    state.environment.nvml = opened.unavailable_info();
    if (cuda) state.notes.push_back(opened.message());
    return;
  }
  state.environment.nvml = telemetry::describe_gpus(*opened.session);
  if (const auto driver = opened.session->driver_version()) state.environment.gpu_driver_version = *driver;
  state.nvml = std::move(opened.session);
  if (!cuda) return;
  const telemetry::NvmlDevice device = state.nvml->device(first.gpu_id.value_or(state.device.index));
  for (auto& request : state.requests) {
    request.telemetry = runner::TelemetryRequest{device, first.sample_interval_s, telemetry_mode_name(first.telemetry)};
  }
}

result::Run unmeasured_run(const runner::BenchmarkRequest& request, const core::DeviceSpec& device,
                           result::RunStatus status) {
  result::Run run;
  run.name = request.name;
  run.backend = request.backend->name;
  run.device = core::device_to_string(device);
  run.status = status;
  run.model = request.model;
  run.config = runner::make_run_config(request, {});
  return run;
}

}  // namespace

PlanRunner::PlanRunner(Plan plan, const backends::Registry& registry) : state_(std::make_unique<State>()) {
  State& state = *state_;
  if (plan.runs.empty()) throw core::InputError("the plan has no run");
  state.plan = std::move(plan);
  const RunSpec& first = state.plan.runs.front();
  std::vector<const backends::BackendInfo*> backends;
  for (const RunSpec& spec : state.plan.runs) {
    if (spec.device != first.device) throw core::InputError("the runs of one plan share one device");
    backends.push_back(&registry.by_name(spec.backend));
  }
  const cuda::CudaInfo cuda_info = cuda::query_cuda();
  state.device = engine::resolve_device(first.device, backends, cuda_info);
  state.warnings = state.plan.warnings;
  const std::shared_ptr<const io::Image> image = engine::read_input_image(first);
  const std::optional<runner::QualityRequest> quality = engine::quality_request(first, image);
  for (std::size_t i = 0; i < state.plan.runs.size(); ++i) {
    const RunSpec& spec = state.plan.runs[i];
    for (auto& warning : engine::check_device_use(spec, state.device)) {
      if (std::find(state.warnings.begin(), state.warnings.end(), warning) == state.warnings.end())
        state.warnings.push_back(std::move(warning));
    }
    runner::BenchmarkRequest request = engine::benchmark_request(spec, *backends[i], state.device, image, quality);
    request.make_platform = [device = state.device, sync = spec.sync] { return make_platform(device, sync); };
    state.requests.push_back(std::move(request));
  }
  state.compared.resize(state.requests.size());
  state.environment = result::capture_host_environment(state.plan.command_line);
  state.environment.gpus = runner::environment_gpus(cuda_info);
  state.environment.cuda_driver_version = cuda_info.driver_version;
  state.environment.cuda_runtime_version = cuda_info.runtime_version;
  add_backend_versions(state.environment, state.requests);
  attach_telemetry(state);
  state.platform = make_platform(state.device, first.sync);
}

PlanRunner::~PlanRunner() = default;

const Plan& PlanRunner::plan() const noexcept { return state_->plan; }
const core::DeviceSpec& PlanRunner::device() const noexcept { return state_->device; }
const std::vector<result::Warning>& PlanRunner::warnings() const noexcept { return state_->warnings; }
const result::Environment& PlanRunner::environment() const noexcept { return state_->environment; }
const std::vector<std::string>& PlanRunner::notes() const noexcept { return state_->notes; }

std::string PlanRunner::describe(std::size_t index) const {
  const RunSpec& spec = state_->plan.runs.at(index);
  std::string text = spec.warmup.ms ? fmt::format("warm-up {} ms", *spec.warmup.ms)
                                    : fmt::format("{} warm-up", spec.warmup.iterations);
  switch (spec.stop.kind) {
    case StopRule::Kind::duration: text += fmt::format(", timed for {} s", spec.stop.duration_s); break;
    case StopRule::Kind::stable:
      text += fmt::format(", timed until the p50 and p99 95% CIs are within {}% (at most {} s)",
                          spec.stop.target * 100.0, spec.stop.max_duration_s);
      break;
    case StopRule::Kind::iterations: text += fmt::format(" + {} timed iterations", spec.stop.iterations); break;
  }
  if (spec.cuda_graph) text += ", CUDA graph";
  if (!spec.transfers) text += ", no transfers";
  if (spec.streams > 1) text += fmt::format(", {} streams", spec.streams);
  if (spec.sync != SyncMode::automatic) text += ", sync " + runner::sync_mode_name(spec.sync);
  const runner::FrameworkSettings settings = runner::framework_settings_of(state_->requests.at(index));
  if (!settings.cudnn_benchmark.empty())
    text += fmt::format(", cuDNN benchmark {}, TF32 {}", settings.cudnn_benchmark, settings.tf32);
  return text;
}

result::Run PlanRunner::run(std::size_t index, const RunContext& context, std::optional<core::ErrorKind>* error_kind) {
  State& state = *state_;
  runner::BenchmarkRequest request = state.requests.at(index);
  request.progress = context.progress;
  request.live = context.live;
  if (context.live) context.live->clear();
  if (context.progress) context.progress->begin_run(request.name, index + 1, state.requests.size());
  if (context.observer) context.observer->run_started(state.plan.runs[index], index, state.requests.size());
  result::Run run;
  try {
    run = runner::benchmark_model(request, *state.platform, state.clock, context.stop, &state.compared[index]);
    run.warnings.insert(run.warnings.begin(), state.warnings.begin(), state.warnings.end());
  } catch (const core::Error& error) {
    run = unmeasured_run(request, state.device, result::RunStatus::failed);
    run.error = error.what();
    run.error_kind = error.kind();
    run.warnings = state.warnings;
    if (error_kind) *error_kind = error.kind();
    if (context.observer) context.observer->run_finished(run, index, &error);
    return run;
  }
  if (context.observer) context.observer->run_finished(run, index, nullptr);
  return run;
}

result::Run PlanRunner::abandoned(std::size_t index, std::vector<double> samples, double waited_s) const {
  result::Run run = unmeasured_run(state_->requests.at(index), state_->device, result::RunStatus::interrupted);
  run.stopped_by = "interrupted";
  run.samples.timed_wall_s = std::accumulate(samples.begin(), samples.end(), 0.0) * 1e-3;
  run.warnings.push_back({result::WarningKind::abandoned_backend_call,
                          {{"grace_s", waited_s}, {"timed", static_cast<double>(samples.size())}},
                          {}});
  run.samples.latency_ms = std::move(samples);
  stats::summarize_run(run);
  return run;
}

std::vector<std::string> PlanRunner::finish(result::Result& result) {
  const State& state = *state_;
  const bool save = state.plan.runs.front().quality && state.plan.runs.front().quality->save_output;
  engine::compare_across_engines(result, state.compared, save ? std::optional(state.plan.output_dir) : std::nullopt);
  if (!save) return {};
  // The depth figure draws from the result folder alone: the input image and GT map are copied beside it.
  return engine::save_figure_inputs(result, state.plan.output_dir);
}

result::Result run_plan(const Plan& plan, const backends::Registry& registry, const RunContext& context) {
  PlanRunner runner(plan, registry);
  result::Result result;
  result.environment = runner.environment();
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    if (context.stop && context.stop->load()) break;
    result.runs.push_back(runner.run(i, context));
  }
  result.interrupted = context.stop && context.stop->load();
  (void)runner.finish(result);  // a figure input not saved only leaves its figure panel out
  return result;
}

}  // namespace ib
