#pragma once
// A clock that moves only when a test says so: makes the runner's timings exact.
#include <cstdint>

#include "core/clock.hpp"

namespace ib::testing {

class ManualClock final : public core::Clock {
 public:
  [[nodiscard]] std::int64_t now_ns() noexcept override { return now_; }
  void advance(std::int64_t ns) noexcept { now_ += ns; }

 private:
  std::int64_t now_ = 1'000'000'000;
};

}  // namespace ib::testing
