#pragma once
// Runs another program (trtexec, gnuplot) from an argument vector, never through a shell, and waits for it.
// Its stdout and stderr go, interleaved as written, to one file the caller names, so a long log is never held
// in memory and survives a crash of ours.
#include <filesystem>
#include <optional>
#include <string>
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

}  // namespace ib::io
