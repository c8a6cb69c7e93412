// `inferbench launch`: parse -> launch::run_children -> aggregate -> OUT/benchmark_mean.json (and, as rank 0 of
// an MPI job, OUT/merged.json).
#include <exception>
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "launch/aggregate.hpp"
#include "launch/launcher.hpp"
#include "launch/ranks.hpp"
#include "stats/summary.hpp"

namespace ib::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

[[nodiscard]] launch::LaunchRequest request_of(const LaunchOptions& options, const launch::RankGroup* group) {
  launch::LaunchRequest request;
  request.processes = options.processes;
  request.warmup_batches = options.warmup_batches;
  request.output_dir = options.output_dir;
  request.command = options.command;
  request.gpus = options.gpus.empty() ? std::vector<int>{0} : options.gpus;
  std::optional<std::int64_t> rank;
  if (group != nullptr) {
    // Each rank takes the GPU of its local rank (or that entry of --gpus).
    const int local = group->local_rank();
    request.gpus = {options.gpus.empty() ? local : options.gpus[static_cast<std::size_t>(local) % options.gpus.size()]};
    rank = group->rank();
  } else if (options.per_rank) {
    rank = launch::rank_from_environment();
    if (!rank)
      throw core::InputError("--per-rank: none of JOB_COMPLETION_INDEX, SLURM_PROCID, OMPI_COMM_WORLD_RANK, PMIX_RANK is set");
  }
  if (rank) {
    request.output_dir /= "rank_" + std::to_string(*rank);
    request.environment.emplace_back("INFERBENCH_RANK", std::to_string(*rank));
  }
  return request;
}

[[nodiscard]] Json children_json(const std::vector<launch::ChildReport>& children) {
  Json out = Json::array();
  for (const launch::ChildReport& child : children)
    out.push_back({{"index", child.index},
                   {"gpu", child.gpu},
                   {"folder", child.label},
                   {"exit_code", child.exit_code},
                   {"stderr_tail", child.stderr_tail}});
  return out;
}

[[nodiscard]] Json args_json(const LaunchOptions& options, const launch::LaunchRequest& request) {
  return {{"num_processes", request.processes},
          {"gpus", request.gpus},
          {"warmup_batches", request.warmup_batches},
          {"output_dir", request.output_dir.string()},
          {"command", options.command},
          {"mpi", options.mpi}};
}

void report_failures(const std::vector<launch::ChildReport>& children, std::ostream& err, const fs::path& summary) {
  std::size_t failed = 0;
  for (const launch::ChildReport& child : children) failed += child.exit_code != 0 ? 1 : 0;
  if (failed == 0) return;
  err << fmt::format("inferbench: error: {} of {} processes failed; the others' results are in {}\n", failed,
                     children.size(), summary.string());
  for (const launch::ChildReport& child : children) {
    if (child.exit_code == 0) continue;
    err << fmt::format("{} exited with code {}; the end of {}:\n", child.label, child.exit_code,
                       (child.folder / "stderr.log").string());
    std::size_t start = 0;
    while (start < child.stderr_tail.size()) {
      const std::size_t end = std::min(child.stderr_tail.find('\n', start), child.stderr_tail.size());
      err << "  | " << child.stderr_tail.substr(start, end - start) << "\n";
      start = end + 1;
    }
  }
}

// Rank 0 of an MPI job: every rank's raw samples, merged.
void gather_and_merge(launch::RankGroup& group, const launch::RankData& mine, const fs::path& root, std::ostream& out) {
  const std::vector<std::string> texts = group.gather(launch::serialize_rank(mine));
  if (group.rank() != 0) return;
  std::vector<launch::RankData> ranks;
  for (const std::string& text : texts) ranks.push_back(launch::deserialize_rank(text));
  const std::vector<double> percentiles = stats::default_percentiles();
  const Json merged = launch::merged_json(ranks, percentiles);
  io::write_file_atomically(root / "merged.json", merged.dump(2) + "\n");
  out << "merged " << ranks.size() << " ranks into " << (root / "merged.json").string() << "\n"
      << launch::aggregate_table(merged.at("inferbench"));
}

}  // namespace

int launch_command(const LaunchOptions& options, const InterruptGuard& interrupt, std::ostream& out, std::ostream& err) {
  const std::unique_ptr<launch::RankGroup> group = options.mpi ? launch::make_mpi_group() : nullptr;
  launch::LaunchRequest request;
  std::exception_ptr setup_error;
  try {
    request = request_of(options, group.get());
    launch::check_launch_request(request);
    io::ensure_writable_directory(request.output_dir);
  } catch (const core::Error&) {
    if (!group) throw;
    setup_error = std::current_exception();  // told to the other ranks first, then thrown
  }
  // Every rank starts its processes together, or none does: a rank that cannot start must not leave the
  // others waiting for it.
  if (group && !group->all_ready(setup_error == nullptr)) {
    if (setup_error) std::rethrow_exception(setup_error);
    throw core::RunError(fmt::format("rank {}: another rank of the MPI job could not start (its own error says "
                                     "why); no process was started",
                                     group->rank()));
  }
  const launch::StopSource stop{&interrupt.flag(), [&] { return interrupt.signal_number(); },
                                [&](std::chrono::milliseconds timeout) { static_cast<void>(interrupt.wait(timeout)); }};
  const std::vector<launch::ChildReport> children = launch::run_children(request, stop);

  launch::RankData rank;
  rank.label = request.output_dir.filename().string();
  for (const launch::ChildReport& child : children) rank.processes.push_back(launch::load_process_folder(child.folder, child.label));
  const std::vector<double> percentiles = stats::default_percentiles();
  Json summary = launch::mean_benchmarks(rank.processes);
  summary["meta"] = {{"args", args_json(options, request)}, {"processes", children_json(children)}};
  summary["inferbench"] = launch::aggregate_processes(rank.processes, percentiles);
  const fs::path file = request.output_dir / "benchmark_mean.json";
  io::write_file_atomically(file, summary.dump(2) + "\n");
  out << launch::aggregate_table(summary.at("inferbench"));
  report_failures(children, err, file);
  if (group) gather_and_merge(*group, rank, options.output_dir, out);
  if (interrupt.signal_number() != 0) return static_cast<int>(interrupt.exit_code());
  for (const launch::ChildReport& child : children)
    if (child.exit_code != 0) return static_cast<int>(ExitCode::run_failed);
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ib::cli
