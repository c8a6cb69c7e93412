#pragma once
// SIGINT (Ctrl-C) and SIGTERM (what `docker stop` and Kubernetes send) for the duration of a command. In a
// graceful guard (`run`) the first signal only raises a flag the runner polls between phases and iterations,
// so the run stops, keeps its samples and writes its result; the exit code then says which signal it was (130
// SIGINT, 143 SIGTERM). A second signal, or the first one in a command without a graceful stop, ends the
// process at once by that signal, after killing the children it waits for and removing the temp files it is
// writing (io/cleanup_registry.hpp), so nothing half-written survives.
#include <atomic>
#include <chrono>

#include "cli/exit_codes.hpp"

namespace ib::cli {

class InterruptGuard {
 public:
  explicit InterruptGuard(bool graceful);  ///< installs the handlers
  ~InterruptGuard();                       ///< restores the previous handlers
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// Raised by the first signal in a graceful guard.
  [[nodiscard]] const std::atomic<bool>& flag() const noexcept;
  /// The first signal received (SIGINT or SIGTERM); 0 before.
  [[nodiscard]] int signal_number() const noexcept;
  /// 130 after SIGINT, 143 after SIGTERM (128 + the signal's number, as a shell reports a process it ended).
  [[nodiscard]] ExitCode exit_code() const noexcept;

  /// Blocks until wake() was called or a signal arrived since the last wait, or `timeout` passed (negative:
  /// no limit). False on timeout.
  [[nodiscard]] bool wait(std::chrono::milliseconds timeout) const;
  /// Ends a wait() from any thread: what it waits for is done.
  void wake() const noexcept;
};

}  // namespace ib::cli
