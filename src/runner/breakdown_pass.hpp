#pragma once
// The breakdown pass: the same round trips as the speed pass with CUDA events between the stages and the
// enqueue timed, on the first stream, with the device already warm. Only where the platform has a device
// clock, and only after a speed pass that completed with samples.
#include "inferbench/result.hpp"
#include "runner/inference_session.hpp"
#include "runner/pass_context.hpp"
#include "runner/timed_loop.hpp"

namespace ib::runner {

/// Sets run.samples' breakdown latency and stage series.
void run_breakdown_pass(const PassContext& context, InferenceSession& session, const LoopOutcome& speed,
                        result::Run& run);

}  // namespace ib::runner
