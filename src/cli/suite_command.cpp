// `inferbench suite FILE.yml`: the file -> cases -> the plans `run` would build -> each case run and
// recorded (docs/suites.md).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "plan/run_checks.hpp"
#include "suite/case_plan.hpp"
#include "suite/suite_file.hpp"
#include "suite/suite_run.hpp"

namespace ib::cli {
namespace {

void print_cases(const suite::Suite& suite, std::ostream& out) {
  fmt::print(out, "{} cases in {} ({} format):\n", suite.cases.size(), suite.file.string(), suite.format);
  for (const suite::SuiteCase& c : suite.cases) {
    fmt::print(out, "  {:<40} {:<10} {:<6} {}\n", c.name, c.backend, c.precision,
               c.skip_reason ? "skipped: " + *c.skip_reason : c.model);
  }
}

ExitCode exit_code_of(const suite::SuiteRecord& record, const InterruptGuard& interrupt) {
  if (interrupt.flag().load()) return interrupt.exit_code();
  for (const suite::CaseRecord& c : record.cases) {
    if (c.status == suite::CaseStatus::failed || c.status == suite::CaseStatus::interrupted) return ExitCode::run_failed;
  }
  return ExitCode::ok;
}

}  // namespace

int suite_command(const SuiteOptions& options, const backends::Registry& registry, const InterruptGuard& interrupt,
                  std::ostream& out, std::ostream& err) {
  const suite::RunFlags flags = run_flags_for_suites();
  suite::Suite suite = suite::load_suite(options.file, registry, flags);
  if (options.device) suite::override_flag(suite, "--device", *options.device);
  const auto plans = suite::suite_plans(suite, flags, registry, options.output_dir, plan::physical_memory_bytes());
  if (options.dry_run) {
    print_cases(suite, out);
    return 0;
  }
  const suite::SuiteRunOptions run_options{options.output_dir, options.resume, &interrupt.flag(), true};
  const suite::SuiteRecord record = suite::run_suite(suite, plans, registry, run_options, err);
  out << suite::suite_markdown(record);
  fmt::print(err, "suite: {}\n", (std::filesystem::path(options.output_dir) / "suite.json").string());
  return static_cast<int>(exit_code_of(record, interrupt));
}

}  // namespace ib::cli
