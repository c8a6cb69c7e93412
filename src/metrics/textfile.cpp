#include "metrics/textfile.hpp"

#include "io/atomic_file.hpp"
#include "metrics/run_metrics.hpp"

namespace ib::metrics {

std::string result_exposition(const result::Result& result) {
  std::vector<Family> all;
  for (const auto& run : result.runs) {
    for (Family& family : finished_run_families(run)) all.push_back(std::move(family));
  }
  const std::vector<Family> merged = merge_families(std::move(all));
  return render(merged, Format::prometheus);
}

void write_textfile(const std::filesystem::path& path, const result::Result& result) {
  io::write_file_atomically(path, result_exposition(result));
}

}  // namespace ib::metrics
