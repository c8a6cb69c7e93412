#include "runner/benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <latch>
#include <numeric>
#include <thread>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "runner/inference_session.hpp"
#include "stats/quantile_ci.hpp"
#include "stats/stopping_rule.hpp"
#include "telemetry/edge_reading.hpp"
#include "telemetry/nvml_source.hpp"
#include "telemetry/process_meter.hpp"
#include "telemetry/sampler.hpp"
#include "telemetry/telemetry_summary.hpp"
#include "stats/summary.hpp"

namespace ib::runner {
namespace {

// Above this coefficient of variation a single run's percentiles move noticeably between runs.
constexpr double kNoisyCv = 0.10;
// The host is the bottleneck when issuing the work takes about as long as the device needs to run it.
constexpr double kHostBoundRatio = 0.8;
// Percentiles whose confidence intervals every run reports.
constexpr double kIntervalPercentiles[] = {50.0, 99.0};
constexpr double kIntervalConfidence = 0.95;
// The breakdown pass repeats the speed pass's iteration count up to this many: enough for stage percentiles,
// while bounding the extra time of long or adaptive runs.
constexpr std::int64_t kMaxBreakdownIterations = 1000;

// The usual rule: percentile p says something about the tail only with n >= 100 / (100 - p) samples, i.e.
// when at least one sample is expected above it (p99: 100, p99.9: 1000).
std::size_t samples_needed_for(double p) {
  if (p >= 100.0) return 1;
  return static_cast<std::size_t>(std::ceil(100.0 / (100.0 - p) - 1e-9));
}

double milliseconds_since(core::Clock& clock, std::int64_t start_ns) {
  return static_cast<double>(clock.now_ns() - start_ns) * 1e-6;
}

}  // namespace

result::RunConfig make_run_config(const BenchmarkRequest& request,
                                  const std::vector<core::TensorSpec>& inputs) {
  result::RunConfig config;
  config.warmup = request.loop.warmup;
  config.iterations = request.loop.iterations;
  config.dtype = std::string(core::dtype_name(request.load.dtype));
  config.batch = !inputs.empty() && !inputs.front().shape.empty() ? inputs.front().shape.front() : 1;
  for (const auto& spec : inputs) config.shapes.push_back({spec.name, spec.shape});
  config.percentiles = request.percentiles;
  config.warmup_ms = request.loop.warmup_ms;
  config.duration_s = request.loop.duration_s;
  if (request.until_stable) {
    config.target_ci = request.until_stable->target;
    config.max_duration_s = request.until_stable->max_duration_s;
  }
  config.cuda_graph = request.cuda_graph;
  config.sync = sync_mode_name(request.sync);
  config.transfers = request.session.transfers;
  config.streams = request.streams;
  config.input_image = request.input_image;
  const FrameworkSettings settings = framework_settings_of(request);
  config.cudnn_benchmark = settings.cudnn_benchmark;
  config.tf32 = settings.tf32;
  return config;
}

FrameworkSettings framework_settings_of(const BenchmarkRequest& request) {
  if (request.backend == nullptr || !request.backend->framework_settings ||
      request.load.device.kind != core::DeviceKind::cuda) {
    return {};
  }
  const auto on_off = [](bool on) { return std::string(on ? "on" : "off"); };
  return {on_off(request.load.cudnn_benchmark), request.load.tf32 ? on_off(*request.load.tf32) : "default"};
}

namespace {

LoopPlan make_loop_plan(const BenchmarkRequest& request) {
  LoopPlan plan = request.loop;
  if (request.until_stable) {
    auto rule = std::make_shared<const stats::StabilityRule>(stats::StabilityConfig{
        .target_relative = request.until_stable->target,
        .quantiles = {std::begin(kIntervalPercentiles), std::end(kIntervalPercentiles)},
        .confidence = kIntervalConfidence,
        .min_samples = 0});
    plan.until_stable =
        StabilityCheck{.check =
                           [rule](std::span<const double> samples) {
                             const stats::StabilityVerdict verdict = rule->evaluate(samples);
                             double widest = 0;
                             for (const double width : verdict.relative_half_widths)
                               widest = std::max(widest, width);
                             return StabilityState{verdict.stable, widest};
                           },
                       .next_check_at = [rule](std::size_t samples) { return rule->next_check_at(samples); },
                       .max_duration_s = request.until_stable->max_duration_s,
                       .target = request.until_stable->target};
  }
  return plan;
}

std::optional<std::uint64_t> used_bytes(const Platform& platform) {
  const auto info = platform.memory_info();
  if (!info) return std::nullopt;
  return info->total_bytes - info->free_bytes;
}

// Device memory at one step: what the driver reports in use, and the backend's allocator where it has one.
struct MemoryReading {
  std::optional<std::uint64_t> used;
  std::optional<backends::AllocatorStats> allocator;
};

MemoryReading read_memory(const Platform& platform, const BenchmarkRequest& request) {
  MemoryReading reading{used_bytes(platform), std::nullopt};
  if (reading.used && request.backend != nullptr && request.backend->allocator_stats)
    reading.allocator = request.backend->allocator_stats(platform.device());
  return reading;
}

std::int64_t delta(std::uint64_t after, std::uint64_t before) {
  return static_cast<std::int64_t>(after) - static_cast<std::int64_t>(before);
}

// Growth from `before` to `after`. With an allocator: the bytes in its live tensors, plus what grew outside it
// (used minus reserved: cudaMalloc'd buffers, contexts); memory it cached for an earlier model and hands to this
// one is invisible to cudaMemGetInfo but counted here. `peak`: the allocator's peak since `before` stands for
// its live bytes at `after` (the activations of a run, freed by its end).
std::int64_t growth(const MemoryReading& after, const MemoryReading& before, bool peak = false) {
  const std::int64_t used = delta(after.used.value_or(0), before.used.value_or(0));
  if (!after.allocator || !before.allocator) return used;
  const backends::AllocatorStats& a = *after.allocator;
  const backends::AllocatorStats& b = *before.allocator;
  return used - delta(a.reserved_bytes, b.reserved_bytes) +
         delta(peak ? a.peak_allocated_bytes : a.allocated_bytes, b.allocated_bytes);
}

// One stream's model instance: backend, buffers, and the untimed steps before its timed loop.
struct Lane {
  std::unique_ptr<backends::Backend> backend;
  std::unique_ptr<InferenceSession> session;
};

Lane prepare_lane(const BenchmarkRequest& request, Platform& platform) {
  Lane lane;
  lane.backend = request.backend->create(request.load);
  lane.session = std::make_unique<InferenceSession>(*lane.backend, platform, request.session);
  return lane;
}

// Several streams: one host thread each, started together; per-request latencies of all streams are kept with
// their stream index, throughput is over the span from the first start to the last end.
void run_other_streams(const BenchmarkRequest& request, Lane& first, const LoopPlan& plan, core::Clock& clock,
                       const std::atomic<bool>* stop, const LoopObserver& observer, LoopOutcome& merged,
                       std::vector<std::int32_t>& stream_of) {
  if (!request.make_platform) throw core::InputError("--streams needs a platform per stream");
  const auto lanes_count = static_cast<std::size_t>(request.streams);
  std::vector<std::unique_ptr<Platform>> platforms;
  std::vector<Lane> lanes;
  for (std::size_t i = 1; i < lanes_count; ++i) {
    platforms.push_back(request.make_platform());
    lanes.push_back(prepare_lane(request, *platforms.back()));
    lanes.back().session->round_trip();
    if (request.cuda_graph) lanes.back().session->capture_graph();
  }
  std::vector<InferenceSession*> sessions{first.session.get()};
  for (auto& lane : lanes) sessions.push_back(lane.session.get());

  std::vector<LoopOutcome> outcomes(lanes_count);
  std::vector<std::exception_ptr> errors(lanes_count);
  std::latch start(static_cast<std::ptrdiff_t>(lanes_count));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < lanes_count; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        outcomes[i] = run_timed_loop(*sessions[i], clock, plan, stop, i == 0 ? observer : LoopObserver{});
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }

