#pragma once
// Ctrl-C handling for the duration of a command: the first SIGINT (or SIGTERM) raises a flag the runner polls
// between iterations, so the run stops cleanly and keeps its samples; a second one terminates at once.
#include <atomic>

namespace ib::cli {

class InterruptGuard {
 public:
  InterruptGuard();   ///< installs the handlers
  ~InterruptGuard();  ///< restores the previous handlers
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  [[nodiscard]] const std::atomic<bool>& flag() const noexcept;
};

}  // namespace ib::cli
