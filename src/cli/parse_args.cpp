#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <ostream>

#include "cli/options.hpp"
#include "core/build_info.hpp"

namespace ib::cli {
namespace {

// Accuracy: outputs, cross-engine comparison, ground truth (docs/methodology.md, "Accuracy metrics").
void add_quality_run_options(CLI::App& run, RunOptions& options) {
  run.add_option("--input-size,--imgsz", options.input_size,
                 "No --shape: the input is 1x3xNxN (with --image: default 518)")
      ->type_name("N");
  run.add_option("--output-name", options.output_name, "The output to compare (default: the model's first)")
      ->type_name("NAME");
  run.add_flag("--save-outputs", options.save_outputs,
               "Write each run's compared output as <output-dir>/outputs/<run>.npy");
  run.add_option("--gt", options.gt, "Ground-truth depth map (.npy, H x W) of --image: depth metrics")
      ->type_name("FILE");
  run.add_option("--metric-images-dir", options.metric_images_dir,
                 "Dataset mode: score every image in DIR that has a GT in --metric-gt-dir (overrides --gt)")
      ->type_name("DIR");
  run.add_option("--metric-gt-dir", options.metric_gt_dir, "Dataset mode: GT maps named <image basename>.npy")
      ->type_name("DIR");
  run.add_option("--min-depth", options.min_depth, "Smallest valid GT depth (default 1e-5)");
  run.add_option("--max-depth", options.max_depth, "Largest valid GT depth (default 1e5)");
  run.add_flag("!--no-median-scaling", options.median_scaling,
               "Do not scale predictions by median(gt) / median(pred) (for metric-depth models)");
  run.add_flag("--disparity", options.disparity, "The model outputs inverse depth (disparity)");
  run.add_option("--gt-scale", options.gt_scale,
                 "GT depth = stored value / S (needed for PNG GT, KITTI: 256; default 1 for .npy)")
      ->type_name("S");
  run.add_option("--max-image-pixels", options.max_image_pixels,
                 "Refuse images (and PNG GT) above N pixels, from their header (default 100000000)")
      ->type_name("N");
}

void add_run_options(CLI::App& run, RunOptions& options) {
  run.add_option("--model,--engines,--pt", options.models,
                 "Model file(s) to benchmark one after another (TorchScript: .ts, .pt, .jit.pt); repeatable; "
                 "FILE@fp16 gives one its own precision")
      ->type_name("FILE");
  run.add_flag("--demo", options.demo, "Benchmark the built-in demo CNN (no file needed)");
  run.add_option("--backend", options.backend, "Backend for every model (default: from the file extension)")
      ->type_name("NAME");
  run.add_option("--device", options.device,
                 "cpu, cuda or cuda:N (default: auto = CUDA when usable, else CPU)")
      ->type_name("DEVICE");
  run.add_option("--shape", options.shapes, "Input shape, 1x3x224x224 or name:1x3x224x224; repeatable")
      ->type_name("SHAPE");
  run.add_option("--dtype", options.dtype,
                 "Input (and weight) precision: fp32, fp16 or bf16 (default fp32); a list (fp32,fp16) runs "
                 "every model at each");
  run.add_option("--warmup", options.warmup, "Untimed iterations before timing (default 50)");
  run.add_option("--iterations,--iters", options.iterations, "Timed iterations (default 1000)");
  run.add_option("--percentiles", options.percentiles, "Percentiles to report (default 50,90,95,99)");
  run.add_option("--output-dir", options.output_dir,
                 "Where result.json is written (default benchmark_results)")
      ->type_name("DIR");
  run.add_option("--warmup-ms", options.warmup_ms, "Warm up for this many milliseconds instead of --warmup")
      ->type_name("MS");
  run.add_option("--duration", options.duration_s, "Time for this many seconds instead of --iterations")
      ->type_name("S");
  run.add_flag("--until-stable", options.until_stable,
               "Time until the 95% CIs of p50 and p99 are within --target-ci of their estimates");
  run.add_option("--target-ci", options.target_ci_percent, "Target CI half-width in percent (default 1)")
      ->type_name("PCT");
  run.add_option("--max-duration", options.max_duration_s,
                 "--until-stable gives up after this (default 60 s)")
      ->type_name("S");
  run.add_flag("--cuda-graph", options.cuda_graph,
               "Capture the model's inference in a CUDA graph and replay it");
  run.add_option("--cudnn-benchmark", options.cudnn_benchmark,
                 "PyTorch backends on CUDA: cuDNN autotuning, on (default, as most scripts set) or off")
      ->type_name("on|off");
  run.add_option("--tf32", options.tf32,
                 "PyTorch backends on CUDA: TF32 for matmuls and convolutions, on or off (default: PyTorch's "
                 "defaults, convolutions only)")
      ->type_name("on|off");
  run.add_option("--sync", options.sync, "How the host waits for the GPU: auto, block, spin or yield");
  run.add_flag("--no-transfers", options.no_transfers, "Keep inputs on the device: time no H2D/D2H copies");
  run.add_flag("--no-breakdown", options.no_breakdown, "Record no CUDA events (no H2D/compute/D2H times)");
  run.add_option("--image", options.image,
                 "Feed this image (JPEG/PNG/BMP) as the first input: resized to its HxW, normalised, NCHW")
      ->type_name("FILE");
  run.add_option("--mean", options.mean,
                 "Per-channel mean for --image, RGB (default ImageNet 0.485,0.456,0.406)");
  run.add_option("--std", options.std,
                 "Per-channel std for --image, RGB (default ImageNet 0.229,0.224,0.225)");
  run.add_option("--scale", options.scale, "Pixel scale for --image before mean/std (default 1/255)");
  run.add_option("--streams", options.streams, "Concurrent inferences, each with its own stream (default 1)")
      ->type_name("N");
  add_quality_run_options(run, options);
  run.add_option("--telemetry", options.telemetry,
                 "GPU telemetry: separate (its own pass after the speed pass, default), concurrent (during it) "
                 "or off");
  run.add_option("--gpu-sample-interval", options.gpu_sample_interval_s,
                 "Seconds between telemetry samples (default 0.1)")
      ->type_name("S");
  run.add_option("--gpu-id", options.gpu_id, "NVML index of the GPU to sample (default: the CUDA device's)")
      ->type_name("N");
  run.add_flag("--svg", options.svg, "Also write every figure as SVG");
  run.add_flag("-q,--quiet", options.quiet, "No progress bar (there is none when stderr is not a terminal)");
  // bench_pt's flags (docs/migrating.md).
  run.add_option("--ch", options.channels, "With --imgsz: input channels (default 3)")->type_name("N");
  run.add_option("--batch", options.batch, "With --imgsz: batch size (default 1)")->type_name("N");
  run.add_flag("--no_tf32", options.no_tf32, "bench_pt's flag: --tf32 off (docs/migrating.md)");
}

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
}

// The `trtexec` subcommands' options, filled by CLI11; the one parsed is returned.
struct TrtexecParsed {
  TrtexecRunOptions run;
  TrtexecParseTimesOptions times;
  TrtexecParseProfileOptions profile;
  TrtexecParseLogOptions log;
  TrtexecReportOptions report;
};

CLI::App* add_trtexec_options(CLI::App& app, TrtexecParsed& o) {
  CLI::App* trtexec =
      app.add_subcommand("trtexec", "Run TensorRT's trtexec reproducibly; read its times, profile and log");
  trtexec->require_subcommand(1);
  CLI::App* run = trtexec->add_subcommand("run", "Run trtexec and write its artefacts and their summaries");
  CLI::Option* engine = run->add_option("--engine", o.run.engine, "Serialized engine (trtexec --loadEngine)")
                            ->type_name("FILE");
  run->add_option("--onnx", o.run.onnx, "ONNX model (trtexec builds the engine)")
      ->type_name("FILE")
      ->excludes(engine);
  run->add_option("--shape", o.run.shapes, "Input shape name:1x3x224x224 (trtexec --shapes); repeatable")
      ->type_name("SHAPE");
  run->add_option("--batch", o.run.batch, "Batch size, recorded for inferences/s (default 1; not passed on)")
      ->type_name("N");
  run->add_flag("--forward-batch", o.run.forward_batch,
                "Also pass --batch to trtexec (implicit-batch engines)");
  // The second names are run_trtexec.sh's (docs/migrating.md).
  run->add_option("--iterations,--iters", o.run.iterations, "trtexec --iterations")->type_name("N");
  run->add_option("--warmup-ms,--warmup", o.run.warmup_ms, "trtexec --warmUp, milliseconds")->type_name("MS");
  run->add_option("--duration", o.run.duration_s, "trtexec --duration, seconds")->type_name("S");
  run->add_option("--avgRuns", o.run.avg_runs, "trtexec --avgRuns")->type_name("N");
  run->add_flag("--cuda-graph,--useCudaGraph", o.run.cuda_graph, "trtexec --useCudaGraph");
  run->add_flag("--fp16", o.run.fp16, "trtexec --fp16");
  run->add_flag("--int8", o.run.int8, "trtexec --int8");
  run->add_flag("--best", o.run.best, "trtexec --best");
  run->add_flag("--no-profile,--disableProfile", o.run.no_profile,
                "No per-layer profile (--exportProfile, --dumpProfile)");
  run->add_flag("--no-separate-profile-run,--disableSeparateProfileRun", o.run.no_separate_profile_run,
                "Profile in the timed run itself (slows the run times.json records)");
  run->add_option("--trtexec", o.run.trtexec, "The trtexec binary (default: trtexec on PATH)")
      ->type_name("PATH");
  run->add_option("--output-dir,--outdir", o.run.output_dir,
                  "Where everything is written (default trtexec_results)")
      ->type_name("DIR");
  run->add_option("--extra", o.run.extra,
                  "More trtexec arguments in one string, split into words like a shell would (no expansion)")
      ->type_name("\"ARGS\"");
  run->add_option("args", o.run.extra_args, "Passed to trtexec verbatim; put them after --")
      ->type_name("-- ARGS");

  CLI::App* times = trtexec->add_subcommand(
      "parse-times",
      "Summarise a --exportTimes file: summary.json/.csv, latency series and percentiles, result.json");
  times->add_option("times", o.times.times, "The times file")->required()->type_name("TIMES.json");
  CLI::Option* times_batch =
      times
          ->add_option("--batch", o.times.batch,
                       "Batch size for inferences/s (default: run_config.json's, else 1)")
          ->type_name("N");
  times
      ->add_option("--warmup-ms", o.times.warmup_ms,
                   "Drop records whose compute started before this (TensorRT <= 8.4 exports its warm-up)")
      ->type_name("MS");
  CLI::Option* times_dir =
      times->add_option("--output-dir", o.times.output_dir, "Where to write (default: the file's folder)")
          ->type_name("DIR");
  // parse_trtexec_times.py's positional form: TIMES.json [BATCH] [OUTDIR].
  times->add_option("BATCH", o.times.batch, "As --batch")->excludes(times_batch);
  times->add_option("OUTDIR", o.times.output_dir, "As --output-dir")->excludes(times_dir);

  CLI::App* profile = trtexec->add_subcommand(
      "parse-profile", "Per-layer times of a --exportProfile file: CSV, summary JSON and a bar chart");
  profile->add_option("profile", o.profile.profile, "The profile file")
      ->required()
      ->type_name("PROFILE.json");
  profile->add_option("--top-k,--topk", o.profile.top_k, "Layers in the summary and chart (default 20)")
      ->type_name("N");
  profile->add_option("--output-dir,--outdir", o.profile.output_dir, "Where to write (default: the file's folder)")
      ->type_name("DIR");

  CLI::App* log =
      trtexec->add_subcommand("parse-log", "The numbers of trtexec's printed performance summary");
  log->add_option("log", o.log.log, "A trtexec log (its stdout)")->required()->type_name("LOG");
  log->add_flag("--json", o.log.json, "Print one JSON object instead of a table");

  CLI::App* report =
      trtexec->add_subcommand("report", "report.json, report.md and figures from an artefact folder");
  report->add_option("--artifacts", o.report.artifacts, "The folder 'trtexec run' wrote")
      ->required()
      ->type_name("DIR");
  report->add_option("--output-dir", o.report.output_dir, "Where to write (default: the artefact folder)")
      ->type_name("DIR");
  report->add_option("--top-k", o.report.top_k, "Layers listed (default 10)")->type_name("N");
  return trtexec;
}

// The trtexec subcommand that was parsed (given that `trtexec` was).
TrtexecOptions trtexec_parsed(CLI::App& trtexec, TrtexecParsed& o, std::span<const std::string> args) {
  if (trtexec.get_subcommand("run")->parsed()) {
    o.run.command_line.assign(args.begin(), args.end());
    return o.run;
  }
  if (trtexec.get_subcommand("parse-times")->parsed()) {
    o.times.command_line.assign(args.begin(), args.end());
    return o.times;
  }
  if (trtexec.get_subcommand("parse-profile")->parsed()) return o.profile;
  if (trtexec.get_subcommand("parse-log")->parsed()) return o.log;
  return o.report;
}

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
  TrtexecParsed trtexec_options;
  CLI::App* trtexec = add_trtexec_options(app, trtexec_options);

  std::vector<const char*> argv;
  for (const auto& arg : args) argv.push_back(arg.c_str());
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
  if (trtexec->parsed()) return trtexec_parsed(*trtexec, trtexec_options, args);
  if (quality->parsed()) {
    if (quality->get_subcommand("depth")->parsed()) return depth_options;
    return diff_options;
  }
  run_options.command_line.assign(args.begin(), args.end());
  return run_options;
}

}  // namespace ib::cli
