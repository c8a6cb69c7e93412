#pragma once
// What the command line asked for, before any value is interpreted (interpretation and validation happen when a
// command builds its plan, so every bad value gets the same one-line error and exit code 2).
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace ib::cli {

struct RunOptions {
  std::vector<std::string> models;  ///< --model / --engines, repeatable
  bool demo = false;                ///< --demo: the built-in model, no file needed
  std::optional<std::string> backend;
  std::string device = "auto";
  std::vector<std::string> shapes;
  std::string dtype = "fp32";
  std::int64_t warmup = 50;
  std::int64_t iterations = 1000;
  std::string percentiles = "50,90,95,99";
  std::string output_dir = "benchmark_results";
  std::vector<std::string> command_line;  ///< the whole argv, recorded in the result
};

struct InfoOptions {};

/// Parsing ended with nothing to run: --help or --version was printed (code 0) or a usage error (code 2).
struct ExitNow {
  int code = 0;
};

using ParsedCommand = std::variant<RunOptions, InfoOptions, ExitNow>;

/// Parses argv (args[0] is the program name). Help and version text go to `out`, usage errors to `err`.
[[nodiscard]] ParsedCommand parse_args(std::span<const std::string> args, std::ostream& out, std::ostream& err);

}  // namespace ib::cli
