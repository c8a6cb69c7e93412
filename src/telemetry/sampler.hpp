#pragma once
// Samples a MetricSource on a background thread for the length of one pass and returns the series as
// result::Telemetry. Samples start on a fixed grid, sample k at start + k * interval: the period stays the
// interval whatever a sample costs (the script users come from waits `interval` after each sample, so its
// real period is interval + query time). A sample that overruns the next grid point skips to the first grid
// point after it ends, never bunching samples up. The sampler measures its own cost: every sample, and every
// query.
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "inferbench/result.hpp"
#include "telemetry/metric_source.hpp"
#include "telemetry/waiter.hpp"

namespace ib::telemetry {

struct SamplerOptions {
  double interval_s = 0.1;        ///< --gpu-sample-interval: the grid's period
  std::string pass = "separate";  ///< Telemetry::pass: "separate" or "concurrent"
};

class Sampler {
 public:
  /// Samples on core::SteadyClock, waiting on a ConditionWaiter. Throws core::InputError when the interval is
  /// not a number >= 0.001 s.
  Sampler(MetricSource& source, SamplerOptions options);
  /// The same with the given clock and waiter (tests: a manual clock). Source, clock and waiter must outlive
  /// the sampler; the waiter's deadlines are read on `clock`.
  Sampler(MetricSource& source, SamplerOptions options, core::Clock& clock, Waiter& waiter);
  /// Stops and joins a running thread; never throws.
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;
  Sampler(Sampler&&) = delete;
  Sampler& operator=(Sampler&&) = delete;

  /// Time 0 of the pass is now; the first sample is taken at once. Once per Sampler: throws std::logic_error
  /// when called again.
  void start();
  /// Ends sampling (wakes the thread at once), joins it and returns the series. Throws std::logic_error when
  /// not started or already stopped.
  [[nodiscard]] result::Telemetry stop();

 private:
  struct QueryTotals {
    std::int64_t calls = 0;
    std::int64_t total_ns = 0;
    std::int64_t max_ns = 0;
  };

  void run() noexcept;
  void record(std::int64_t offset_ns, std::int64_t cost_ns);
  void note_error(const std::string& message);
  [[nodiscard]] result::Telemetry collect() const;

  MetricSource& source_;
  SamplerOptions options_;
  std::unique_ptr<core::Clock> own_clock_;
  std::unique_ptr<Waiter> own_waiter_;
  core::Clock* clock_;
  Waiter* waiter_;
  std::int64_t interval_ns_ = 0;
  std::int64_t start_ns_ = 0;
  bool started_ = false;
  bool stopped_ = false;
  std::thread thread_;

  // Written by the sampler thread only, read after join.
  std::vector<std::size_t> supported_;  // indices into source_.metrics()
  SampleReadings readings_;
  std::vector<double> time_s_;
  std::vector<std::vector<double>> values_;  // one per supported metric
  std::vector<std::uint64_t> reasons_;
  std::int64_t failed_queries_ = 0;
  std::vector<std::string> errors_;
  std::int64_t samples_ = 0;
  std::int64_t sample_cost_total_ns_ = 0;
  std::int64_t sample_cost_max_ns_ = 0;
  std::vector<QueryTotals> query_totals_;
};

}  // namespace ib::telemetry
