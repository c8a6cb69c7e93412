#include "suite/case_plan.hpp"

#include <algorithm>
#include <vector>

#include "inferbench/errors.hpp"
#include "plan/run_plan.hpp"
#include "suite/axes.hpp"

namespace ib::suite {
namespace {

// The flag a message from the parser or the plan names: "--iterations and --duration both set ..." names
// the flag it begins with.
const Origin& origin_of(const SuiteCase& suite_case, const std::string& message) {
  std::size_t first = std::string::npos;
  const Origin* found = &suite_case.origin;
  for (const CaseArg& arg : suite_case.args) {
    std::size_t at = message.find(arg.flag);
    while (at != std::string::npos) {
      const std::size_t end = at + arg.flag.size();
      const bool whole = end == message.size() || !(std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '-');
      if (whole) break;
      at = message.find(arg.flag, end);
    }
    if (at < first && arg.origin.line > 0) {
      first = at;
      found = &arg.origin;
    }
  }
  return *found;
}

}  // namespace

Plan case_plan(const SuiteCase& suite_case, const std::filesystem::path& file, const RunFlags& flags,
               const backends::Registry& registry, const std::filesystem::path& output_dir,
               std::optional<std::uint64_t> memory_bytes) {
  std::vector<std::string> args;
  for (const CaseArg& arg : suite_case.args) {
    args.push_back(arg.flag);
    if (arg.value) args.push_back(*arg.value);
  }
  try {
    plan::RunOptions options = flags.parse(args);
    options.output_dir = output_dir.string();
    options.quiet = true;
    options.command_line = {"inferbench", "suite", file.string(), "(case " + suite_case.name + ")"};
    Plan plan = plan::make_run_plan(options, registry, memory_bytes);
    // The run is named like its case, so a case's result.json says which case it is.
    for (RunSpec& spec : plan.runs) spec.name = suite_case.name;
    return plan;
  } catch (const core::Error& e) {
    fail_at(file, origin_of(suite_case, e.what()), e.what());
  }
}

void override_flag(Suite& suite, const std::string& flag, const std::string& value) {
  for (SuiteCase& suite_case : suite.cases) {
    std::erase_if(suite_case.args, [&](const CaseArg& arg) { return arg.flag == flag; });
    suite_case.args.push_back({flag, value, Origin{"(command line " + flag + ")", 0}});
  }
}

}  // namespace ib::suite
