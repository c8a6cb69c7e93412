// `inferbench launch` and `inferbench merge` flags.
#include <algorithm>

#include "cli/flags.hpp"

namespace ib::cli {

CLI::App* add_launch_options(CLI::App& app, LaunchOptions& options) {
  CLI::App* launch = app.add_subcommand(
      "launch", "Run N copies of a command at once (GPUs round-robin), then their results as one");
  launch->add_option("--np,-n", options.processes, "Number of processes (also spelled -np; default 1)")->type_name("N");
  launch->add_option("--gpus", options.gpus, "GPU indices, given round-robin as CUDA_VISIBLE_DEVICES (default 0)")
      ->delimiter(',')
      ->type_name("0,1,...");
  launch->add_option("-w,--warmup-batches", options.warmup_batches,
                     "Batches left out at each end of an annotated pipeline's levels (default 1)")
      ->type_name("W");
  launch->add_option("-o,--output-dir", options.output_dir, "Folder for proc_<i>_gpu_<g>/ and benchmark_mean.json")
      ->required()
      ->type_name("OUT");
  launch->add_flag("--mpi", options.mpi,
                   "Under mpirun: one launcher per rank on its local GPU, started after a barrier; rank 0 writes "
                   "OUT/merged.json");
  launch->add_flag("--per-rank", options.per_rank,
                   "Write into OUT/rank_<r>, r from JOB_COMPLETION_INDEX, SLURM_PROCID or OMPI_COMM_WORLD_RANK");
  launch->add_option("command", options.command, "The command, after '--', and its arguments")
      ->required()
      ->type_name("-- COMMAND ARGS...");
  launch->positionals_at_end();
  return launch;
}

CLI::App* add_merge_options(CLI::App& app, MergeOptions& options) {
  CLI::App* merge = app.add_subcommand("merge", "Merge rank folders (Kubernetes, Slurm, MPI) into merged.json");
  merge->add_option("folders", options.folders, "Rank folders, or a folder holding rank_<r>/ folders")
      ->required()
      ->type_name("DIR...");
  merge->add_option("-o,--output-dir", options.output_dir,
                    "Where merged.json goes (default: the folder holding the ranks)")
      ->type_name("OUT");
  return merge;
}

std::vector<std::string> normalize_launch_args(std::span<const std::string> args) {
  std::vector<std::string> out(args.begin(), args.end());
  if (out.size() < 2 || out[1] != "launch") return out;
  // Only the launcher's own flags: what follows "--" is the child's command line, passed on as it is.
  const auto end = std::find(out.begin() + 2, out.end(), "--");
  std::replace(out.begin() + 2, end, std::string("-np"), std::string("--np"));
  return out;
}

}  // namespace ib::cli
