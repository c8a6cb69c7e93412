#pragma once
// Runs a program with an argument vector (no shell) and captures its exit code, stdout and stderr; used by
// the tests that drive the real `inferbench` binary.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ib::testing {

struct ProcessResult {
  int exit_code = -1;  ///< the exit status, or 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

class Subprocess {
 public:
  Subprocess(const std::vector<std::string>& args, const std::filesystem::path& capture_dir) {
    std::filesystem::create_directories(capture_dir);
    out_path_ = capture_dir / "stdout.txt";
    err_path_ = capture_dir / "stderr.txt";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  }

  void signal(int signal_number) const { ::kill(pid_, signal_number); }

  /// Polls the captured stderr until it contains `text`; false after `timeout`.
  [[nodiscard]] bool wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout) const {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (slurp(err_path_).find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  ProcessResult wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    ProcessResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = slurp(out_path_);
    result.err = slurp(err_path_);
    return result;
  }

 private:
  static std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  pid_t pid_ = -1;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
};

inline ProcessResult run_process(const std::vector<std::string>& args,
                                 const std::filesystem::path& capture_dir) {
  return Subprocess(args, capture_dir).wait();
}

/// Runs a program with its stderr on a pseudo-terminal `columns` wide (TERM=xterm), as a user at a terminal
/// would: `err` is everything drawn there (the terminal turns "\n" into "\r\n"), `out` the captured stdout.
inline ProcessResult run_on_terminal(const std::vector<std::string>& args,
                                     const std::filesystem::path& capture_dir, unsigned short columns) {
  std::filesystem::create_directories(capture_dir);
  const std::filesystem::path out_path = capture_dir / "stdout.txt";
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0)
    throw std::runtime_error("no pseudo-terminal");
  const int terminal = open(ptsname(master), O_RDWR | O_NOCTTY);
  if (terminal < 0) throw std::runtime_error("cannot open the pseudo-terminal");
  winsize size{};
  size.ws_row = 24;
  size.ws_col = columns;
  ioctl(terminal, TIOCSWINSZ, &size);

  std::vector<std::string> environment{"TERM=xterm"};
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "TERM=", 5) != 0) environment.emplace_back(*entry);
  }
  std::vector<char*> envp;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, terminal, 2);
  posix_spawn_file_actions_addclose(&actions, master);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(terminal);
  if (rc != 0) {
    close(master);
    throw std::runtime_error("cannot start " + args[0]);
  }
  // Reads until the program's side of the terminal is closed (EIO): it has exited.
  ProcessResult result;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(master, buffer, sizeof buffer);
    if (n > 0) {
      result.err.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(out_path);
  std::stringstream text;
  text << in.rdbuf();
  result.out = text.str();
  return result;
}

}  // namespace ib::testing
