#pragma once
// The one check of a benchmark request, made when a run starts and before anything loads: the loop plan
// (validate(LoopPlan)), the streams and what they need. The steps after it take the request as valid.
#include "runner/benchmark.hpp"
#include "runner/loop_plan.hpp"

namespace ib::runner {

/// request.loop with until_stable taken from request.until_stable when that is set.
[[nodiscard]] LoopPlan loop_plan_of(const BenchmarkRequest& request);

/// Throws InputError naming the flag at the first problem.
void validate(const BenchmarkRequest& request);

}  // namespace ib::runner
