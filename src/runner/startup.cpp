#include "runner/startup.hpp"

#include <fmt/format.h>

#include "stats/run_stats.hpp"

namespace ib::runner {
namespace {

double milliseconds_since(core::Clock& clock, std::int64_t start_ns) {
  return static_cast<double>(clock.now_ns() - start_ns) * 1e-6;
}

// Ends the run after a startup step when a stop came during it.
bool stopped_during(const PassContext& context, const char* step, result::Run& run) {
  if (context.stop == nullptr || !context.stop->load(std::memory_order_relaxed)) return false;
  run.status = result::RunStatus::interrupted;
  run.stopped_by = "interrupted";
  run.warnings.push_back({result::WarningKind::interrupted_before_timing, {}, {{"step", step}}});
  stats::summarize_run(run);
  return true;
}

// The framework's one-time setup, before the first load: its time and memory are its own, not the model's.
void prepare_framework(const PassContext& context, MemoryReadings& memory, result::Startup& startup) {
  const backends::BackendInfo& backend = *context.request.backend;
  if (!backend.prepare_device) return;
  memory.framework_before = read_memory(context.platform, backend);
  const std::int64_t t = context.clock.now_ns();
  backend.prepare_device(context.platform.device());
  startup.framework_init_ms = milliseconds_since(context.clock, t);
}

}  // namespace

Lane make_lane(const BenchmarkRequest& request, Platform& platform) {
  Lane lane;
  lane.backend = request.backend->create(request.load);
  lane.session = std::make_unique<InferenceSession>(*lane.backend, platform, request.session);
  return lane;
}

bool load_and_prepare(const PassContext& context, Lane& lane, MemoryReadings& memory, result::Run& run) {
  const BenchmarkRequest& request = context.request;
  result::Startup& startup = run.startup.emplace();
  prepare_framework(context, memory, startup);
  memory.before = read_memory(context.platform, *request.backend);
  if (!memory.framework_before.used) memory.framework_before = memory.before;
  std::int64_t t = context.clock.now_ns();
  context.begin_phase(core::Phase::loading);
  lane.backend = request.backend->create(request.load);
  startup.load_ms = milliseconds_since(context.clock, t);
  startup.load_steps = lane.backend->load_steps();
  if (stopped_during(context, "loading the model", run)) return false;
  memory.loaded = read_memory(context.platform, *request.backend);
  t = context.clock.now_ns();
  SessionOptions session_options = request.session;
  session_options.stop = context.stop;
  lane.session = std::make_unique<InferenceSession>(*lane.backend, context.platform, session_options);
  startup.prepare_ms = milliseconds_since(context.clock, t);
  if (stopped_during(context, "preparing the inputs", run)) return false;
  memory.prepared = read_memory(context.platform, *request.backend);
  if (memory.prepared.allocator && request.backend->reset_peak_allocated)
    request.backend->reset_peak_allocated(context.platform.device());
  run.model.inputs = lane.session->input_specs();
  run.model.outputs = lane.session->output_specs();
  run.config = make_run_config(request, lane.session->input_specs());
  return true;
}

bool first_inferences(const PassContext& context, InferenceSession& session, result::Run& run) {
  result::Startup& startup = run.startup.value();
  context.begin_phase(core::Phase::first_inference);
  std::int64_t t = context.clock.now_ns();
  session.round_trip();
  startup.first_inference_ms = milliseconds_since(context.clock, t);
  if (stopped_during(context, "timing the first inference", run)) return false;
  t = context.clock.now_ns();
  session.round_trip();
  startup.second_inference_ms = milliseconds_since(context.clock, t);
  if (stopped_during(context, "timing the second inference", run)) return false;
  // Captured after two eager inferences, so one-time work (allocator growth, autotuning) is not in the graph.
  if (context.request.cuda_graph) {
    t = context.clock.now_ns();
    session.capture_graph();
    startup.prepare_ms += milliseconds_since(context.clock, t);
  }
  return true;
}

}  // namespace ib::runner
