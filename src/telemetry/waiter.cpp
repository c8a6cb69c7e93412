#include "telemetry/waiter.hpp"

#include <chrono>

namespace ib::telemetry {

bool ConditionWaiter::wait_until(std::int64_t deadline_ns) {
  const std::chrono::steady_clock::time_point deadline{std::chrono::nanoseconds(deadline_ns)};
  std::unique_lock lock(mutex_);
  // The predicate guards against spurious wake-ups; wait_until returns it.
  return !wake_.wait_until(lock, deadline, [this] { return stopped_; });
}

void ConditionWaiter::request_stop() noexcept {
  {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  wake_.notify_all();
}

}  // namespace ib::telemetry
