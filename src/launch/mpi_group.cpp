// Open MPI's COMM_WORLD as a RankGroup, in the plugin libinferbench_mpi.so (mpi_plugin.cpp loads it for
// `launch --mpi` only, so no other command pays for loading Open MPI's libraries). Only this file includes mpi.h.
#include <mpi.h>

#include <cstdlib>
#include <string>

#include "inferbench/errors.hpp"
#include "launch/ranks.hpp"

namespace ib::launch {
namespace {

void check(int status, const char* call) {
  if (status != MPI_SUCCESS) throw core::RunError(std::string("MPI call ") + call + " failed (status " + std::to_string(status) + ")");
}

class MpiGroup final : public RankGroup {
 public:
  MpiGroup() {
    int initialised = 0;
    check(MPI_Initialized(&initialised), "MPI_Initialized");
    if (initialised == 0) check(MPI_Init(nullptr, nullptr), "MPI_Init");
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
    MPI_Comm local = MPI_COMM_NULL;
    check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local), "MPI_Comm_split_type");
    check(MPI_Comm_rank(local, &local_rank_), "MPI_Comm_rank(local)");
    MPI_Comm_free(&local);
  }
  ~MpiGroup() override { MPI_Finalize(); }
  MpiGroup(const MpiGroup&) = delete;
  MpiGroup& operator=(const MpiGroup&) = delete;

  [[nodiscard]] int rank() const override { return rank_; }
  [[nodiscard]] int size() const override { return size_; }
  [[nodiscard]] int local_rank() const override { return local_rank_; }
  bool all_ready(bool ready) override {
    int mine = ready ? 1 : 0;
    int all = 0;
    check(MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
    return all == 1;
  }

  std::vector<std::string> gather(const std::string& mine) override {
    int length = static_cast<int>(mine.size());
    std::vector<int> lengths(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
    check(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Gather");
    std::vector<int> offsets(lengths.size());
    int total = 0;
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      offsets[i] = total;
      total += lengths[i];
    }
    std::string all(static_cast<std::size_t>(total), '\0');
    check(MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0,
                      MPI_COMM_WORLD),
          "MPI_Gatherv");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < lengths.size(); ++i)
      out.push_back(all.substr(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(lengths[i])));
    return out;
  }

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_rank_ = 0;
};

}  // namespace
}  // namespace ib::launch

/// The plugin's entry point, looked up by mpi_plugin.cpp: a new group, owned by the caller.
extern "C" ib::launch::RankGroup* inferbench_mpi_plugin_v1() {
  return new ib::launch::MpiGroup();  // NOLINT: ownership passes to make_mpi_group's unique_ptr
}
