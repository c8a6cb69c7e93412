#pragma once
// What `inferbench run` exposes to Prometheus about each run: latency quantiles (a summary in seconds), the
// inferences done (a counter), throughput, GPU utilisation, power, energy per inference and throttling, each
// labelled run, model, backend, precision and device (docs/reports.md, "Metrics"). From a finished run's
// result, or from the speed pass in progress (its samples so far).
#include <vector>

#include "inferbench/result.hpp"
#include "inferbench/spec.hpp"
#include "metrics/exposition.hpp"

namespace ib::metrics {

/// The families of a finished (or failed, or interrupted) run; inferbench_run_in_progress is 0.
[[nodiscard]] std::vector<Family> finished_run_families(const result::Run& run);

/// The families of a run whose speed pass is under way on `device` ("cuda:0"), from its spec and the samples
/// published so far; inferbench_run_in_progress is 1. Labels as the finished run will have them; telemetry
/// comes with the finished run.
[[nodiscard]] std::vector<Family> running_families(const RunSpec& spec, const std::string& device,
                                                   const std::vector<double>& latency_ms);

}  // namespace ib::metrics
