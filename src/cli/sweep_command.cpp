// `inferbench sweep`: flags -> a sweep spec of `run` flags -> points run through the library -> sweep files.
#include <map>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "suite/case_name.hpp"
#include "suite/sweep.hpp"

namespace ib::cli {
namespace {

constexpr std::int64_t kSweepWarmup = 20;
constexpr std::int64_t kSweepIterations = 200;

// `run` flags the sweep sets itself (per point) or takes as its own: after -- they would be overridden or
// clash, so they are refused there.
void check_run_args(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    const std::string flag = arg.substr(0, arg.find('='));
    for (const char* own : {"--model", "--engines", "--pt", "--demo", "--shape", "--streams", "--batch", "--output-dir",
                            "--backend", "--device", "--dtype", "--warmup", "--iterations", "--iters"}) {
      if (flag == own) throw core::InputError(fmt::format("'{}' after -- : it is a flag of sweep itself, give it before --", flag));
    }
  }
}

suite::SweepSpec sweep_spec(const SweepOptions& o) {
  check_run_args(o.run_args);
  suite::SweepSpec spec;
  spec.shapes = o.shapes;
  const auto add = [&](const char* flag, const std::optional<std::string>& value) {
    if (value) spec.run_args.insert(spec.run_args.end(), {flag, *value});
  };
  add("--backend", o.backend);
  add("--device", o.device);
  add("--dtype", o.dtype);
  spec.run_args.insert(spec.run_args.end(), {"--warmup", std::to_string(o.warmup.value_or(kSweepWarmup))});
  spec.run_args.insert(spec.run_args.end(), {"--iterations", std::to_string(o.iterations.value_or(kSweepIterations))});
  // A telemetry pass per point would double a sweep's time; `-- --telemetry separate` asks for it.
  spec.run_args.insert(spec.run_args.end(), {"--telemetry", "off"});
  for (const std::string& arg : o.run_args) {
    if (arg == "--telemetry") std::erase(spec.run_args, std::string("off")), std::erase(spec.run_args, arg);
  }
  spec.run_args.insert(spec.run_args.end(), o.run_args.begin(), o.run_args.end());
  if (o.concurrency) spec.concurrency = suite::parse_count_list(*o.concurrency, "--concurrency");
  if (o.batch && *o.batch != "auto") spec.batches = suite::parse_count_list(*o.batch, "--batch");
  if (!o.batch && !spec.concurrency.empty()) spec.batches = {1};
  if (o.max_batch < 1) throw core::InputError("--max-batch must be at least 1");
  spec.max_batch = o.max_batch;
  spec.concurrency_batch = o.concurrency_batch;
  if (o.memory_budget) spec.budgets.memory_bytes = suite::parse_bytes(*o.memory_budget, "--memory-budget");
  if (o.latency_budget_ms && !(*o.latency_budget_ms > 0))
    throw core::InputError("--latency-budget-ms must be above 0");
  spec.budgets.latency_ms = o.latency_budget_ms;
  spec.output_dir = o.output_dir;
  return spec;
}

bool any_measured(const suite::SweepRecord& record) {
  for (const auto* points : {&record.batch_points, &record.concurrency_points}) {
    for (const suite::SweepPoint& p : *points) {
      if (p.items_per_s) return true;
    }
  }
  return false;
}

}  // namespace

// Each model is its own sweep: an out-of-memory or a failure ends that model's points, never the next
// model's. One model writes into DIR; several write into DIR/<model>/ (names made unique and safe).
int sweep_command(const SweepOptions& options, const backends::Registry& registry, const InterruptGuard& interrupt,
                  std::ostream& out, std::ostream& err) {
  const suite::SweepSpec common = sweep_spec(options);
  io::ensure_writable_directory(common.output_dir);
  std::map<std::string, int> seen;
  std::vector<std::string> unmeasured;
  for (const std::string& model : options.models) {
    if (interrupt.flag().load()) break;
    suite::SweepSpec spec = common;
    spec.model = model;
    if (options.models.size() > 1) {
      spec.output_dir = common.output_dir / suite::unique_case_name(std::filesystem::path(model).filename().string(), seen);
      fmt::print(err, "== sweep of {} into {}\n", model, spec.output_dir.string());
    }
    const suite::SweepRecord record = suite::run_sweep(spec, run_flags_for_suites(), registry, &interrupt.flag(), err);
    for (const std::string& note : suite::write_sweep_files(spec.output_dir, record)) fmt::print(err, "note: {}\n", note);
    out << suite::sweep_markdown(record);
    fmt::print(err, "sweep: {}\n", (spec.output_dir / "sweep.json").string());
    if (!record.interrupted && !any_measured(record)) unmeasured.push_back(model);
  }
  if (interrupt.flag().load()) return static_cast<int>(interrupt.exit_code());
  for (const std::string& model : unmeasured)
    fmt::print(err, "inferbench: error: no point of the sweep of {} could be measured (its sweep.md says why)\n", model);
  return unmeasured.empty() ? 0 : static_cast<int>(ExitCode::run_failed);
}

}  // namespace ib::cli
