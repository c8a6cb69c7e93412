#pragma once
// Error kinds that cross the library boundary. Each error carries one user-facing sentence and a kind; what a
// kind means to a process (the `inferbench` binary's exit codes) is the CLI's business (src/cli/exit_codes.hpp).
#include <stdexcept>
#include <string>

namespace ib::core {

enum class ErrorKind {
  input,        ///< bad flags, values or files: the user fixes the command or the input
  unavailable,  ///< a device or backend that was asked for is not in this build or on this machine
  run_failed,   ///< everything was valid but the run itself failed (a backend error while timing, say)
  out_of_memory ///< the run failed because the device (or host) ran out of memory: a limit, not a wrong input
};

/// "input", "unavailable", "run_failed", "out_of_memory": the names result files use.
[[nodiscard]] constexpr const char* error_kind_name(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::input: return "input";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::run_failed: return "run_failed";
    case ErrorKind::out_of_memory: return "out_of_memory";
  }
  return "run_failed";
}

/// Base of every error we raise on purpose; `what()` is one sentence meant for the user.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

/// Bad flags, bad values, bad files: the user can fix it by changing the command or the input.
class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(ErrorKind::input, message) {}
};

/// A device or backend that was asked for is not present in this build or on this machine.
class UnavailableError : public Error {
 public:
  explicit UnavailableError(const std::string& message) : Error(ErrorKind::unavailable, message) {}
};

/// Everything was valid but the run itself failed (a backend error during the timed loop, say).
class RunError : public Error {
 public:
  explicit RunError(const std::string& message) : Error(ErrorKind::run_failed, message) {}

 protected:
  /// For the kinds of run failure callers react to (OutOfMemoryError).
  RunError(ErrorKind kind, const std::string& message) : Error(kind, message) {}
};

/// The run failed for want of memory (a framework allocator's out-of-memory, cudaErrorMemoryAllocation): a
/// sweep records it as the model's limit. Caught as a RunError (exit code 1) everywhere else.
class OutOfMemoryError : public RunError {
 public:
  explicit OutOfMemoryError(const std::string& message) : RunError(ErrorKind::out_of_memory, message) {}
};

}  // namespace ib::core
