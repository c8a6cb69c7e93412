// `inferbench compare BASE.json NEW.json [--csv FILE] [--fail-if-slower PCT] [--ignore-provenance]`: exit 0,
// or 1 when asked to fail on a significant slowdown larger than PCT percent or on a run that cannot be tested
// (a failed or empty side, or runs measured on settings that move numbers) (docs/reports.md), 2 for a bad
// file or flag.
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "report/comparison.hpp"
#include "report/html_report.hpp"

namespace ib::cli {
namespace {

std::string describe(const std::string& path, const result::Result& result) {
  const auto& env = result.environment;
  std::vector<std::string> facts;
  if (!env.host.empty()) facts.push_back(env.host);
  if (!env.gpus.empty()) facts.push_back(env.gpus.front().name);
  if (!env.timestamp_utc.empty()) facts.push_back(env.timestamp_utc);
  return facts.empty() ? path : fmt::format("{} ({})", path, fmt::join(facts, ", "));
}

std::string names(const result::Result& result) {
  std::vector<std::string> list;
  for (const auto& run : result.runs) list.push_back(run.name);
  return list.empty() ? "none" : fmt::format("{}", fmt::join(list, ", "));
}

// Runs that fail --fail-if-slower, each named on stderr. A gate that cannot test a run, or whose runs were
// measured on settings that move numbers, must not pass it.
int gate_failures(const report::Comparison& comparison, double percent, std::ostream& err) {
  int regressions = 0;
  for (const auto& run : comparison.runs) {
    if (run.latency) continue;
    ++regressions;
    fmt::print(err, "inferbench: error: {}: not tested, so --fail-if-slower fails: {}\n", run.new_name,
               run.untested);
  }
  for (const auto& run : comparison.runs) {
    if (!run.latency || run.comparable) continue;
    ++regressions;
    fmt::print(err,
               "inferbench: error: {}: not comparable (measured on different settings), so --fail-if-slower "
               "fails; --ignore-provenance to gate anyway\n",
               run.new_name);
  }
  for (const auto& run : comparison.runs) {
    if (!report::is_regression(run, percent)) continue;
    ++regressions;
    fmt::print(err,
               "inferbench: regression: {}: median latency {:+.2f}% (significant, p = {:.3g}), over "
               "--fail-if-slower {}%\n",
               run.new_name, run.median_change_percent, run.latency->test.p_value, percent);
  }
  return regressions;
}

}  // namespace

int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err) {
  if (options.fail_if_slower_percent &&
      !(std::isfinite(*options.fail_if_slower_percent) && *options.fail_if_slower_percent >= 0)) {
    throw core::InputError(
        fmt::format("--fail-if-slower must be a percentage >= 0 (got {})", *options.fail_if_slower_percent));
  }
  const result::Result base = read_result_file(options.base);
  const result::Result next = read_result_file(options.next);
  report::ComparisonOptions comparison_options;
  comparison_options.ignore_provenance = options.ignore_provenance;
  const report::Comparison comparison = report::compare_results(base, next, comparison_options);
  if (options.fail_if_slower_percent && (base.runs.empty() || next.runs.empty())) {
    throw core::RunError(fmt::format("'{}' holds no run: nothing to test under --fail-if-slower",
                                     base.runs.empty() ? options.base : options.next));
  }
  if (comparison.runs.empty()) {
    throw core::InputError(fmt::format("no run of '{}' has a name in '{}' (base runs: {}; new runs: {})",
                                       options.base, options.next, names(base), names(next)));
  }
  // With --csv -, stdout carries the CSV alone (for a pipe) and the table goes to stderr.
  const bool csv_to_stdout = options.csv && *options.csv == "-";
  std::ostream& table = csv_to_stdout ? err : out;
  fmt::print(table, "base: {}\nnew:  {}\n", describe(options.base, base), describe(options.next, next));
  report::print_comparison(table, comparison);
  if (csv_to_stdout) {
    out << report::comparison_csv(comparison);
  } else if (options.csv) {
    io::write_file_atomically(*options.csv, report::comparison_csv(comparison));
  }
  if (options.html) {
    report::HtmlExtras extras;
    extras.title = "inferbench compare";
    io::write_file_atomically(*options.html, report::html_comparison_report(base, next, comparison, extras));
  }
  if (!options.fail_if_slower_percent) return static_cast<int>(ExitCode::ok);
  const int failures = gate_failures(comparison, *options.fail_if_slower_percent, err);
  return static_cast<int>(failures > 0 ? ExitCode::run_failed : ExitCode::ok);
}

}  // namespace ib::cli
