#include "suite/run_one.hpp"

#include "inferbench/report.hpp"
#include "inferbench/result_io.hpp"
#include "inferbench/run.hpp"
#include "io/atomic_file.hpp"

namespace ib::suite {

OneRun run_one(const Plan& plan, const backends::Registry& registry, const std::atomic<bool>* stop, bool reports) {
  const backends::BackendInfo& info = registry.by_name(plan.runs.at(0).backend);
  PlanRunner runner(plan, registry);
  io::ensure_writable_directory(plan.output_dir);
  if (info.reset_peak_allocated) info.reset_peak_allocated(runner.device());
  result::Result result;
  result.environment = runner.environment();
  result.runs.push_back(runner.run(0, RunContext{nullptr, nullptr, nullptr, stop}));
  result.interrupted = result.runs.front().status == result::RunStatus::interrupted;
  (void)runner.finish(result);
  io::write_file_atomically(plan.output_dir / "result.json", result::serialize_result(result));
  if (reports) (void)report::write_reports(result, plan.output_dir);
  OneRun one{std::move(result.runs.front()), std::nullopt};
  if (info.allocator_stats) one.allocator = info.allocator_stats(runner.device());
  return one;
}

}  // namespace ib::suite
