#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>

#include "cli/flags.hpp"
#include "core/build_info.hpp"

namespace ib::cli {

void add_quality_options(CLI::App& quality, QualityDepthOptions& depth_options,
                         QualityDiffOptions& diff_options) {
  quality.require_subcommand(1);
  CLI::App* depth = quality.add_subcommand("depth", "Depth metrics (abs_rel, d1, ...) vs ground truth");
  depth->add_option("--pred", depth_options.pred, "Predicted depth (or disparity) map, .npy")
      ->required()
      ->type_name("FILE");
  depth->add_option("--gt", depth_options.gt,
                    "Ground-truth depth map, .npy or one-channel PNG; the prediction is resized to it")
      ->required()
      ->type_name("FILE");
  depth->add_option("--gt-scale", depth_options.gt_scale,
                    "GT depth = stored value / S (needed for PNG GT, KITTI: 256; default 1 for .npy)")
      ->type_name("S");
  depth->add_flag("!--no-median-scaling", depth_options.median_scaling,
                  "Do not scale the prediction by median(gt) / median(pred)");
  depth->add_option("--min-depth", depth_options.min_depth, "Smallest valid ground truth (default 1e-5)");
  depth->add_option("--max-depth", depth_options.max_depth, "Largest valid ground truth (default 1e5)");
  depth->add_flag("--disparity", depth_options.disparity, "The prediction is inverse depth");
  depth->add_flag("--json", depth_options.json, "Print one JSON object instead of a table");
  CLI::App* diff = quality.add_subcommand("diff", "Output differences (MAE, cosine, ...) vs a reference");
  diff->add_option("--ref", diff_options.ref, "Reference output, .npy")->required()->type_name("FILE");
  diff->add_option("--test", diff_options.test, "Output to compare, .npy, same shape")
      ->required()
      ->type_name("FILE");
  diff->add_flag("--json", diff_options.json, "Print one JSON object instead of a table");
}

void add_report_options(CLI::App& report, ReportOptions& options) {
  report.add_option("result", options.result, "A result.json written by 'inferbench run'")
      ->required()
      ->type_name("RESULT.json");
  report.add_option("--output-dir", options.output_dir, "Where the files go (default: the result's folder)")
      ->type_name("DIR");
  report.add_flag("--svg", options.svg, "Also write every figure as SVG");
}

void add_compare_options(CLI::App& compare, CompareOptions& options) {
  compare.add_option("base", options.base, "The result to compare against")->required()->type_name("BASE.json");
  compare.add_option("new", options.next, "The result to judge")->required()->type_name("NEW.json");
  compare.add_option("--csv", options.csv, "Also write the comparison as CSV ('-': stdout)")->type_name("FILE");
  compare
      .add_option("--fail-if-slower", options.fail_if_slower_percent,
                  "Exit 1 when a run is significantly slower and its median latency grew by more than PCT percent")
      ->type_name("PCT");
  compare.add_flag("--ignore-provenance", options.ignore_provenance,
                   "Give a verdict even when the runs differ in GPU, driver, power limit, precision, ...");
  compare.add_option("--html", options.html, "Also write the comparison as a self-contained HTML page")
      ->type_name("FILE");
}
namespace {

// The innermost (sub)command the command line reached.
CLI::App& innermost_parsed(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands())
    if (sub->parsed()) return innermost_parsed(*sub);
  return app;
}

// "inferbench trtexec": the words that named `app` and its parents.
std::string command_path(const CLI::App& app) {
  const CLI::App* parent = app.get_parent();
  return parent == nullptr ? std::string("inferbench") : command_path(*parent) + " " + app.get_name();
}

// CLI11 says only "A subcommand is required": name the word that was not one, and list those there are.
std::string missing_command_message(CLI::App& app, std::span<const std::string> args) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  std::size_t next = 1;  // the argument after the words naming `app`
  std::vector<std::string> path;
  for (const CLI::App* a = &app; a->get_parent() != nullptr; a = a->get_parent()) path.insert(path.begin(), a->get_name());
  for (const std::string& name : path) {
    while (next < args.size() && args[next] != name) ++next;
    ++next;
  }
  const std::string commands = fmt::format("{}", fmt::join(names, ", "));
  if (next >= args.size()) return fmt::format("'{}' needs a command: {}", command_path(app), commands);
  const std::string& word = args[next];
  if (word.starts_with('-'))
    return fmt::format("unknown option '{}' where '{}' expects a command: {}", word, command_path(app), commands);
  return fmt::format("unknown command '{}' for '{}': the commands are {}", word, command_path(app), commands);
}

