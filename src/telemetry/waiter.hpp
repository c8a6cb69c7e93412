#pragma once
// How the sampler thread waits for its next grid point: until a deadline, or less when told to stop. An
// interface so that tests drive the sampler with a manual clock and no sleeps; ConditionWaiter is the real
// one, and wakes at once on stop (a condition variable, never a long sleep), so stopping never costs an
// interval.
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace ib::telemetry {

class Waiter {
 public:
  virtual ~Waiter() = default;
  /// Blocks until the clock reads `deadline_ns` (returns at once when it already does) or until a stop is
  /// requested. Returns false when stopped (also when the stop came before the call).
  [[nodiscard]] virtual bool wait_until(std::int64_t deadline_ns) = 0;
  /// Ends the current and every later wait; callable from any thread.
  virtual void request_stop() noexcept = 0;
};

/// Waits on std::chrono::steady_clock, so deadlines are in core::SteadyClock's nanoseconds.
class ConditionWaiter final : public Waiter {
 public:
  [[nodiscard]] bool wait_until(std::int64_t deadline_ns) override;
  void request_stop() noexcept override;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopped_ = false;
};

}  // namespace ib::telemetry
