#include "runner/layer_profile_pass.hpp"

namespace ib::runner {

void run_layer_profile_pass(const PassContext& context, backends::Backend& backend, InferenceSession& session,
                            const LoopOutcome& speed, result::Run& run) {
  const BenchmarkRequest& request = context.request;
  if (!request.profile_layers || speed.interrupted || context.stop_requested()) return;
  if (!backend.set_layer_profiling(true)) {
    run.warnings.push_back({result::WarningKind::layer_profile_unsupported, {}, {{"backend", run.backend}}});
    return;
  }
  context.begin_phase(core::Phase::layer_profile);
  for (std::int64_t i = 0; i < kLayerProfileInferences && !context.stop_requested(); ++i) {
    session.eager_round_trip();
  }
  static_cast<void>(backend.set_layer_profiling(false));
  run.layer_profile = backend.layer_profile();
}

}  // namespace ib::runner
