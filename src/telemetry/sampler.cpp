#include "telemetry/sampler.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "inferbench/errors.hpp"

namespace ib::telemetry {

namespace {

constexpr double kMinimumIntervalS = 0.001;

std::int64_t checked_interval_ns(double interval_s) {
  if (!std::isfinite(interval_s) || interval_s < kMinimumIntervalS) {
    throw core::InputError(
        fmt::format("--gpu-sample-interval must be at least {} s (got {})", kMinimumIntervalS, interval_s));
  }
  return std::llround(interval_s * 1e9);
}

}  // namespace

Sampler::Sampler(MetricSource& source, SamplerOptions options)
    : source_(source),
      options_(std::move(options)),
      own_clock_(std::make_unique<core::SteadyClock>()),
      own_waiter_(std::make_unique<ConditionWaiter>()),
      clock_(own_clock_.get()),
      waiter_(own_waiter_.get()),
      interval_ns_(checked_interval_ns(options_.interval_s)) {}

Sampler::Sampler(MetricSource& source, SamplerOptions options, core::Clock& clock, Waiter& waiter)
    : source_(source),
      options_(std::move(options)),
      clock_(&clock),
      waiter_(&waiter),
      interval_ns_(checked_interval_ns(options_.interval_s)) {}

Sampler::~Sampler() {
  if (thread_.joinable()) {
    waiter_->request_stop();
    thread_.join();
  }
}

void Sampler::start() {
  if (started_) throw std::logic_error("Sampler::start called twice");
  started_ = true;
  const auto& metrics = source_.metrics();
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    if (metrics[i].supported) supported_.push_back(i);
  }
  values_.assign(supported_.size(), {});
  query_totals_.assign(source_.queries().size(), {});
  start_ns_ = clock_->now_ns();
  thread_ = std::thread([this] { run(); });
}

result::Telemetry Sampler::stop() {
  if (!started_ || stopped_) throw std::logic_error("Sampler::stop without a running sampler");
  stopped_ = true;
  waiter_->request_stop();
  thread_.join();
  return collect();
}

void Sampler::run() noexcept {
  try {
    const std::size_t metric_count = source_.metrics().size();
    const std::size_t query_count = source_.queries().size();
    std::int64_t k = 0;
    while (waiter_->wait_until(start_ns_ + k * interval_ns_)) {
      const std::int64_t begin = clock_->now_ns();
      readings_.reset(metric_count, query_count);
      source_.read(SampleSlot{k, k * interval_ns_}, readings_);
      const std::int64_t end = clock_->now_ns();
      record(begin - start_ns_, end - begin);
      // The next grid point not yet passed; k + 1 unless this sample ran past it.
      const std::int64_t elapsed = std::max<std::int64_t>(end - start_ns_, 0);
      k = std::max(k + 1, (elapsed + interval_ns_ - 1) / interval_ns_);
    }
  } catch (const std::exception& error) {
    try {
      note_error(fmt::format("telemetry sampling stopped: {}", error.what()));
    } catch (...) {  // out of memory while recording why: nothing more to do
    }
  } catch (...) {
    try {
      note_error("telemetry sampling stopped by an unknown error");
    } catch (...) {
    }
  }
}

void Sampler::note_error(const std::string& message) {
  if (std::find(errors_.begin(), errors_.end(), message) == errors_.end()) errors_.push_back(message);
}

void Sampler::record(std::int64_t offset_ns, std::int64_t cost_ns) {
  time_s_.push_back(static_cast<double>(offset_ns) / 1e9);
  for (std::size_t s = 0; s < supported_.size(); ++s) values_[s].push_back(readings_.values[supported_[s]]);
  if (source_.has_clock_event_reasons()) reasons_.push_back(readings_.clock_event_reasons.value_or(0));
  failed_queries_ += static_cast<std::int64_t>(readings_.failures.size());
  for (const std::string& failure : readings_.failures) note_error(failure);
  ++samples_;
  sample_cost_total_ns_ += cost_ns;
  sample_cost_max_ns_ = std::max(sample_cost_max_ns_, cost_ns);
  for (std::size_t q = 0; q < query_totals_.size() && q < readings_.query_cost_ns.size(); ++q) {
    const std::int64_t cost = readings_.query_cost_ns[q];
    if (cost < 0) continue;
    QueryTotals& totals = query_totals_[q];
    ++totals.calls;
    totals.total_ns += cost;
    totals.max_ns = std::max(totals.max_ns, cost);
  }
}

result::Telemetry Sampler::collect() const {
  result::Telemetry telemetry;
  telemetry.pass = options_.pass;
  telemetry.gpu_index = source_.gpu_index();
  telemetry.interval_s = options_.interval_s;
  telemetry.time_s = time_s_;
  const auto& metrics = source_.metrics();
  for (std::size_t s = 0; s < supported_.size(); ++s) {
    const MetricInfo& info = metrics[supported_[s]];
    telemetry.series.push_back({info.name, info.unit, values_[s]});
  }
  if (source_.has_clock_event_reasons()) telemetry.clock_event_reasons = reasons_;
  for (const MetricInfo& info : metrics) {
    if (!info.supported) telemetry.unsupported.push_back(info.name);
  }
  if (!source_.has_clock_event_reasons()) telemetry.unsupported.emplace_back(metric::kClockEventReasons);
  telemetry.failed_queries = failed_queries_;
  telemetry.errors = errors_;
  if (samples_ > 0) {
    telemetry.sample_cost_mean_ms =
        static_cast<double>(sample_cost_total_ns_) / static_cast<double>(samples_) / 1e6;
    telemetry.sample_cost_max_ms = static_cast<double>(sample_cost_max_ns_) / 1e6;
  }
  const auto& queries = source_.queries();
  for (std::size_t q = 0; q < query_totals_.size(); ++q) {
    const QueryTotals& totals = query_totals_[q];
    if (totals.calls == 0) continue;
    telemetry.query_costs.push_back(
        {queries[q], totals.calls,
         static_cast<double>(totals.total_ns) / static_cast<double>(totals.calls) / 1e6,
         static_cast<double>(totals.max_ns) / 1e6});
  }
  return telemetry;
}

}  // namespace ib::telemetry
