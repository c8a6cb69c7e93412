#pragma once
// Exit codes of the `inferbench` binary (README.md, "Exit codes"), and the one mapping from the library's
// error kinds to them.
#include "inferbench/errors.hpp"

namespace ib::cli {

enum class ExitCode : int {
  ok = 0,
  run_failed = 1,
  bad_input = 2,
  unavailable = 3,
  interrupted = 130,  ///< SIGINT (Ctrl-C); the run still writes its result
  terminated = 143    ///< SIGTERM
};

[[nodiscard]] constexpr ExitCode exit_code_of(core::ErrorKind kind) noexcept {
  switch (kind) {
    case core::ErrorKind::input: return ExitCode::bad_input;
    case core::ErrorKind::unavailable: return ExitCode::unavailable;
    case core::ErrorKind::run_failed:
    case core::ErrorKind::out_of_memory: return ExitCode::run_failed;
  }
  return ExitCode::run_failed;
}

}  // namespace ib::cli
