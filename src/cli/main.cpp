// `inferbench`: parses the command line, runs the subcommand, maps errors to exit codes (README.md).
#include <unistd.h>

#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/exit_codes.hpp"
#include "inferbench/run.hpp"

namespace {

int dispatch(const ib::cli::ParsedCommand& command) {
  // Every command removes its temp files and children when a signal ends it; `run` stops gracefully first.
  const ib::cli::InterruptGuard interrupt(std::holds_alternative<ib::cli::RunOptions>(command) ||
                                          std::holds_alternative<ib::cli::SuiteOptions>(command) ||
                                          std::holds_alternative<ib::cli::SweepOptions>(command) ||
                                          std::holds_alternative<ib::cli::LaunchOptions>(command));
  if (const auto* exit_now = std::get_if<ib::cli::ExitNow>(&command)) return exit_now->code;
  if (const auto* depth = std::get_if<ib::cli::QualityDepthOptions>(&command))
    return ib::cli::quality_depth_command(*depth, std::cout, std::cerr);
  if (const auto* diff = std::get_if<ib::cli::QualityDiffOptions>(&command))
    return ib::cli::quality_diff_command(*diff, std::cout);
  if (const auto* report = std::get_if<ib::cli::ReportOptions>(&command))
    return ib::cli::report_command(*report, std::cout, std::cerr);
  if (const auto* compare = std::get_if<ib::cli::CompareOptions>(&command))
    return ib::cli::compare_command(*compare, std::cout, std::cerr);
  if (const auto* launch = std::get_if<ib::cli::LaunchOptions>(&command))
    return ib::cli::launch_command(*launch, interrupt, std::cout, std::cerr);
  if (const auto* merge = std::get_if<ib::cli::MergeOptions>(&command))
    return ib::cli::merge_command(*merge, std::cout, std::cerr);
  if (const auto* trtexec = std::get_if<ib::cli::TrtexecOptions>(&command))
    return ib::cli::trtexec_command(*trtexec, std::cout, std::cerr);
  const ib::backends::Registry& registry = ib::default_registry();
  if (const auto* suite = std::get_if<ib::cli::SuiteOptions>(&command))
    return ib::cli::suite_command(*suite, registry, interrupt, std::cout, std::cerr);
  if (const auto* sweep = std::get_if<ib::cli::SweepOptions>(&command))
    return ib::cli::sweep_command(*sweep, registry, interrupt, std::cout, std::cerr);
  if (std::holds_alternative<ib::cli::InfoOptions>(command))
    return ib::cli::info_command(registry, std::cout);
  return ib::cli::run_command(std::get<ib::cli::RunOptions>(command), registry, interrupt, std::cout,
                              std::cerr, ib::cli::terminal_columns(STDERR_FILENO));
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv, argv + argc);
  try {
    return dispatch(ib::cli::parse_args(args, std::cout, std::cerr));
  } catch (const ib::core::Error& e) {
    std::cerr << "inferbench: error: " << e.what() << "\n";
    return static_cast<int>(ib::cli::exit_code_of(e.kind()));
  } catch (const std::exception& e) {
    std::cerr << "inferbench: internal error: " << e.what() << "\n";
    return static_cast<int>(ib::cli::ExitCode::run_failed);
  }
}