// CLI11 lists the arguments it did not expect last first: list them in the order they were typed.
std::string unexpected_message(CLI::App& app, std::span<const std::string> args) {
  std::vector<std::string> words = app.remaining(true);
  const auto position = [&](const std::string& word) { return std::find(args.begin(), args.end(), word) - args.begin(); };
  std::stable_sort(words.begin(), words.end(),
                   [&](const std::string& a, const std::string& b) { return position(a) < position(b); });
  return fmt::format("'{}' does not take: {}", command_path(innermost_parsed(app)), fmt::join(words, " "));
}

}  // namespace

ParsedCommand parse_args(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  CLI::App app{"inferbench: benchmark deep-learning inference (latency, throughput) on CUDA GPUs and CPUs",
               "inferbench"};
  app.set_version_flag("--version",
                       std::string("inferbench ") + core::kVersion + " (git " + core::kGitSha + ")");
  app.require_subcommand(1);
  RunOptions run_options;
  CLI::App* run = app.add_subcommand("run", "Benchmark one or more models and write result.json");
  add_run_options(*run, run_options);
  CLI::App* info = app.add_subcommand("info", "Show the devices and backends this build can use");
  QualityDepthOptions depth_options;
  QualityDiffOptions diff_options;
  CLI::App* quality = app.add_subcommand("quality", "Accuracy metrics on .npy files (depth, diff)");
  add_quality_options(*quality, depth_options, diff_options);
  ReportOptions report_options;
  CLI::App* report =
      app.add_subcommand("report", "Redraw every figure and export (CSV, Markdown) from a result.json");
  add_report_options(*report, report_options);
  CompareOptions compare_options;
  CLI::App* compare = app.add_subcommand(
      "compare", "Compare two results run by run: statistics side by side and a latency significance test");
  add_compare_options(*compare, compare_options);
  SuiteOptions suite_options;
  CLI::App* suite = app.add_subcommand("suite", "Run every case of a suite file (YAML) and tabulate them");
  add_suite_options(*suite, suite_options);
  SweepOptions sweep_options;
  CLI::App* sweep = app.add_subcommand("sweep", "One model over batch sizes and concurrency: throughput, latency, memory");
  add_sweep_options(*sweep, sweep_options);
  TrtexecParsed trtexec_options;
  CLI::App* trtexec = add_trtexec_options(app, trtexec_options);
  LaunchOptions launch_options;
  CLI::App* launch = add_launch_options(app, launch_options);
  MergeOptions merge_options;
  CLI::App* merge = add_merge_options(app, merge_options);

  const std::vector<std::string> normalized = normalize_launch_args(args);
  std::vector<const char*> argv;
  for (const auto& arg : normalized) argv.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help or --version
      app.exit(e, out, err);
      return ExitNow{0};
    }
    CLI::App& reached = innermost_parsed(app);
    std::string message = e.what();
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr && reached.get_require_subcommand_min() > 0 &&
        reached.get_subcommands().empty()) {
      message = missing_command_message(reached, args);
    } else if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
      message = unexpected_message(app, args);
    }
    err << "inferbench: error: " << message << "\n";
    std::string scope = run->parsed() ? "run " : "";
    if (report->parsed()) scope = "report ";
    if (compare->parsed()) scope = "compare ";
    if (suite->parsed()) scope = "suite ";
    if (sweep->parsed()) scope = "sweep ";
    if (launch->parsed()) scope = "launch ";
    if (merge->parsed()) scope = "merge ";
    if (trtexec->parsed()) {
      scope = "trtexec ";
      for (const char* name : {"run", "parse-times", "parse-profile", "parse-log", "report"})
        if (trtexec->get_subcommand(name)->parsed()) scope += fmt::format("{} ", name);
    }
    if (quality->parsed()) {
      scope = "quality ";
      for (const char* name : {"depth", "diff"})
        if (quality->get_subcommand(name)->parsed()) scope += fmt::format("{} ", name);
    }
    err << "hint: see 'inferbench " << scope << "--help'\n";
    return ExitNow{2};
  }
  if (info->parsed()) return InfoOptions{};
  if (report->parsed()) return report_options;
  if (compare->parsed()) return compare_options;
  if (sweep->parsed()) return sweep_options;
  if (suite->parsed()) {
    suite_options.command_line.assign(args.begin(), args.end());
    return suite_options;
  }
  if (launch->parsed()) return launch_options;
  if (merge->parsed()) return merge_options;
  if (trtexec->parsed()) return trtexec_parsed(*trtexec, trtexec_options, args);
  if (quality->parsed()) {
    if (quality->get_subcommand("depth")->parsed()) return depth_options;
    return diff_options;
  }
  run_options.command_line.assign(args.begin(), args.end());
  return run_options;
}

}  // namespace ib::cli
