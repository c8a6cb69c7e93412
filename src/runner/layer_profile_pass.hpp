#pragma once
// The profiled pass (--profile-layers): a fixed number of inferences with the backend's per-layer timing on,
// on the first stream, after every other pass. Timing layers perturbs an inference (TensorRT synchronises
// after each layer), so none of these inferences is ever a timed sample: the speed and breakdown passes are
// over when it starts, as trtexec keeps profiling to a run of its own.
#include <cstdint>

#include "inferbench/backend.hpp"
#include "inferbench/result.hpp"
#include "runner/inference_session.hpp"
#include "runner/pass_context.hpp"
#include "runner/timed_loop.hpp"

namespace ib::runner {

/// Inferences the profiled pass runs: enough for a per-layer median, few enough to add little to a run.
inline constexpr std::int64_t kLayerProfileInferences = 10;

/// When the request asks for it: turns the backend's layer timing on, runs the profiled inferences through
/// its own enqueue (never a captured graph), turns it off and sets run.layer_profile. A backend that cannot
/// time layers leaves a layer_profile_unsupported warning instead; an interrupted run or one stopped before
/// the pass gets neither.
void run_layer_profile_pass(const PassContext& context, backends::Backend& backend, InferenceSession& session,
                            const LoopOutcome& speed, result::Run& run);

}  // namespace ib::runner
