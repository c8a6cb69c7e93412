#pragma once
// What must not outlive the process when a signal ends it: temp files being written and child processes being
// waited for. Writers and run_process register them for as long as they exist; a signal handler that is about
// to end the process calls remove_tracked_files_and_children(), which only uses async-signal-safe calls.
// Process-wide by necessity (a handler reaches nothing else); fixed-size slots, so registering never allocates
// in the handler's view. Slots full: the item is just not tracked (the normal paths still clean it up).
#include <sys/types.h>

#include <filesystem>

namespace ib::io {

/// Registers `path` (a temp file about to be created) until destroyed.
class TrackedTempFile {
 public:
  explicit TrackedTempFile(const std::filesystem::path& path) noexcept;
  ~TrackedTempFile();
  TrackedTempFile(const TrackedTempFile&) = delete;
  TrackedTempFile& operator=(const TrackedTempFile&) = delete;

 private:
  int slot_;
};

/// Registers a running child until destroyed (after it was waited for).
class TrackedChild {
 public:
  explicit TrackedChild(pid_t pid) noexcept;
  ~TrackedChild();
  TrackedChild(const TrackedChild&) = delete;
  TrackedChild& operator=(const TrackedChild&) = delete;

 private:
  int slot_;
};

/// Async-signal-safe: kills every tracked child (SIGKILL), reaps it so it cannot create a file after this, and
/// unlinks every tracked temp file.
void remove_tracked_files_and_children() noexcept;

}  // namespace ib::io
