#include "report/progress_bar.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <vector>

#include <fmt/format.h>

namespace ib::report {
namespace {

constexpr std::size_t kBarCells = 20;
// "\r" back to the line's start, then the text, then "erase to the end of the line" (ECMA-48 EL).
constexpr const char* kEraseToEnd = "\x1b[K";
// Below this much progress an estimate of the time left is mostly noise.
constexpr double kMinFractionForEta = 0.02;

std::string bar(double fraction) {
  const double clamped = std::clamp(fraction, 0.0, 1.0);
  const auto full = static_cast<std::size_t>(std::floor(clamped * static_cast<double>(kBarCells)));
  std::string cells(kBarCells, ' ');
  std::fill_n(cells.begin(), full, '=');
  if (full < kBarCells) cells[full] = '>';
  return fmt::format("[{}] {:3.0f}%", cells, std::floor(clamped * 100.0));
}

}  // namespace

std::string human_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  if (seconds < 10) return fmt::format("{:.1f} s", seconds);
  const auto total = static_cast<std::int64_t>(std::llround(seconds));
  if (total < 60) return fmt::format("{} s", total);
  if (total < 3600) return fmt::format("{} min {:02d} s", total / 60, total % 60);
  return fmt::format("{} h {:02d} min", total / 3600, (total % 3600) / 60);
}

std::string render_progress(const core::ProgressSnapshot& snapshot, std::int64_t now_ns, std::size_t width) {
  std::string head;
  if (snapshot.run_count > 1) head = fmt::format("[{}/{}] ", snapshot.run_index, snapshot.run_count);
  head += fmt::format("{}  {}", snapshot.run, core::phase_label(snapshot.phase));

  const core::PhaseGoal& goal = snapshot.goal;
  const double elapsed_s =
      static_cast<double>(std::max<std::int64_t>(now_ns - snapshot.phase_start_ns, 0)) * 1e-9;
  double fraction = -1;  // unknown: the phase ends when it ends (loading) or when stable
  std::vector<std::string> facts;
  if (goal.iterations > 0) {
    fraction = static_cast<double>(snapshot.done) / static_cast<double>(goal.iterations);
    facts.push_back(fmt::format("{}/{}", snapshot.done, goal.iterations));
  } else if (goal.seconds > 0) {
    fraction = elapsed_s / goal.seconds;
    facts.push_back(fmt::format("{} it", snapshot.done));
  } else if (goal.max_seconds > 0) {
    facts.push_back(fmt::format("{} it", snapshot.done));
    if (std::isfinite(snapshot.widest_half_width)) {
      facts.push_back(fmt::format("CI +/-{:.2g}% (target {:.2g}%)", snapshot.widest_half_width * 100.0,
                                  goal.target_relative * 100.0));
    }
  }
  if (std::isfinite(snapshot.recent_p50_ms))
    facts.push_back(fmt::format("p50 {:.3f} ms", snapshot.recent_p50_ms));
  if (fraction >= kMinFractionForEta && fraction < 1) {
    facts.push_back(human_duration(elapsed_s * (1 - fraction) / fraction) + " left");
  } else if (goal.max_seconds > 0) {
    facts.push_back(
        fmt::format("{} (at most {})", human_duration(elapsed_s), human_duration(goal.max_seconds)));
  } else if (fraction < 0) {
    facts.push_back(human_duration(elapsed_s));
  }
  std::string tail;
  for (const auto& fact : facts) tail += (tail.empty() ? "" : "  ") + fact;
  const std::string meter = fraction >= 0 ? bar(fraction) : "";

  // Narrow terminals lose the bar first, then the end of the line.
  const std::size_t limit = width > 1 ? width - 1 : 0;
  std::string line = head;
  if (!meter.empty() && head.size() + 1 + meter.size() + tail.size() + 1 <= limit) line += " " + meter;
  if (!tail.empty()) line += " " + tail;
  if (line.size() > limit) line.resize(limit);
  return line;
}

ProgressBar::ProgressBar(const core::Progress& progress, core::Clock& clock, std::ostream& out,
                         std::size_t width, std::chrono::milliseconds refresh)
    : progress_(progress), clock_(clock), out_(out), width_(width), refresh_(refresh), thread_([this] {
        draw_until_stopped();
      }) {}

ProgressBar::~ProgressBar() {
  {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  wake_.notify_all();
  thread_.join();
  out_ << '\r' << kEraseToEnd << std::flush;
}

void ProgressBar::draw_until_stopped() {
  std::string shown;
  std::unique_lock lock(mutex_);
  while (!stopped_) {
    lock.unlock();
    const std::string line = render_progress(progress_.snapshot(), clock_.now_ns(), width_);
    if (line != shown) {
      out_ << '\r' << line << kEraseToEnd << std::flush;
      shown = line;
    }
    lock.lock();
    wake_.wait_for(lock, refresh_, [this] { return stopped_; });
  }
}

}  // namespace ib::report
