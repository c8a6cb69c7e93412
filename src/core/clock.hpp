#pragma once
// The runner reads time only through Clock, so tests can drive it with a manual clock.
#include <chrono>
#include <cstdint>

namespace ib::core {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Monotonic nanoseconds since an arbitrary epoch.
  [[nodiscard]] virtual std::int64_t now_ns() noexcept = 0;
};

/// std::chrono::steady_clock (CLOCK_MONOTONIC on Linux, ~20-30 ns per read).
class SteadyClock final : public Clock {
 public:
  [[nodiscard]] std::int64_t now_ns() noexcept override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace ib::core
