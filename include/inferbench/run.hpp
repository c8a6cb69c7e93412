#pragma once
// Running a plan (inferbench/spec.hpp). `run_plan` is the one call for a program that just wants a result;
// `PlanRunner` is the same thing in steps, for a caller that runs the measurement on a thread of its own and
// may have to give up on it (the CLI, on a second signal).
//
//   ib::Plan plan = ...;                              // or from flags: src/plan/run_plan.hpp
//   ib::result::Result result = ib::run_plan(plan, ib::default_registry(), {});
//
// Errors: core::InputError / core::UnavailableError from preparing (bad files, a device or backend that is not
// there) before anything is loaded; a run that fails is recorded in the result (status failed, its error) and
// the next run goes on.
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "inferbench/errors.hpp"
#include "inferbench/live_samples.hpp"
#include "inferbench/progress.hpp"
#include "inferbench/registry.hpp"
#include "inferbench/result.hpp"
#include "inferbench/spec.hpp"

namespace ib {

/// Every backend this build has: the fake backend (tests), and the LibTorch and synthetic plugins, loaded on
/// first use.
[[nodiscard]] const backends::Registry& default_registry();

/// Told what a plan does, on the thread that runs it. Every method has a do-nothing default.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  /// Run `index` (0-based) of `count` is about to load.
  virtual void run_started(const RunSpec& spec, std::size_t index, std::size_t count) {
    (void)spec, (void)index, (void)count;
  }
  /// Run `index` ended: measured, interrupted or failed (then `error` says why).
  virtual void run_finished(const result::Run& run, std::size_t index, const core::Error* error) {
    (void)run, (void)index, (void)error;
  }
};

/// What a running plan reports to, and listens to. Everything is optional.
struct RunContext {
  RunObserver* observer = nullptr;
  core::Progress* progress = nullptr;  ///< phase and iteration counts, for a display on another thread
  runner::LiveSamples* live = nullptr; ///< the samples of the speed pass in progress
  /// Set (from any thread, or a signal handler) to stop: the run in progress keeps its samples, marked
  /// interrupted, and no further run starts.
  const std::atomic<bool>* stop = nullptr;
};

/// A plan checked against this machine and ready to run: device chosen, files read, telemetry opened.
class PlanRunner {
 public:
  /// Checks what needs the machine (model files, images, GT, the device, the backends) without loading a
  /// model. Throws core::InputError or core::UnavailableError.
  PlanRunner(Plan plan, const backends::Registry& registry);
  ~PlanRunner();
  PlanRunner(const PlanRunner&) = delete;
  PlanRunner& operator=(const PlanRunner&) = delete;

  [[nodiscard]] const Plan& plan() const noexcept;
  [[nodiscard]] const core::DeviceSpec& device() const noexcept;
  /// The plan's warnings and those from preparing it (flags without effect on this device, ...).
  [[nodiscard]] const std::vector<result::Warning>& warnings() const noexcept;
  /// The machine, the build and the backends' versions; GPU details from NVML when telemetry is on.
  [[nodiscard]] const result::Environment& environment() const noexcept;
  /// Notes for the user that are not warnings about the results (NVML missing, say).
  [[nodiscard]] const std::vector<std::string>& notes() const noexcept;
  /// A line saying what run `index` will do: "warm-up 50 ms, timed for 10 s, CUDA graph".
  [[nodiscard]] std::string describe(std::size_t index) const;

  /// Runs spec `index`. A failure is recorded in the returned run (status failed) and in `*error_kind`.
  [[nodiscard]] result::Run run(std::size_t index, const RunContext& context,
                                std::optional<core::ErrorKind>* error_kind = nullptr);
  /// Spec `index` given up on `waited_s` after a stop signal, with the samples its speed pass had published.
  [[nodiscard]] result::Run abandoned(std::size_t index, std::vector<double> samples, double waited_s) const;
  /// Once the runs are in `result` (in plan order, a prefix of the plan): the cross-engine comparison
  /// against the first run with a quality pass; where the plan saves outputs, each run's compared output, and
  /// the input image and GT map the depth figure draws, saved into the output folder. Returns notes for the
  /// user: an input that could not be saved (its figure panel is then left out).
  [[nodiscard]] std::vector<std::string> finish(result::Result& result);

  struct State;  ///< opaque: the implementation's

 private:
  std::unique_ptr<State> state_;
};

/// Runs every spec of `plan` in order on the calling thread and returns the result (runs, environment,
/// cross-engine comparisons). Stops early when context.stop is set.
[[nodiscard]] result::Result run_plan(const Plan& plan, const backends::Registry& registry,
                                      const RunContext& context);

}  // namespace ib
