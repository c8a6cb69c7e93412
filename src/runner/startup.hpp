#pragma once
// Startup, apart from the steady state: load, prepare (buffers, binding), then the first (cold) and second
// (warm) round trips, each timed alone into the result's startup block, and the CUDA graph capture. Device
// memory is read between the steps. A stop between two steps ends the run there: a step can take minutes
// with a huge input.
#include <memory>

#include "inferbench/backend.hpp"
#include "inferbench/result.hpp"
#include "runner/device_memory.hpp"
#include "runner/inference_session.hpp"
#include "runner/pass_context.hpp"

namespace ib::runner {

/// One stream's model instance: its backend and buffers.
struct Lane {
  std::unique_ptr<backends::Backend> backend;
  std::unique_ptr<InferenceSession> session;
};

/// A lane for a stream after the first: loaded and prepared on `platform`, untimed.
[[nodiscard]] Lane make_lane(const BenchmarkRequest& request, Platform& platform);

/// Loads the model and prepares the first stream's lane; sets run.model's inputs and outputs, run.config and
/// the load and prepare times. False when stopped after a step: `run` is then finished as interrupted.
[[nodiscard]] bool load_and_prepare(const PassContext& context, Lane& lane, MemoryReadings& memory,
                                    result::Run& run);

/// Times the first and second round trips, then captures the CUDA graph when asked for (its time counts as
/// preparation). False when stopped after a step: `run` is then finished as interrupted.
[[nodiscard]] bool first_inferences(const PassContext& context, InferenceSession& session, result::Run& run);

}  // namespace ib::runner
