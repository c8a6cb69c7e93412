#pragma once
// The progress line `run` draws on stderr while it measures: which run, which phase, how far, the latest
// p50, and how long is left. Drawn only on a terminal (the CLI decides) and erased before anything else is
// printed, so logs and pipes never see it. Its thread wakes a few times a second; what that costs the
// measurement is in docs/methodology.md.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "inferbench/progress.hpp"

namespace ib::report {

/// One line, at most `width - 1` columns (a full-width line would wrap on some terminals), e.g.
///   [1/2] demo  measuring [=========>          ] 48% 480/1000  p50 1.234 ms  3 s left
/// `now_ns` is on the clock the runner wrote `snapshot` with.
[[nodiscard]] std::string render_progress(const core::ProgressSnapshot& snapshot, std::int64_t now_ns,
                                          std::size_t width);

/// "12 s", "3 min 05 s", "1 h 02 min": a duration for people.
[[nodiscard]] std::string human_duration(double seconds);

/// Redraws render_progress() in place on `out` from its own thread until destroyed, then erases the line.
class ProgressBar {
 public:
  static constexpr std::chrono::milliseconds kRefresh{250};

  ProgressBar(const core::Progress& progress, core::Clock& clock, std::ostream& out, std::size_t width,
              std::chrono::milliseconds refresh = kRefresh);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

 private:
  void draw_until_stopped();

  const core::Progress& progress_;
  core::Clock& clock_;
  std::ostream& out_;
  std::size_t width_;
  std::chrono::milliseconds refresh_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopped_ = false;
  std::thread thread_;  // last: starts once everything above is set
};

}  // namespace ib::report
