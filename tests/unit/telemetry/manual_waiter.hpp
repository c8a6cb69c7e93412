#pragma once
// A Waiter for a manual clock: each wait moves the clock to its deadline at once, and the run ends when a
// deadline reaches `stop_at_ns`. The end is the test's to choose, not a race with Sampler::stop(), so the
// number and times of samples are exact.
#include <cstdint>
#include <vector>

#include "../../support/manual_clock.hpp"
#include "telemetry/waiter.hpp"

namespace ib::telemetry::fakes {

class ManualWaiter final : public Waiter {
 public:
  ManualWaiter(ib::testing::ManualClock& clock, std::int64_t stop_at_ns)
      : clock_(clock), stop_at_ns_(stop_at_ns) {}

  [[nodiscard]] bool wait_until(std::int64_t deadline_ns) override {
    deadlines.push_back(deadline_ns);
    if (deadline_ns >= stop_at_ns_) return false;
    const std::int64_t now = clock_.now_ns();
    if (deadline_ns > now) clock_.advance(deadline_ns - now);
    return true;
  }
  /// Ignored: the run ends at stop_at_ns, which Sampler::stop() then waits for.
  void request_stop() noexcept override {}

  std::vector<std::int64_t> deadlines;  ///< every deadline asked for, in order

 private:
  ib::testing::ManualClock& clock_;
  std::int64_t stop_at_ns_;
};

}  // namespace ib::telemetry::fakes
