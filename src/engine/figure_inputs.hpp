#pragma once
// What the depth figure needs besides the saved output maps, copied into the result's folder when the run
// ends: the input image and the ground-truth map, read once the way the run read them. The figure then draws
// from result.json and its folder alone (`inferbench report` on another machine, after the user's files have
// moved), never from the user's files.
#include <filesystem>
#include <string>
#include <vector>

#include "inferbench/result.hpp"

namespace ib::engine {

/// Writes outputs/input_image.npy and outputs/ground_truth.npy under `result_dir` for the runs that have a
/// quality section with an input image / a single-image ground truth, and records them in quality.input_file /
/// quality.ground_truth_file. A file that cannot be read or written is skipped with a message in the returned
/// list (the figure then leaves that panel out); never throws for it.
[[nodiscard]] std::vector<std::string> save_figure_inputs(result::Result& result,
                                                          const std::filesystem::path& result_dir);

}  // namespace ib::engine
