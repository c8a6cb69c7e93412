// `inferbench sweep`'s flags (docs/suites.md, "Sweeps").
#include "cli/flags.hpp"

namespace ib::cli {

void add_sweep_options(CLI::App& sweep, SweepOptions& options) {
  sweep.add_option("--model", options.models,
                   "The model: a file whose batch is dynamic, 'vit_b{batch}.pt2' for one file per batch size, or demo; "
                   "repeatable: each is swept in turn, into DIR/<model>/")
      ->required()
      ->allow_extra_args(false)  // one file per --model: a '--' after it starts the run flags
      ->type_name("FILE");
  sweep.add_option("--backend", options.backend, "Backend (default: from the file extension)")->type_name("NAME");
  sweep.add_option("--device", options.device, "cpu, cuda or cuda:N (default: auto)")->type_name("DEVICE");
  sweep.add_option("--dtype", options.dtype, "fp32, fp16 or bf16 (default fp32)");
  sweep.add_option("--shape", options.shapes, "Input shape; its first dimension is set to each batch size; repeatable")
      ->type_name("SHAPE");
  sweep.add_option("--batch", options.batch,
                   "Batch sizes, 1,2,4,8, or auto: doubling from 1 until a budget, an out-of-memory or --max-batch")
      ->type_name("LIST|auto");
  sweep.add_option("--max-batch", options.max_batch, "auto stops above this batch (default 4096)")->type_name("N");
  sweep.add_option("--memory-budget", options.memory_budget, "Device memory a point may use, e.g. 12GiB")
      ->type_name("SIZE");
  sweep.add_option("--latency-budget-ms", options.latency_budget_ms, "p99 latency a point may have, ms")->type_name("MS");
  sweep.add_option("--concurrency", options.concurrency,
                   "Requests in flight, 1,2,4: each on its own backend instance and stream (run's --streams)")
      ->type_name("LIST");
  sweep.add_option("--concurrency-batch", options.concurrency_batch,
                   "Batch of the concurrency sweep (default: the best batch, or the one --batch given)")
      ->type_name("N");
  sweep.add_option("--warmup", options.warmup, "Untimed iterations per point (default 20)");
  sweep.add_option("--iterations,--iters", options.iterations, "Timed iterations per point (default 200)");
  sweep.add_option("--output-dir", options.output_dir, "Where sweep.json/.md/.csv, figures and points/ go")
      ->type_name("DIR");
  sweep.add_option("run_args", options.run_args, "After --: any other 'inferbench run' flag, for every point")
      ->type_name("-- RUN_FLAGS");
}

}  // namespace ib::cli
