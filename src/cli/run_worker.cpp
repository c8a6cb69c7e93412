#include "cli/run_worker.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace ib::cli {
namespace {

// Room for every timed sample of one speed pass, up to a bound (8 bytes each): time-bounded passes get the
// bound, counted ones their count.
std::size_t live_capacity(const Plan& plan) {
  constexpr std::size_t kMaxLiveSamples = std::size_t{1} << 20;
  std::size_t most = 1;
  for (const RunSpec& spec : plan.runs) {
    const bool by_count = spec.stop.kind == StopRule::Kind::iterations;
    most = std::max(most, by_count ? static_cast<std::size_t>(std::max<std::int64_t>(spec.stop.iterations, 1))
                                   : kMaxLiveSamples);
  }
  return std::min(most, kMaxLiveSamples);
}

}  // namespace

Measurement::Measurement(PlanRunner& runner, std::ostream& err, std::optional<std::size_t> bar_columns)
    : runner_(runner),
      err_(err),
      bar_columns_(bar_columns),
      measured_(runner.plan().runs.size()),
      ready_(std::make_unique<std::atomic<bool>[]>(runner.plan().runs.size())),
      live_(live_capacity(runner.plan())) {}

void Measurement::run_started(const RunSpec& spec, std::size_t index, std::size_t /*count*/) {
  fmt::print(err_, "{} ({}, {}): {}\n", spec.name, spec.backend, core::device_to_string(runner_.device()),
             runner_.describe(index));
  started_.store(index + 1);
  if (metrics_ != nullptr) metrics_->run_started(spec);
  if (!bar_columns_) return;
  const std::lock_guard lock(bar_mutex_);
  bar_.emplace(progress_, clock_, err_, *bar_columns_);
}

void Measurement::run_finished(const result::Run& run, std::size_t /*index*/, const core::Error* error) {
  drop_bar();
  if (metrics_ != nullptr) metrics_->run_finished(run);
  if (error) fmt::print(err_, "inferbench: error: {}\n", error->what());
}

void Measurement::drop_bar() {
  const std::lock_guard lock(bar_mutex_);
  bar_.reset();
}

void Measurement::measure_all(const std::atomic<bool>& stop) {
  const RunContext context{this, bar_columns_ ? &progress_ : nullptr, &live_, &stop};
  for (std::size_t i = 0; i < measured_.size(); ++i) {
    measured_[i].run = runner_.run(i, context, &measured_[i].failure);
    ready_[i].store(true, std::memory_order_release);
    if (stop.load()) break;
  }
}

void Measurement::start(const std::atomic<bool>& stop, const InterruptGuard& interrupt) {
  thread_ = std::thread([this, &stop, &interrupt] {
    try {
      measure_all(stop);
    } catch (...) {
      failure_ = std::current_exception();
    }
    done_.store(true, std::memory_order_release);
    interrupt.wake();
  });
}

bool Measurement::wait(const InterruptGuard& interrupt) {
  using clock = std::chrono::steady_clock;
  std::optional<clock::time_point> deadline;
  while (!done_.load(std::memory_order_acquire)) {
    if (!deadline && interrupt.flag().load()) deadline = clock::now() + kStopGrace;
    if (deadline && clock::now() >= *deadline) {
      thread_.detach();  // in a backend call that does not return; the process ends without it
      drop_bar();
      return false;
    }
    const auto timeout = deadline ? std::chrono::ceil<std::chrono::milliseconds>(*deadline - clock::now())
                                  : std::chrono::milliseconds(-1);
    (void)interrupt.wait(timeout);
  }
  thread_.join();
  if (failure_) std::rethrow_exception(failure_);
  return true;
}

std::vector<result::Run> Measurement::take_runs(bool finished, ExitCode& first_failure) {
  std::vector<result::Run> runs;
  first_failure = ExitCode::ok;
  for (std::size_t i = 0; i < measured_.size(); ++i) {
    if (!ready_[i].load(std::memory_order_acquire)) {
      if (!finished && i < started_.load()) {
        runs.push_back(runner_.abandoned(i, live_.snapshot(), static_cast<double>(kStopGrace.count())));
      }
      break;
    }
    if (measured_[i].failure && first_failure == ExitCode::ok) first_failure = exit_code_of(*measured_[i].failure);
    runs.push_back(std::move(measured_[i].run));
  }
  return runs;
}

}  // namespace ib::cli
