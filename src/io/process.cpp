#include "io/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
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

}  // namespace ib::io
