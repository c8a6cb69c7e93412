#pragma once
// `run` measures on a thread of its own, so the main thread can answer a stop signal even while a backend
// call does not return: it waits kStopGrace for the call, then writes the result from the samples the speed
// pass published and leaves the thread behind (README.md, "Stopping a run").
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "core/clock.hpp"
#include "inferbench/run.hpp"
#include "metrics/live_metrics.hpp"
#include "report/progress_bar.hpp"

namespace ib::cli {

/// How long `run` waits, after a stop signal, for a backend call in progress to return (README.md).
inline constexpr std::chrono::seconds kStopGrace{3};

/// One run's outcome: written by the measuring thread, read by the main thread once `ready` is set.
struct Measured {
  result::Run run;
  std::optional<core::ErrorKind> failure;
};

/// What the measuring thread shares with the main thread. It outlives the thread even when the thread is left
/// behind in a backend call: the main thread then ends the process without leaving run_command.
class Measurement : public RunObserver {
 public:
  /// `bar_columns`: draw a progress bar this wide on `err` while measuring; none: no bar.
  Measurement(PlanRunner& runner, std::ostream& err, std::optional<std::size_t> bar_columns);

  /// Starts the thread; each run in turn until all are done or `stop` is set.
  void start(const std::atomic<bool>& stop, const InterruptGuard& interrupt);
  /// Waits for the thread; once a stop signal came, at most kStopGrace longer. False: it did not finish in
  /// time, and it is left behind.
  [[nodiscard]] bool wait(const InterruptGuard& interrupt);

  /// The runs in plan order, up to the first one that did not finish (an abandoned one included), and the
  /// first failure's exit code (ok when none).
  [[nodiscard]] std::vector<result::Run> take_runs(bool finished, ExitCode& first_failure);

  /// Also tells `metrics` when runs start and finish (--metrics-port); set before start().
  void set_metrics(metrics::LiveMetrics* metrics) { metrics_ = metrics; }
  /// The speed pass in progress, for metrics scraped while it runs.
  [[nodiscard]] const runner::LiveSamples& live_samples() const noexcept { return live_; }

  void run_started(const RunSpec& spec, std::size_t index, std::size_t count) override;
  void run_finished(const result::Run& run, std::size_t index, const core::Error* error) override;

 private:
  void measure_all(const std::atomic<bool>& stop);
  void drop_bar();

  PlanRunner& runner_;
  std::ostream& err_;
  std::optional<std::size_t> bar_columns_;
  core::Progress progress_;
  core::SteadyClock clock_;
  std::vector<Measured> measured_;
  std::unique_ptr<std::atomic<bool>[]> ready_;  // measured_[i] is complete and no longer touched by the thread
  std::atomic<std::size_t> started_{0};          // runs begun
  std::atomic<bool> done_{false};
  std::exception_ptr failure_;  // an unexpected exception, rethrown by the main thread
  runner::LiveSamples live_;    // the speed pass in progress
  std::mutex bar_mutex_;        // the thread draws the bar; the main thread takes it away when it gives up
  std::optional<report::ProgressBar> bar_;
  metrics::LiveMetrics* metrics_ = nullptr;
  std::thread thread_;
};

}  // namespace ib::cli
