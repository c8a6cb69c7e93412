#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/options.hpp"
#include "core/build_info.hpp"

namespace ib::cli {
namespace {

void add_run_options(CLI::App& run, RunOptions& options) {
  run.add_option("--model,--engines", options.models,
                 "Model file(s) to benchmark one after another (TorchScript: .ts, .pt, .jit.pt); repeatable")
      ->type_name("FILE");
  run.add_flag("--demo", options.demo, "Benchmark the built-in demo CNN (no file needed)");
  run.add_option("--backend", options.backend, "Backend for every model (default: from the file extension)")
      ->type_name("NAME");
  run.add_option("--device", options.device, "cpu, cuda or cuda:N (default: auto = CUDA when usable, else CPU)")
      ->type_name("DEVICE");
  run.add_option("--shape", options.shapes, "Input shape, 1x3x224x224 or name:1x3x224x224; repeatable")
      ->type_name("SHAPE");
  run.add_option("--dtype", options.dtype, "Input (and weight) precision: fp32, fp16 or bf16 (default fp32)");
  run.add_option("--warmup", options.warmup, "Untimed iterations before timing (default 50)");
  run.add_option("--iterations", options.iterations, "Timed iterations (default 1000)");
  run.add_option("--percentiles", options.percentiles, "Percentiles to report (default 50,90,95,99)");
  run.add_option("--output-dir", options.output_dir, "Where result.json is written (default benchmark_results)")
      ->type_name("DIR");
}

}  // namespace

ParsedCommand parse_args(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  CLI::App app{"inferbench: benchmark deep-learning inference (latency, throughput) on CUDA GPUs and CPUs",
               "inferbench"};
  app.set_version_flag("--version", std::string("inferbench ") + core::kVersion + " (git " + core::kGitSha + ")");
  app.require_subcommand(1);
  RunOptions run_options;
  CLI::App* run = app.add_subcommand("run", "Benchmark one or more models and write result.json");
  add_run_options(*run, run_options);
  CLI::App* info = app.add_subcommand("info", "Show the devices and backends this build can use");

  std::vector<const char*> argv;
  for (const auto& arg : args) argv.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help or --version
      app.exit(e, out, err);
      return ExitNow{0};
    }
    err << "inferbench: error: " << e.what() << "\n";
    err << "hint: see 'inferbench " << (run->parsed() ? "run " : "") << "--help'\n";
    return ExitNow{2};
  }
  if (info->parsed()) return InfoOptions{};
  run_options.command_line.assign(args.begin(), args.end());
  return run_options;
}

}  // namespace ib::cli
