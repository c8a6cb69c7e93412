#include "suite/suite_run.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "suite/case_plan.hpp"
#include "suite/combined_html.hpp"
#include "suite/run_one.hpp"

namespace ib::suite {
namespace {

std::optional<SuiteRecord> previous_record(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "suite.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return parse_suite_json(text.str(), path.string());
}

// A case finished by an earlier invocation: recorded as ok, and its result is still there.
const CaseRecord* finished_before(const std::optional<SuiteRecord>& previous, const std::string& name,
                                  const std::filesystem::path& dir) {
  if (!previous) return nullptr;
  for (const CaseRecord& c : previous->cases) {
    std::error_code error;
    if (c.name == name && c.status == CaseStatus::ok && c.result && std::filesystem::is_regular_file(dir / *c.result, error))
      return &c;
  }
  return nullptr;
}

CaseStatus status_of(const result::Run& run) {
  switch (run.status) {
    case result::RunStatus::ok: return CaseStatus::ok;
    case result::RunStatus::interrupted: return CaseStatus::interrupted;
    case result::RunStatus::failed: return CaseStatus::failed;
  }
  return CaseStatus::failed;
}

CaseRecord run_case(CaseRecord record, const Plan& plan, const backends::Registry& registry,
                    const SuiteRunOptions& options) {
  try {
    const result::Run run = run_one(plan, registry, options.stop, options.reports).run;
    record.status = status_of(run);
    record.reason = run.error;
    record.result = (case_dir(record.name) / "result.json").generic_string();
    record.numbers = case_numbers(run);
  } catch (const core::Error& e) {
    record.status = CaseStatus::failed;
    record.reason = e.what();
  }
  return record;
}

std::string outcome_line(const CaseRecord& c) {
  if (c.status == CaseStatus::ok && c.numbers)
    return fmt::format("ok, median {:.3f} ms, {:.1f} items/s", c.numbers->median_ms, c.numbers->median_fps);
  return c.reason ? fmt::format("{}: {}", status_name(c.status), *c.reason) : status_name(c.status);
}

}  // namespace

std::filesystem::path case_dir(const std::string& case_name) { return std::filesystem::path("cases") / case_name; }

std::vector<std::optional<Plan>> suite_plans(const Suite& suite, const RunFlags& flags,
                                             const backends::Registry& registry,
                                             const std::filesystem::path& output_dir,
                                             std::optional<std::uint64_t> memory_bytes) {
  std::vector<std::optional<Plan>> plans;
  for (const SuiteCase& c : suite.cases) {
    if (c.skip_reason) {
      plans.emplace_back();
      continue;
    }
    plans.push_back(case_plan(c, suite.file, flags, registry, output_dir / case_dir(c.name), memory_bytes));
  }
  return plans;
}

SuiteRecord run_suite(const Suite& suite, const std::vector<std::optional<Plan>>& plans,
                      const backends::Registry& registry, const SuiteRunOptions& options, std::ostream& log) {
  SuiteRecord record{kSuiteSchemaVersion, suite.name, suite.file.string(), suite.format, false, {}};
  const std::optional<SuiteRecord> previous = options.resume ? previous_record(options.output_dir) : std::nullopt;
  for (const SuiteCase& c : suite.cases) {
    const CaseRecord* done = finished_before(previous, c.name, options.output_dir);
    record.cases.push_back(done && !c.skip_reason ? *done : case_record(c));
  }
  io::ensure_writable_directory(options.output_dir);
  write_suite_files(options.output_dir, record);
  const std::size_t count = suite.cases.size();
  for (std::size_t i = 0; i < count; ++i) {
    CaseRecord& c = record.cases[i];
    const std::string head = fmt::format("[{}/{}] {}", i + 1, count, c.name);
    if (c.status != CaseStatus::pending) {
      fmt::print(log, "{}: {}{}\n", head, c.status == CaseStatus::ok ? "done before, kept: " : "", outcome_line(c));
      continue;
    }
    if (options.stop && options.stop->load()) break;
    fmt::print(log, "{} ({}, {}) ...\n", head, c.backend, c.precision);
    c = run_case(c, *plans.at(i), registry, options);
    fmt::print(log, "{}: {}\n", head, outcome_line(c));
    record.interrupted = options.stop && options.stop->load();
    write_suite_files(options.output_dir, record);
  }
  record.interrupted = options.stop && options.stop->load();
  write_suite_files(options.output_dir, record);
  // report.html once, at the end (it reads every case's result): the cases that wrote one, in the suite's order.
  std::vector<LabelledResult> results;
  for (const CaseRecord& c : record.cases) {
    if (c.result && (c.status == CaseStatus::ok || c.status == CaseStatus::interrupted))
      results.push_back({c.name, options.output_dir / *c.result});
  }
  for (const std::string& note : write_combined_html(options.output_dir, "inferbench suite: " + record.name, results))
    fmt::print(log, "note: {}\n", note);
  return record;
}

}  // namespace ib::suite
