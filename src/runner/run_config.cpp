// The run's config as the result records it, and the names of the sync modes.
#include <string>

#include "inferbench/errors.hpp"
#include "runner/benchmark.hpp"
#include "runner/request_check.hpp"

namespace ib::runner {

result::RunConfig make_run_config(const BenchmarkRequest& request,
                                  const std::vector<core::TensorSpec>& inputs) {
  result::RunConfig config;
  config.warmup = request.loop.warmup;
  config.iterations = request.loop.iterations;
  config.dtype = std::string(core::dtype_name(request.load.dtype));
  config.batch = !inputs.empty() && !inputs.front().shape.empty() ? inputs.front().shape.front() : 1;
  for (const auto& spec : inputs) config.shapes.push_back({spec.name, spec.shape});
  config.percentiles = request.percentiles;
  config.warmup_ms = request.loop.warmup_ms;
  config.duration_s = request.loop.duration_s;
  if (const auto target = loop_plan_of(request).until_stable) {
    config.target_ci = target->target;
    config.max_duration_s = target->max_duration_s;
  }
  config.cuda_graph = request.cuda_graph;
  config.sync = sync_mode_name(request.sync);
  config.transfers = request.session.transfers;
  config.streams = request.streams;
  config.input_image = request.input_image;
  const FrameworkSettings settings = framework_settings_of(request);
  config.cudnn_benchmark = settings.cudnn_benchmark;
  config.tf32 = settings.tf32;
  return config;
}

FrameworkSettings framework_settings_of(const BenchmarkRequest& request) {
  if (request.backend == nullptr || !request.backend->framework_settings ||
      request.load.device.kind != core::DeviceKind::cuda) {
    return {};
  }
  const auto on_off = [](bool on) { return std::string(on ? "on" : "off"); };
  return {on_off(request.load.cudnn_benchmark), request.load.tf32 ? on_off(*request.load.tf32) : "default"};
}

std::string sync_mode_name(SyncMode mode) {
  switch (mode) {
    case SyncMode::block:
      return "block";
    case SyncMode::spin:
      return "spin";
    case SyncMode::yield:
      return "yield";
    case SyncMode::automatic:
      break;
  }
  return "auto";
}

}  // namespace ib::runner
