#pragma once
// Several streams (--streams N): one host thread each, started together, each with its own backend instance,
// buffers and platform. Per-request latencies of all streams are kept with their stream index; throughput is
// over the span from the first start to the last end.
#include <cstdint>
#include <vector>

#include "runner/pass_context.hpp"
#include "runner/startup.hpp"
#include "runner/timed_loop.hpp"

namespace ib::runner {

/// Prepares the other streams' lanes (one untimed round trip each, and their graphs), then runs `plan` on
/// every stream at once; `first` is the first stream's lane, the only one `observer` watches. Returns the
/// merged outcome and appends each sample's stream index to `stream_of`.
[[nodiscard]] LoopOutcome run_parallel_streams(const PassContext& context, Lane& first, const LoopPlan& plan,
                                               const LoopObserver& observer,
                                               std::vector<std::int32_t>& stream_of);

}  // namespace ib::runner
