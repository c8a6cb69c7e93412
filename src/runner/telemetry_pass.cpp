#include "runner/telemetry_pass.hpp"

#include "stats/summary.hpp"
#include "telemetry/edge_reading.hpp"

namespace ib::runner {
namespace {

double median_of(const std::vector<double>& latency_ms) {
  return stats::summarize(latency_ms, std::vector<double>{}).median;
}

}  // namespace

TelemetryPass::TelemetryPass(const PassContext& context) : context_(context) {
  const auto& request = context.request.telemetry;
  if (!request) return;
  concurrent_ = request->mode == "concurrent";
  source_ = std::make_unique<telemetry::NvmlSource>(request->device, context.clock);
  sampler_ = std::make_unique<telemetry::Sampler>(
      *source_, telemetry::SamplerOptions{request->interval_s, request->mode});
}

void TelemetryPass::set_baseline(const std::vector<double>& latency_ms) {
  if (!latency_ms.empty()) baseline_p50_ = median_of(latency_ms);
}

void TelemetryPass::before_timing() {
  const auto& request = context_.request.telemetry;
  if (!request) return;
  if (concurrent_) sampler_->start();
  edges_.before = telemetry::read_edge(request->device, telemetry::Edge::before_pass);
}

void TelemetryPass::after_timing(result::Run& run) {
  const auto& request = context_.request.telemetry;
  if (!request) return;
  edges_.after = telemetry::read_edge(request->device, telemetry::Edge::after_pass);
  if (concurrent_) run.telemetry = sampler_->stop();
}

void TelemetryPass::finish(InferenceSession& session, const LoopOutcome& speed, result::Run& run) {
  const auto& request = context_.request.telemetry;
  if (!request) return;
  if (request->mode == "separate" && !speed.interrupted && !speed.latency_ms.empty()) {
    // As many round trips as the speed pass took (one stream: the sampler watches the GPU, not the host).
    LoopPlan plan;
    plan.warmup = 0;
    plan.iterations = static_cast<std::int64_t>(speed.latency_ms.size());
    plan.stage_timing = false;
    plan.phase = core::Phase::telemetry;
    sampler_->start();
    (void)run_timed_loop(session, context_.clock, plan, context_.stop, {context_.request.progress, {}, {}});
    run.telemetry = sampler_->stop();
  }
  const result::Telemetry* series = run.telemetry ? &*run.telemetry : nullptr;
  result::TelemetrySummary summary = telemetry::summarize_telemetry(
      series, edges_, static_cast<std::int64_t>(speed.latency_ms.size()) * run.config.batch,
      speed.timed_wall_s);
  if (baseline_p50_ && !speed.latency_ms.empty()) {
    summary.concurrent_baseline_p50_ms = *baseline_p50_;
    summary.concurrent_p50_change = (median_of(speed.latency_ms) - *baseline_p50_) / *baseline_p50_;
  }
  const auto warnings = telemetry::telemetry_warnings(summary, series, &edges_);
  run.warnings.insert(run.warnings.end(), warnings.begin(), warnings.end());
  run.telemetry_summary = std::move(summary);
}

}  // namespace ib::runner