  merged = LoopOutcome{};
  merged.first_start_ns = outcomes[0].first_start_ns;
  merged.last_end_ns = outcomes[0].last_end_ns;
  merged.stopped_by = outcomes[0].stopped_by;
  for (std::size_t i = 0; i < lanes_count; ++i) {
    LoopOutcome& outcome = outcomes[i];
    const auto append = [](std::vector<double>& to, const std::vector<double>& from) {
      to.insert(to.end(), from.begin(), from.end());
    };
    append(merged.latency_ms, outcome.latency_ms);
    append(merged.enqueue_ms, outcome.enqueue_ms);
    append(merged.h2d_ms, outcome.h2d_ms);
    append(merged.compute_ms, outcome.compute_ms);
    append(merged.d2h_ms, outcome.d2h_ms);
    stream_of.insert(stream_of.end(), outcome.latency_ms.size(), static_cast<std::int32_t>(i));
    if (!outcome.latency_ms.empty()) {
      merged.first_start_ns = std::min(merged.first_start_ns, outcome.first_start_ns);
      merged.last_end_ns = std::max(merged.last_end_ns, outcome.last_end_ns);
    }
    merged.warmup_done += outcome.warmup_done;
    merged.warmup_wall_s = std::max(merged.warmup_wall_s, outcome.warmup_wall_s);
    merged.interrupted = merged.interrupted || outcome.interrupted;
  }
  if (merged.interrupted) merged.stopped_by = "interrupted";
  merged.timed_wall_s = merged.latency_ms.empty()
                            ? 0.0
                            : static_cast<double>(merged.last_end_ns - merged.first_start_ns) * 1e-9;
}

double mean_of(const std::vector<double>& values) {
  return values.empty()
             ? 0.0
             : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

}  // namespace

std::string sync_mode_name(SyncMode mode) {
  switch (mode) {
    case SyncMode::block:
      return "block";
    case SyncMode::spin:
      return "spin";
    case SyncMode::yield:
      return "yield";
    case SyncMode::automatic:
      break;
  }
  return "auto";
}

SyncMode parse_sync_mode(const std::string& text) {
  if (text == "auto") return SyncMode::automatic;
  if (text == "block") return SyncMode::block;
  if (text == "spin") return SyncMode::spin;
  if (text == "yield") return SyncMode::yield;
  throw core::InputError("bad --sync '" + text + "' (expected auto, block, spin or yield)");
}

result::Run benchmark_model(const BenchmarkRequest& request, Platform& platform, core::Clock& clock,
                            const std::atomic<bool>* stop, std::vector<double>* compared) {
  if (request.backend == nullptr) throw core::InputError("no backend chosen for " + request.name);
  if (request.streams < 1) throw core::InputError("--streams must be at least 1");
  if (request.streams > 1 && request.until_stable) {
    throw core::InputError(
        "--until-stable works with one stream; drop --streams or use --iterations/--duration");
  }
  const LoopPlan plan = make_loop_plan(request);
  validate(plan);

  result::Run run;
  run.name = request.name;
  run.backend = request.backend->name;
  run.device = core::device_to_string(platform.device());
  run.model = request.model;

  // Startup, apart from the steady state: load, prepare (buffers, binding), then the first (cold) and second
  // (warm) round trips, each timed alone. Device memory is read between the steps.
  result::Startup startup;
  run.config = make_run_config(request, {});
  // A stop between the startup steps ends the run there: a step can take minutes with a huge input.
  const auto stopped_during = [&](const char* step) {
    if (stop == nullptr || !stop->load(std::memory_order_relaxed)) return false;
    run.startup = startup;
    run.status = result::RunStatus::interrupted;
    run.stopped_by = "interrupted";
    run.warnings.push_back(fmt::format("interrupted while {}, before any timed iteration", step));
    summarize_run(run);
    return true;
  };
  const MemoryReading memory_before = read_memory(platform, request);
  std::int64_t t = clock.now_ns();
  const auto begin_phase = [&](core::Phase phase) {
    if (request.progress != nullptr) request.progress->begin_phase(phase, {}, clock.now_ns());
  };
  begin_phase(core::Phase::loading);
  Lane lane;
  lane.backend = request.backend->create(request.load);
  startup.load_ms = milliseconds_since(clock, t);
  if (stopped_during("loading the model")) return run;
  const MemoryReading memory_loaded = read_memory(platform, request);
  t = clock.now_ns();
  SessionOptions session_options = request.session;
  session_options.stop = stop;
  lane.session = std::make_unique<InferenceSession>(*lane.backend, platform, session_options);
  startup.prepare_ms = milliseconds_since(clock, t);
  if (stopped_during("preparing the inputs")) return run;
  const MemoryReading memory_prepared = read_memory(platform, request);
  if (memory_prepared.allocator && request.backend->reset_peak_allocated)
    request.backend->reset_peak_allocated(platform.device());
  InferenceSession& session = *lane.session;
  run.model.inputs = session.input_specs();
  run.model.outputs = session.output_specs();
  run.config = make_run_config(request, session.input_specs());

  LoopOutcome outcome;
  std::vector<std::int32_t> stream_of;
  try {
    begin_phase(core::Phase::first_inference);
    t = clock.now_ns();
    session.round_trip();
    startup.first_inference_ms = milliseconds_since(clock, t);
    if (stopped_during("timing the first inference")) return run;
    t = clock.now_ns();
    session.round_trip();
    startup.second_inference_ms = milliseconds_since(clock, t);
    if (stopped_during("timing the second inference")) return run;
    // Captured after two eager inferences, so one-time work (allocator growth, autotuning) is not in the
    // graph.
    if (request.cuda_graph) {
      t = clock.now_ns();
      session.capture_graph();
      startup.prepare_ms += milliseconds_since(clock, t);
    }
    // The speed pass is the bare round trip: events and the enqueue's clock reads cost time inside it
    // (measured as event_cost_ms), so they go into the breakdown pass.
    LoopPlan speed_plan = plan;
    speed_plan.stage_timing = false;
    const auto speed_pass = [&](LoopOutcome& into, const LoopObserver& observer) {
      if (request.streams > 1) {
        stream_of.clear();
        run_other_streams(request, lane, speed_plan, clock, stop, observer, into, stream_of);
      } else {
        into = run_timed_loop(session, clock, speed_plan, stop, observer);
      }
    };
    // Telemetry (docs/telemetry.md): the clocks and the energy counter are read just outside the timed
    // iterations of the speed pass (after its warm-up), as is the process's CPU time; the sampler runs in its
    // own pass after it, or during it (then a pass without it goes first, to measure what it costs). With
    // several streams the first stream's warm-up and timing decide when: the others start with it.
    std::unique_ptr<telemetry::NvmlSource> source;
    std::unique_ptr<telemetry::Sampler> sampler;
    telemetry::PassEdges edges;
    std::optional<double> baseline_p50;
    const bool concurrent = request.telemetry && request.telemetry->mode == "concurrent";
    if (request.telemetry) {
      source = std::make_unique<telemetry::NvmlSource>(request.telemetry->device, clock);
      sampler = std::make_unique<telemetry::Sampler>(
          *source, telemetry::SamplerOptions{request.telemetry->interval_s, request.telemetry->mode});
      if (concurrent) {
        LoopOutcome baseline;
        speed_plan.phase = core::Phase::baseline;
        speed_pass(baseline, LoopObserver{request.progress, {}, {}});
        speed_plan.phase = core::Phase::measuring;
        if (!baseline.latency_ms.empty())
          baseline_p50 = stats::summarize(baseline.latency_ms, std::vector<double>{}).median;
      }
    }
    telemetry::ProcessMeter process;
    std::optional<telemetry::ProcessCostReading> process_cost;
    LoopObserver speed_observer{
        request.progress,
        [&] {
          if (request.telemetry) {
            if (concurrent) sampler->start();
            edges.before = telemetry::read_edge(request.telemetry->device, telemetry::Edge::before_pass);
          }
          process.start();
        },
        [&] {
          process_cost = process.stop(0);
          if (request.telemetry) {
            edges.after = telemetry::read_edge(request.telemetry->device, telemetry::Edge::after_pass);
            if (concurrent) run.telemetry = sampler->stop();
          }
        }};
    speed_observer.live = request.live;
    speed_pass(outcome, speed_observer);
    if (process_cost) {  // none when stopped during the warm-up
      telemetry::set_inferences(*process_cost,
                                static_cast<std::int64_t>(outcome.latency_ms.size()) * run.config.batch);
      run.process = process_cost->cost;
      if (process_cost->peak_rss_is_lifetime) {
        run.warnings.emplace_back("peak RSS is the process's lifetime peak: the kernel refused to reset it");
      }
    }
    // The breakdown pass: the same round trips with CUDA events between the stages, on the first stream, with
    // the device already warm. Only where the platform has a device clock.
    if (plan.stage_timing && !outcome.interrupted && !outcome.latency_ms.empty() &&
        platform.has_device_clock()) {
      LoopPlan breakdown_plan;
      breakdown_plan.warmup = 0;
      breakdown_plan.iterations = std::min<std::int64_t>(
          static_cast<std::int64_t>(outcome.latency_ms.size()) / std::max<std::int64_t>(request.streams, 1),
          kMaxBreakdownIterations);
      breakdown_plan.iterations = std::max<std::int64_t>(breakdown_plan.iterations, 1);
      breakdown_plan.stage_timing = true;
      breakdown_plan.phase = core::Phase::breakdown;
      LoopOutcome breakdown =
          run_timed_loop(session, clock, breakdown_plan, stop, {request.progress, {}, {}});
      run.samples.breakdown_latency_ms = std::move(breakdown.latency_ms);
      run.samples.enqueue_ms = std::move(breakdown.enqueue_ms);
      run.samples.h2d_ms = std::move(breakdown.h2d_ms);
      run.samples.compute_ms = std::move(breakdown.compute_ms);
      run.samples.d2h_ms = std::move(breakdown.d2h_ms);
    }
    if (request.telemetry) {
      if (request.telemetry->mode == "separate" && !outcome.interrupted && !outcome.latency_ms.empty()) {
        // As many round trips as the speed pass took (one stream: the sampler watches the GPU, not the host).
        LoopPlan telemetry_plan = speed_plan;
        telemetry_plan.warmup = 0;
        telemetry_plan.warmup_ms.reset();
        telemetry_plan.duration_s.reset();
        telemetry_plan.until_stable.reset();
        telemetry_plan.iterations = static_cast<std::int64_t>(outcome.latency_ms.size());
        telemetry_plan.phase = core::Phase::telemetry;
        sampler->start();
        (void)run_timed_loop(session, clock, telemetry_plan, stop, {request.progress, {}, {}});
        run.telemetry = sampler->stop();
      }
      result::TelemetrySummary summary = telemetry::summarize_telemetry(
          run.telemetry ? &*run.telemetry : nullptr, edges,
          static_cast<std::int64_t>(outcome.latency_ms.size()) * run.config.batch, outcome.timed_wall_s);
      if (baseline_p50 && !outcome.latency_ms.empty()) {
        const double p50 = stats::summarize(outcome.latency_ms, std::vector<double>{}).median;
        summary.concurrent_baseline_p50_ms = *baseline_p50;
        summary.concurrent_p50_change = (p50 - *baseline_p50) / *baseline_p50;
      }
      const auto warnings =
          telemetry::telemetry_warnings(summary, run.telemetry ? &*run.telemetry : nullptr, &edges);
      run.warnings.insert(run.warnings.end(), warnings.begin(), warnings.end());
      run.telemetry_summary = std::move(summary);
    }
    // Outputs of the last timed round trip, read once, outside every timed pass: NaN or Inf there is worth a
    // warning whether or not anything else reads them, and never costs the run its timing.
    const std::vector<std::string> output_warnings = nonfinite_output_warnings(session);
    run.warnings.insert(run.warnings.end(), output_warnings.begin(), output_warnings.end());
    // The quality pass, last: it may feed other inputs (dataset images) through the session.
    if (request.quality && !outcome.interrupted && (stop == nullptr || !stop->load())) {
      begin_phase(core::Phase::quality);
      QualityOutcome quality = run_quality_pass(session, *request.quality);
      run.quality = std::move(quality.quality);
      run.warnings.insert(run.warnings.end(), quality.warnings.begin(), quality.warnings.end());
      if (compared != nullptr) *compared = std::move(quality.values);
    }
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw core::RunError(fmt::format("{}: inference failed: {}", request.name, e.what()));
  }
  const MemoryReading memory_after = read_memory(platform, request);
  run.startup = startup;
  if (const auto info = platform.memory_info()) {
    result::DeviceMemory memory;
    memory.total_bytes = info->total_bytes;
    memory.used_before_bytes = static_cast<std::int64_t>(memory_before.used.value_or(0));
    memory.model_bytes = growth(memory_loaded, memory_before);
    memory.buffers_bytes = growth(memory_prepared, memory_loaded);
    memory.run_bytes = growth(memory_after, memory_prepared, /*peak=*/true);
    run.device_memory = memory;
  }

  run.samples.latency_ms = std::move(outcome.latency_ms);
  run.samples.stream = std::move(stream_of);
  run.samples.timed_wall_s = outcome.timed_wall_s;
  run.samples.warmup_iterations = outcome.warmup_done;
  run.samples.warmup_wall_s = outcome.warmup_wall_s;
  run.stopped_by = outcome.stopped_by;
  if (outcome.interrupted) {
    run.status = result::RunStatus::interrupted;
    run.warnings.push_back(fmt::format("interrupted after {} timed iterations ({} warm-up)",
                                       run.samples.latency_ms.size(), outcome.warmup_done));
  }
  if (outcome.stopped_by == "max_duration") {
    run.warnings.push_back(
        fmt::format("--until-stable: the target was not reached within --max-duration {} s; "
                    "the intervals below say how close it got",
                    request.until_stable->max_duration_s));
  }
  summarize_run(run);
  return run;
}

void summarize_run(result::Run& run) {
  const auto& latency = run.samples.latency_ms;
  run.latency_intervals.clear();
  run.stages.clear();
  run.breakdown.reset();
  if (latency.empty()) {
    run.latency.reset();
    run.throughput.reset();
    return;
  }
  run.latency = stats::summarize(latency, run.config.percentiles);
  std::vector<double> sorted = latency;
  std::sort(sorted.begin(), sorted.end());
  for (const double p : kIntervalPercentiles) {
    const stats::QuantileInterval ci = stats::quantile_ci(sorted, p, kIntervalConfidence);
    run.latency_intervals.push_back({p, kIntervalConfidence, ci.available, ci.lower, ci.upper});
  }
  const std::pair<const char*, const std::vector<double>*> stages[] = {
      {"enqueue_ms", &run.samples.enqueue_ms},
      {"h2d_ms", &run.samples.h2d_ms},
      {"compute_ms", &run.samples.compute_ms},
      {"d2h_ms", &run.samples.d2h_ms}};
  for (const auto& [name, series] : stages) {
    if (!series->empty()) run.stages.push_back({name, stats::summarize(*series, run.config.percentiles)});
  }
  if (!run.samples.compute_ms.empty()) {
    result::Breakdown breakdown;
    breakdown.stages_mean_ms =
        mean_of(run.samples.h2d_ms) + mean_of(run.samples.compute_ms) + mean_of(run.samples.d2h_ms);
    breakdown.latency_mean_ms = mean_of(run.samples.breakdown_latency_ms);
    breakdown.gap_ms = breakdown.latency_mean_ms - breakdown.stages_mean_ms;
    breakdown.gap_fraction =
        breakdown.latency_mean_ms > 0 ? breakdown.gap_ms / breakdown.latency_mean_ms : 0.0;
    breakdown.event_cost_ms = breakdown.latency_mean_ms - run.latency->mean;
    run.breakdown = breakdown;
  }

  const auto batch = static_cast<double>(run.config.batch);
  result::Throughput throughput;
  throughput.fps = run.latency->mean > 0 ? batch * 1000.0 / run.latency->mean : 0.0;
  throughput.inferences_per_s = run.samples.timed_wall_s > 0
                                    ? static_cast<double>(latency.size()) * batch / run.samples.timed_wall_s
                                    : 0.0;
  run.throughput = throughput;

  if (!run.config.percentiles.empty()) {
    const double highest = *std::max_element(run.config.percentiles.begin(), run.config.percentiles.end());
    const std::size_t needed = samples_needed_for(highest);
    if (latency.size() < needed) {
      run.warnings.push_back(
          fmt::format("only {} samples: {} needs at least {} to say anything about the tail; "
                      "raise --iterations",
                      latency.size(), stats::percentile_key(highest), needed));
    }
  }
  if (run.latency->cv > kNoisyCv) {
    run.warnings.push_back(
        fmt::format("latency varies a lot (CV {:.1f}%): other load on the machine, clock changes "
                    "or data-dependent work; compare medians, and raise --warmup",
                    run.latency->cv * 100.0));
  }
  if (!run.samples.compute_ms.empty()) {
    const double enqueue = mean_of(run.samples.enqueue_ms);
    const double compute = mean_of(run.samples.compute_ms);
    if (compute > 0 && enqueue >= kHostBoundRatio * compute) {
      run.warnings.push_back(
          fmt::format("host-bound: issuing the work takes {:.3f} ms of the {:.3f} ms the device "
                      "spends on it, so the GPU waits for the CPU; try --cuda-graph",
                      enqueue, compute));
    }
  }
}

}  // namespace ib::runner
