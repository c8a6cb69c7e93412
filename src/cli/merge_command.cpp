// `inferbench merge DIR...`: rank folders (ranks started by Kubernetes, Slurm or MPI) into merged.json.
#include <ostream>

#include "cli/commands.hpp"
#include "io/atomic_file.hpp"
#include "launch/aggregate.hpp"
#include "launch/ranks.hpp"
#include "stats/summary.hpp"

namespace ib::cli {
namespace {

namespace fs = std::filesystem;

// The folder holding the ranks: the one given when it holds rank_<r>/ folders itself, else its parent.
[[nodiscard]] fs::path default_output(const fs::path& first) {
  for (const fs::directory_entry& entry : fs::directory_iterator(first))
    if (entry.is_directory() && entry.path().filename().string().starts_with("rank_")) return first;
  const fs::path parent = fs::absolute(first).lexically_normal().parent_path();
  return first.filename().empty() ? parent.parent_path() : parent;
}

}  // namespace

int merge_command(const MergeOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<fs::path> folders(options.folders.begin(), options.folders.end());
  const std::vector<launch::RankData> ranks = launch::load_rank_folders(folders);
  const std::vector<double> percentiles = stats::default_percentiles();
  const nlohmann::ordered_json merged = launch::merged_json(ranks, percentiles);
  const fs::path dir = options.output_dir ? fs::path(*options.output_dir) : default_output(folders.front());
  io::ensure_writable_directory(dir);
  io::write_file_atomically(dir / "merged.json", merged.dump(2) + "\n");
  out << "merged " << ranks.size() << " ranks into " << (dir / "merged.json").string() << "\n"
      << launch::aggregate_table(merged.at("inferbench"));
  std::string empty;
  for (const launch::RankData& rank : ranks)
    for (const launch::ProcessData& process : rank.processes) {
      for (const std::string& problem : process.problems) err << "inferbench: warning: " << problem << "\n";
      if (process.sources.empty()) empty += (empty.empty() ? "" : ", ") + process.folder.string();
    }
  if (empty.empty()) return static_cast<int>(ExitCode::ok);
  err << "inferbench: error: no result.json or benchmark.json in " << empty << " (merged without them)\n";
  return static_cast<int>(ExitCode::bad_input);
}

}  // namespace ib::cli
