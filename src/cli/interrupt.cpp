#include "cli/interrupt.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "io/cleanup_registry.hpp"

namespace ib::cli {
namespace {

// A signal handler can reach nothing but globals; these are the only ones, and only this file sees them.
std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
std::atomic<bool> g_graceful{false};
// The self-pipe: the handler (and wake()) write a byte, wait() polls the other end.
std::atomic<int> g_wake_write{-1};
int g_wake_read = -1;
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

void write_wake_byte() noexcept {
  const int fd = g_wake_write.load();
  if (fd < 0) return;
  const char byte = 1;
  const int saved = errno;
  (void)!::write(fd, &byte, 1);  // full pipe: a wake is pending anyway
  errno = saved;
}

// Async-signal-safe only: atomics, write, kill, waitpid, unlink, signal, sigprocmask, raise, _exit.
extern "C" void on_signal(int signal_number) {
  int none = 0;
  g_signal.compare_exchange_strong(none, signal_number);
  if (g_graceful.load() && !g_interrupted.exchange(true)) {
    write_wake_byte();
    return;
  }
  io::remove_tracked_files_and_children();
  std::signal(signal_number, SIG_DFL);
  sigset_t this_one;  // blocked while its handler runs
  sigemptyset(&this_one);
  sigaddset(&this_one, signal_number);
  pthread_sigmask(SIG_UNBLOCK, &this_one, nullptr);
  std::raise(signal_number);
  _exit(128 + signal_number);  // SIG_DFL of SIGTERM is ignored by PID 1 (a container's first process)
}

}  // namespace

InterruptGuard::InterruptGuard(bool graceful) {
  g_interrupted.store(false);
  g_signal.store(0);
  g_graceful.store(graceful);
  int fds[2] = {-1, -1};
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    g_wake_read = fds[0];
    g_wake_write.store(fds[1]);
  }
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  const int write_end = g_wake_write.exchange(-1);
  if (write_end >= 0) ::close(write_end);
  if (g_wake_read >= 0) ::close(g_wake_read);
  g_wake_read = -1;
}

const std::atomic<bool>& InterruptGuard::flag() const noexcept {
  return g_interrupted;
}

int InterruptGuard::signal_number() const noexcept {
  return g_signal.load();
}

ExitCode InterruptGuard::exit_code() const noexcept {
  return g_signal.load() == SIGTERM ? ExitCode::terminated : ExitCode::interrupted;
}

bool InterruptGuard::wait(std::chrono::milliseconds timeout) const {
  pollfd watched{g_wake_read, POLLIN, 0};
  int ready = 0;
  do {
    ready = ::poll(&watched, 1, timeout.count() < 0 ? -1 : static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR && !g_interrupted.load());
  if (ready == 0) return false;
  char buffer[64];
  while (::read(g_wake_read, buffer, sizeof buffer) > 0) {
  }
  return true;
}

void InterruptGuard::wake() const noexcept {
  write_wake_byte();
}

}  // namespace ib::cli
