// A build without Open MPI: `launch --mpi` says so; folder merges still work.
#include "inferbench/errors.hpp"
#include "launch/ranks.hpp"

namespace ib::launch {

std::unique_ptr<RankGroup> make_mpi_group() {
  throw core::UnavailableError(
      "this build of inferbench has no MPI (configure with Open MPI installed, INFERBENCH_MPI=ON): without it, "
      "start ranks with launch --per-rank and combine their folders with 'inferbench merge'");
}

bool mpi_built_in() noexcept {
  return false;
}

}  // namespace ib::launch
