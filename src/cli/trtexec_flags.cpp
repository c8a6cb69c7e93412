// `inferbench trtexec ...`'s flags (docs/trtexec.md).
#include <algorithm>

#include "cli/flags.hpp"

namespace ib::cli {

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
  run->add_flag("--cuda-graph,--useCudaGraph", o.run.cuda_graph,
                "Time with a CUDA graph (trtexec <= 10: --useCudaGraph; 11: its default, else --noCudaGraph)");
  run->add_flag("--spin-wait,--useSpinWait", o.run.spin_wait,
                "Spin-wait synchronisation (trtexec <= 10: --useSpinWait; 11: its default, else --noSpinWait)");
  run->add_flag("--no-transfers,--noDataTransfers", o.run.no_transfers,
                "Time without host copies (trtexec <= 10: --noDataTransfers; 11: its default, else "
                "--includeDataTransfers)");
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

}  // namespace ib::cli
