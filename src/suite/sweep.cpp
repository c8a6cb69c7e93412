#include "suite/sweep.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "inferbench/errors.hpp"
#include "plan/run_checks.hpp"
#include "plan/run_plan.hpp"
#include "suite/run_one.hpp"
#include "suite/suite_record.hpp"

namespace ib::suite {
namespace {

std::string point_name(std::int64_t batch, std::int64_t concurrency) {
  return concurrency > 1 ? fmt::format("b{}-c{}", batch, concurrency) : fmt::format("b{}", batch);
}

std::string with_batch(std::string text, std::int64_t batch) {
  for (std::size_t at = text.find("{batch}"); at != std::string::npos; at = text.find("{batch}", at))
    text.replace(at, 7, std::to_string(batch));
  return text;
}

std::string shape_with_batch(const std::string& arg, std::int64_t batch) {
  const std::size_t colon = arg.rfind(':');
  const std::string name = colon == std::string::npos ? "" : arg.substr(0, colon + 1);
  core::Shape shape = core::parse_shape(arg.substr(name.size()));
  shape.at(0) = batch;
  return name + core::shape_to_string(shape);
}

Plan point_plan(const SweepSpec& spec, const RunFlags& flags, const backends::Registry& registry, std::int64_t batch,
                std::int64_t concurrency) {
  std::vector<std::string> args;
  if (spec.model == "demo") {
    args.push_back("--demo");
  } else {
    args.insert(args.end(), {"--model", with_batch(spec.model, batch)});
  }
  for (const std::string& shape : spec.shapes) args.insert(args.end(), {"--shape", shape_with_batch(shape, batch)});
  if (spec.shapes.empty() && spec.model == "demo") args.insert(args.end(), {"--shape", fmt::format("{}x3x224x224", batch)});
  args.insert(args.end(), spec.run_args.begin(), spec.run_args.end());
  args.insert(args.end(), {"--streams", std::to_string(concurrency)});
  plan::RunOptions options = flags.parse(args);
  const std::string name = point_name(batch, concurrency);
  options.output_dir = (spec.output_dir / "points" / name).string();
  options.quiet = true;
  Plan plan = plan::make_run_plan(options, registry, plan::physical_memory_bytes());
  if (plan.runs.size() != 1) throw core::InputError("sweep measures one model at one precision: give one --model and one --dtype");
  plan.runs.front().name = name;
  return plan;
}

void take_numbers(SweepPoint& point, const result::Run& run, const std::optional<backends::AllocatorStats>& stats) {
  if (const auto numbers = case_numbers(run)) {
    point.items_per_s = numbers->items_per_s.value_or(numbers->mean_fps * static_cast<double>(point.concurrency));
    point.median_ms = numbers->median_ms;
    point.mean_ms = numbers->mean_ms;
    point.p99_ms = numbers->p99_ms;
  }
  if (stats) {
    point.memory_bytes = stats->peak_allocated_bytes;
    point.memory_source = "allocator_peak";
  } else if (run.device_memory) {
    const auto& m = *run.device_memory;
    point.memory_bytes = static_cast<std::uint64_t>(std::max<std::int64_t>(0, m.model_bytes + m.buffers_bytes + m.run_bytes));
    point.memory_source = "device_memory";
  }
}

// Out of memory by the error's kind where the backend gave one, else by its message (a backend that reports
// errors as text only, a result written before kinds were recorded).
void set_failure(SweepPoint& point, const std::string& message, std::optional<core::ErrorKind> kind) {
  const bool oom = kind == core::ErrorKind::out_of_memory || is_out_of_memory(message);
  point.outcome = oom ? PointOutcome::out_of_memory : PointOutcome::failed;
  point.error = message;
}

}  // namespace

namespace {

struct PointContext {
  const SweepSpec& spec;
  const RunFlags& flags;
  const backends::Registry& registry;
  const std::atomic<bool>* stop;
  SweepRecord& record;
  std::ostream& log;
};

void measure_into(SweepPoint& point, const Plan& plan, const PointContext& c) {
  const OneRun one = run_one(plan, c.registry, c.stop, false);
  const result::Run& run = one.run;
  point.result = (std::filesystem::path("points") / point_name(point.batch, point.concurrency) / "result.json").generic_string();
  if (c.record.device.empty()) c.record.device = run.device;
  take_numbers(point, run, one.allocator);
  if (run.status == result::RunStatus::failed) {
    set_failure(point, run.error.value_or("the run failed"), run.error_kind);
  } else if (run.status == result::RunStatus::interrupted) {
    point.outcome = PointOutcome::interrupted;
  } else {
    point.outcome = judge(point, c.spec.budgets);
  }
}

std::string point_line(const SweepPoint& p) {
  std::string line = fmt::format("batch {} x {} in flight: {}", p.batch, p.concurrency, outcome_name(p.outcome));
  if (p.items_per_s && p.p99_ms)
    line += fmt::format(", {:.1f} items/s, median {:.3f} ms, p99 {:.3f} ms", *p.items_per_s, p.median_ms.value_or(0), *p.p99_ms);
  if (p.memory_bytes) line += fmt::format(", memory {:.1f} MiB ({})", static_cast<double>(*p.memory_bytes) / 0x1p20, p.memory_source);
  if (p.error) line += ": " + *p.error;
  return line;
}

SweepPoint measure_point(const PointContext& c, std::int64_t batch, std::int64_t concurrency) {
  SweepPoint point;
  point.batch = batch;
  point.concurrency = concurrency;
  const Plan plan = point_plan(c.spec, c.flags, c.registry, batch, concurrency);
  try {
    measure_into(point, plan, c);
  } catch (const core::Error& e) {
    set_failure(point, e.what(), e.kind());
  }
  fmt::print(c.log, "{}\n", point_line(point));
  return point;
}

std::vector<std::int64_t> batches_of(const SweepSpec& spec) {
  if (!spec.batches.empty()) return spec.batches;
  std::vector<std::int64_t> doubling;
  for (std::int64_t b = 1; b <= spec.max_batch; b *= 2) doubling.push_back(b);
  return doubling;
}

void batch_sweep(const PointContext& c) {
  const bool automatic = c.spec.batches.empty();
  for (const std::int64_t batch : batches_of(c.spec)) {
    if (c.stop && c.stop->load()) break;
    if (c.record.oom_batch) {
      SweepPoint skipped{batch, 1, PointOutcome::skipped, fmt::format("above batch {}, which ran out of memory", *c.record.oom_batch),
                         {}, {}, {}, {}, {}, {}, {}};
      c.record.batch_points.push_back(std::move(skipped));
      continue;
    }
    c.record.batch_points.push_back(measure_point(c, batch, 1));
    const SweepPoint& point = c.record.batch_points.back();
    if (point.outcome == PointOutcome::out_of_memory) c.record.oom_batch = batch;
    // Doubling goes on only while the point fits: a budget, a failure or the memory limit ends it.
    if (automatic && point.outcome != PointOutcome::ok) break;
  }
  const auto best = best_point(c.record.batch_points);
  const auto knee = knee_point(c.record.batch_points);
  if (best) c.record.best_batch = c.record.batch_points[*best].batch;
  if (knee) c.record.knee_batch = c.record.batch_points[*knee].batch;
}

void concurrency_sweep(const PointContext& c) {
  const std::int64_t batch =
      c.spec.concurrency_batch.value_or(c.record.best_batch.value_or(c.spec.batches.size() == 1 ? c.spec.batches[0] : 1));
  for (const std::int64_t concurrency : c.spec.concurrency) {
    if (c.stop && c.stop->load()) break;
    c.record.concurrency_points.push_back(measure_point(c, batch, concurrency));
    if (c.record.concurrency_points.back().outcome == PointOutcome::out_of_memory) break;
  }
}

}  // namespace

SweepRecord run_sweep(const SweepSpec& spec, const RunFlags& flags, const backends::Registry& registry,
                      const std::atomic<bool>* stop, std::ostream& log) {
  SweepRecord record;
  record.model = spec.model;
  record.budgets = spec.budgets;
  const Plan first = point_plan(spec, flags, registry, batches_of(spec).front(), 1);  // bad flags: before any run
  record.backend = first.runs.front().backend;
  record.dtype = core::dtype_name(first.runs.front().dtype);
  const PointContext context{spec, flags, registry, stop, record, log};
  // One batch size and a concurrency list: the concurrency sweep alone, at that batch.
  const bool concurrency_only = spec.batches.size() == 1 && !spec.concurrency.empty();
  if (!concurrency_only) batch_sweep(context);
  concurrency_sweep(context);
  record.interrupted = stop && stop->load();
  return record;
}

}  // namespace ib::suite
