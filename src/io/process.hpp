#pragma once
// Runs another program (trtexec, gnuplot) from an argument vector, never through a shell, and waits for it.
// Its stdout and stderr go, interleaved as written, to one file the caller names, so a long log is never held
// in memory and survives a crash of ours.
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ib::io {

struct ProcessOutcome {
  bool started = false;  ///< false: the program was not found or could not be executed (see `error`)
  int exit_code = -1;    ///< the exit status; 128 + N when killed by signal N; -1 when not started
  std::string error;     ///< why it did not start, one line
};

struct ProcessRequest {
  std::vector<std::string> argv;  ///< argv[0] is a path or a name looked up on PATH
  std::filesystem::path output;   ///< stdout + stderr are appended here (created when missing)
  std::optional<std::filesystem::path> working_directory;
};

/// Runs the program to completion. Never throws for the program's own failure: that is in the outcome.
/// Throws core::InputError when `output` cannot be opened.
[[nodiscard]] ProcessOutcome run_process(const ProcessRequest& request);

/// The absolute path `name` resolves to on PATH (or `name` itself when it contains a '/' and is executable);
/// nullopt when there is none.
[[nodiscard]] std::optional<std::filesystem::path> find_executable(const std::string& name);

/// A program started to run beside us (the launcher's children): stdout and stderr to files of their own, extra
/// environment variables on top of ours, its own process group so a terminal's Ctrl-C reaches only us (we
/// forward it once, see ChildProcess::signal).
struct SpawnRequest {
  std::vector<std::string> argv;  ///< argv[0] is a path or a name looked up on PATH
  std::filesystem::path stdout_path;
  std::filesystem::path stderr_path;
  std::vector<std::pair<std::string, std::string>> environment;  ///< set (or replaced) in the child's
};

/// A running child, tracked (io/cleanup_registry.hpp) until waited for: a second signal that ends us kills
/// it. Move-only; destroying a child that was not waited for kills and reaps it.
class ChildProcess {
 public:
  /// Starts the program. Throws core::InputError when an output file cannot be opened, and
  /// core::UnavailableError when the program is not found or cannot be executed.
  explicit ChildProcess(const SpawnRequest& request);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&&) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;

  [[nodiscard]] pid_t pid() const noexcept;
  /// Its exit code (128 + N when killed by signal N) once it has ended; nothing while it runs. Never blocks.
  [[nodiscard]] std::optional<int> poll();
  /// Sends `signal_number` to it (not after it was reaped).
  void signal(int signal_number) noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ib::io
