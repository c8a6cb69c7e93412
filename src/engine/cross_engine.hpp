#pragma once
// The step after the runs: each run's output against the reference run's (the first with a quality pass), and
// the outputs saved as .npy where the plan asks for them.
#include <filesystem>
#include <optional>
#include <vector>

#include "inferbench/result.hpp"

namespace ib::engine {

/// `compared[i]` holds the values result.runs[i]'s quality pass compared (empty when it did not run). With
/// `save_into`, each run's values go to <save_into>/outputs/<run>.npy and the run names the file.
void compare_across_engines(result::Result& result, const std::vector<std::vector<double>>& compared,
                            const std::optional<std::filesystem::path>& save_into);

/// "synthetic:gemm:1,2,3" -> "synthetic_gemm_1_2_3": a run name as a file name.
[[nodiscard]] std::string file_stem(const std::string& name);

}  // namespace ib::engine
