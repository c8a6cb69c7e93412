#include "runner/request_check.hpp"

#include "inferbench/errors.hpp"

namespace ib::runner {

LoopPlan loop_plan_of(const BenchmarkRequest& request) {
  LoopPlan plan = request.loop;
  if (request.until_stable) plan.until_stable = request.until_stable;
  return plan;
}

void validate(const BenchmarkRequest& request) {
  if (request.backend == nullptr) throw core::InputError("no backend chosen for " + request.name);
  if (request.streams < 1) throw core::InputError("--streams must be at least 1");
  const LoopPlan plan = loop_plan_of(request);
  if (request.streams > 1 && plan.until_stable) {
    throw core::InputError(
        "--until-stable works with one stream; drop --streams or use --iterations/--duration");
  }
  if (request.streams > 1 && !request.make_platform)
    throw core::InputError("--streams needs a platform per stream");
  validate(plan);
}

}  // namespace ib::runner
