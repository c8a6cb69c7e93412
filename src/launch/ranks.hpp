#pragma once
// More than one machine: ranks started by an existing engine, their folders on a shared path, and the one
// merged result. A scheduler gives each rank its number in the environment (Kubernetes Indexed Job:
// JOB_COMPLETION_INDEX; Slurm: SLURM_PROCID; Open MPI: OMPI_COMM_WORLD_RANK); `launch --per-rank` writes into
// OUT/rank_<r>; `merge` (no MPI) and rank 0 under mpirun (MPI) turn the ranks' raw samples into merged.json.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "launch/process_folder.hpp"

namespace ib::launch {

/// This process's rank from the first of JOB_COMPLETION_INDEX, SLURM_PROCID, OMPI_COMM_WORLD_RANK, PMIX_RANK
/// that is set; nothing when none is. Throws core::InputError when the one set is not a count.
[[nodiscard]] std::optional<std::int64_t> rank_from_environment();

/// One rank's processes.
struct RankData {
  std::string label;  ///< the rank folder's name, "rank_3"
  std::vector<ProcessData> processes;
};

/// Reads rank folders: a folder with proc_* subfolders is one rank of those processes; a folder with rank_*
/// subfolders stands for each of them; any other folder is a rank of one process (its own result files).
/// Throws core::InputError when a folder does not exist.
[[nodiscard]] std::vector<RankData> load_rank_folders(std::span<const std::filesystem::path> folders);

/// merged.json: CV-CUDA-style means over every process's benchmark.json, per-rank statistics from each rank's
/// pooled samples, and aggregate_processes() over every process of every rank.
[[nodiscard]] nlohmann::ordered_json merged_json(std::span<const RankData> ranks, std::span<const double> percentiles);

/// A rank's processes as text (raw samples, completions, windows; benchmark.json kept), to gather over MPI.
[[nodiscard]] std::string serialize_rank(const RankData& rank);
[[nodiscard]] RankData deserialize_rank(std::string_view text);

/// The ranks of an MPI job (COMM_WORLD). One per process; MPI is finalised when it is destroyed.
class RankGroup {
 public:
  virtual ~RankGroup() = default;
  [[nodiscard]] virtual int rank() const = 0;
  [[nodiscard]] virtual int size() const = 0;
  /// The rank among those on this machine (the GPU it takes).
  [[nodiscard]] virtual int local_rank() const = 0;
  /// A barrier that also tells every rank whether all are ready to start: false when any rank passed false. A
  /// rank whose setup failed still joins it, so the others learn of the failure instead of waiting for it.
  [[nodiscard]] virtual bool all_ready(bool ready) = 0;
  /// Every rank's `mine`, in rank order, on rank 0; empty on the others.
  [[nodiscard]] virtual std::vector<std::string> gather(const std::string& mine) = 0;
};

/// Initialises MPI. Throws core::UnavailableError in a build without MPI (INFERBENCH_MPI=OFF or not found).
[[nodiscard]] std::unique_ptr<RankGroup> make_mpi_group();
[[nodiscard]] bool mpi_built_in() noexcept;

}  // namespace ib::launch
