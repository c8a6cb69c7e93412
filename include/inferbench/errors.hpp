#pragma once
// Error kinds that cross the library boundary. Each carries a user-facing message; the CLI maps the kind to
// an exit code (README.md, "Exit codes"): usage and input errors -> 2, an unavailable device or backend -> 3,
// a failed run -> 1.
#include <stdexcept>
#include <string>

namespace ib::core {

/// Exit codes of the `inferbench` binary. Interrupted runs still write their result and exit with 130 (SIGINT,
/// Ctrl-C) or 143 (SIGTERM).
enum class ExitCode : int {
  ok = 0,
  run_failed = 1,
  bad_input = 2,
  unavailable = 3,
  interrupted = 130,
  terminated = 143
};

/// Base of every error we raise on purpose; `what()` is one sentence meant for the user.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  [[nodiscard]] ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

/// Bad flags, bad values, bad files: the user can fix it by changing the command or the input.
class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(ExitCode::bad_input, message) {}
};

/// A device or backend that was asked for is not present in this build or on this machine.
class UnavailableError : public Error {
 public:
  explicit UnavailableError(const std::string& message) : Error(ExitCode::unavailable, message) {}
};

/// Everything was valid but the run itself failed (a backend error during the timed loop, say).
class RunError : public Error {
 public:
  explicit RunError(const std::string& message) : Error(ExitCode::run_failed, message) {}
};

}  // namespace ib::core
