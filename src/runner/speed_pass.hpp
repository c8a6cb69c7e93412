#pragma once
// The speed pass: the bare round trips the latency and throughput come from, on every stream. Events and the
// enqueue's clock reads cost time inside a round trip (measured as event_cost_ms), so they go into the
// breakdown pass instead. The process meter and the telemetry edges frame its timed iterations.
#include <cstdint>
#include <vector>

#include "inferbench/result.hpp"
#include "runner/pass_context.hpp"
#include "runner/startup.hpp"
#include "runner/telemetry_pass.hpp"
#include "runner/timed_loop.hpp"

namespace ib::runner {

struct SpeedOutcome {
  LoopOutcome loop;
  std::vector<std::int32_t> stream_of;  ///< each sample's stream; empty with one stream
};

/// Runs the pass as the request plans it (after a baseline pass when telemetry is concurrent); sets
/// run.process, and run.telemetry when concurrent.
[[nodiscard]] SpeedOutcome run_speed_pass(const PassContext& context, Lane& lane, TelemetryPass& telemetry,
                                          result::Run& run);

/// Moves the pass's samples into run.samples and says how it stopped (warnings when interrupted or when
/// --until-stable gave up).
void record_speed_pass(const BenchmarkRequest& request, SpeedOutcome speed, result::Run& run);

}  // namespace ib::runner
