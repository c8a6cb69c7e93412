#include "io/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <string_view>
#include <system_error>

#include "inferbench/errors.hpp"
#include "io/cleanup_registry.hpp"

extern char** environ;

namespace ib::io {
namespace {

namespace fs = std::filesystem;

[[nodiscard]] std::string reason(int error_number) {
  return std::generic_category().message(error_number);
}

// A regular file we may execute. access() alone says yes for directories with the x bit.
[[nodiscard]] bool is_executable_file(const fs::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

class FileActions {
 public:
  FileActions() { ::posix_spawn_file_actions_init(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() { ::posix_spawn_file_actions_destroy(&actions_); }
  [[nodiscard]] posix_spawn_file_actions_t* get() noexcept { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
};

}  // namespace

std::optional<fs::path> find_executable(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (is_executable_file(name)) return fs::path(name);
    return std::nullopt;
  }
  // POSIX: an unset PATH means an implementation-defined default; an empty entry means the current directory.
  const char* env = std::getenv("PATH");
  const std::string_view path = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t colon = path.find(':', start);
    const std::size_t end = colon == std::string_view::npos ? path.size() : colon;
    const std::string_view dir = path.substr(start, end - start);
    const fs::path candidate = (dir.empty() ? fs::path(".") : fs::path(dir)) / name;
    if (is_executable_file(candidate)) {
      std::error_code error;
      const fs::path absolute = fs::absolute(candidate, error);
      return error ? candidate : absolute;
    }
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return std::nullopt;
}

ProcessOutcome run_process(const ProcessRequest& request) {
  ProcessOutcome outcome;
  if (request.argv.empty() || request.argv.front().empty()) {
    outcome.error = "no program given";
    return outcome;
  }
  const Fd output(::open(request.output.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (output.get() < 0) {
    throw core::InputError("cannot open '" + request.output.string() + "' for the output of " +
                           request.argv.front() + ": " + reason(errno));
  }
  // Resolved here rather than by posix_spawnp so that "not found" is told apart from "found but failed".
  const std::optional<fs::path> program = find_executable(request.argv.front());
  if (!program) {
    outcome.error = request.argv.front().find('/') == std::string::npos
                        ? "'" + request.argv.front() + "' was not found on PATH"
                        : "'" + request.argv.front() + "' does not exist or is not an executable file";
    return outcome;
  }

  FileActions actions;
  ::posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_adddup2(actions.get(), output.get(), 1);
  ::posix_spawn_file_actions_adddup2(actions.get(), output.get(), 2);
  if (request.working_directory) {
    ::posix_spawn_file_actions_addchdir_np(actions.get(), request.working_directory->c_str());
  }
  std::vector<char*> argv;
  argv.reserve(request.argv.size() + 1);
  for (const auto& arg : request.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  pid_t pid = -1;
  // glibc reports a failed exec (or chdir) as posix_spawn's own return value.
  const int rc = ::posix_spawn(&pid, program->c_str(), actions.get(), nullptr, argv.data(), environ);
  if (rc != 0) {
    outcome.error = "cannot run '" + program->string() + "': " + reason(rc);
    return outcome;
  }
  outcome.started = true;
  const TrackedChild tracked(pid);  // a second Ctrl-C kills it rather than leave it running without us
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      outcome.error = "lost track of '" + program->string() + "': " + reason(errno);
      return outcome;
    }
  }
  if (WIFEXITED(status)) {
    outcome.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.exit_code = 128 + WTERMSIG(status);
  }
  return outcome;
}

namespace {

// The child's environment: ours, with the request's variables replacing any of the same name.
[[nodiscard]] std::vector<std::string> child_environment(const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    const bool replaced = std::any_of(extra.begin(), extra.end(), [&](const auto& item) { return item.first == name; });
    if (!replaced) out.emplace_back(text);
  }
  for (const auto& [name, value] : extra) out.push_back(name + "=" + value);
  return out;
}

[[nodiscard]] std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& text : strings) out.push_back(text.data());
  out.push_back(nullptr);
  return out;
}

class SpawnAttributes {
 public:
  SpawnAttributes() { ::posix_spawnattr_init(&attributes_); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  ~SpawnAttributes() { ::posix_spawnattr_destroy(&attributes_); }
  [[nodiscard]] posix_spawnattr_t* get() noexcept { return &attributes_; }

 private:
  posix_spawnattr_t attributes_{};
};

[[nodiscard]] int open_output(const fs::path& path, const std::string& program) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw core::InputError("cannot open '" + path.string() + "' for the output of " + program + ": " + reason(errno));
  return fd;
}

}  // namespace

struct ChildProcess::State {
  pid_t pid = -1;
  std::optional<int> exit_code;
  std::optional<TrackedChild> tracked;
};

ChildProcess::ChildProcess(const SpawnRequest& request) : state_(std::make_unique<State>()) {
  if (request.argv.empty() || request.argv.front().empty()) throw core::InputError("no program given");
  const std::string& name = request.argv.front();
  const std::optional<fs::path> program = find_executable(name);
  if (!program)
    throw core::UnavailableError(name.find('/') == std::string::npos
                                     ? "'" + name + "' was not found on PATH"
                                     : "'" + name + "' does not exist or is not an executable file");
  const Fd out(open_output(request.stdout_path, name));
  const Fd err(open_output(request.stderr_path, name));
  FileActions actions;
  ::posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_adddup2(actions.get(), out.get(), 1);
  ::posix_spawn_file_actions_adddup2(actions.get(), err.get(), 2);
  SpawnAttributes attributes;
  ::posix_spawnattr_setflags(attributes.get(), POSIX_SPAWN_SETPGROUP);
  ::posix_spawnattr_setpgroup(attributes.get(), 0);
  std::vector<std::string> args = request.argv;
  std::vector<std::string> env = child_environment(request.environment);
  std::vector<char*> argv = pointers(args);
  std::vector<char*> envp = pointers(env);
  const int rc = ::posix_spawn(&state_->pid, program->c_str(), actions.get(), attributes.get(), argv.data(), envp.data());
  if (rc != 0) throw core::UnavailableError("cannot run '" + program->string() + "': " + reason(rc));
  state_->tracked.emplace(state_->pid);
}

ChildProcess::~ChildProcess() {
  if (state_ == nullptr || state_->exit_code) return;
  ::kill(state_->pid, SIGKILL);
  while (::waitpid(state_->pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

ChildProcess::ChildProcess(ChildProcess&&) noexcept = default;

pid_t ChildProcess::pid() const noexcept {
  return state_->pid;
}

std::optional<int> ChildProcess::poll() {
  if (state_->exit_code) return state_->exit_code;
  int status = 0;
  pid_t done = 0;
  do {
    done = ::waitpid(state_->pid, &status, WNOHANG);
  } while (done < 0 && errno == EINTR);
  if (done == 0) return std::nullopt;
  if (done < 0) {
    state_->exit_code = -1;  // lost (reaped elsewhere): nothing more to learn
  } else if (WIFEXITED(status)) {
    state_->exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    state_->exit_code = 128 + WTERMSIG(status);
  } else {
    return std::nullopt;
  }
  state_->tracked.reset();
  return state_->exit_code;
}

void ChildProcess::signal(int signal_number) noexcept {
  if (!state_->exit_code) ::kill(state_->pid, signal_number);
}

}  // namespace ib::io
