#include "io/cleanup_registry.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>

namespace ib::io {
namespace {

// A handful are live at once (one temp file per writing thread, one child); 64 leaves room.
constexpr std::size_t kSlots = 64;
enum State : int { kFree = 0, kFilling = 1, kLive = 2 };

struct PathSlot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX] = {};
};
struct ChildSlot {
  std::atomic<pid_t> pid{0};
};

std::array<PathSlot, kSlots> g_paths;
std::array<ChildSlot, kSlots> g_children;
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<pid_t>::is_always_lock_free);

}  // namespace

TrackedTempFile::TrackedTempFile(const std::filesystem::path& path) noexcept : slot_(-1) {
  const std::string& text = path.native();
  if (text.size() >= PATH_MAX) return;
  for (std::size_t i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_paths[i].state.compare_exchange_strong(expected, kFilling, std::memory_order_acquire)) continue;
    std::memcpy(g_paths[i].path, text.c_str(), text.size() + 1);
    g_paths[i].state.store(kLive, std::memory_order_release);
    slot_ = static_cast<int>(i);
    return;
  }
}

TrackedTempFile::~TrackedTempFile() {
  if (slot_ >= 0) g_paths[static_cast<std::size_t>(slot_)].state.store(kFree, std::memory_order_release);
}

TrackedChild::TrackedChild(pid_t pid) noexcept : slot_(-1) {
  for (std::size_t i = 0; i < kSlots; ++i) {
    pid_t expected = 0;
    if (g_children[i].pid.compare_exchange_strong(expected, pid, std::memory_order_acq_rel)) {
      slot_ = static_cast<int>(i);
      return;
    }
  }
}

TrackedChild::~TrackedChild() {
  if (slot_ >= 0) g_children[static_cast<std::size_t>(slot_)].pid.store(0, std::memory_order_release);
}

void remove_tracked_files_and_children() noexcept {
  // Children first: a gnuplot still running could otherwise create its output after the unlink below.
  for (auto& child : g_children) {
    const pid_t pid = child.pid.load(std::memory_order_acquire);
    if (pid <= 0) continue;
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  for (auto& slot : g_paths) {
    if (slot.state.load(std::memory_order_acquire) == kLive) ::unlink(slot.path);
  }
}

}  // namespace ib::io
