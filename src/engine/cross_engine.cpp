#include "engine/cross_engine.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "io/npy.hpp"
#include "quality/output_diff.hpp"

namespace ib::engine {
namespace {

result::OutputComparison comparison_of(const std::string& reference, const quality::DiffMetrics& diff) {
  return {reference,
          diff.mae,
          diff.rmse,
          diff.max_abs,
          diff.cosine,
          diff.rel_l2,
          static_cast<std::int64_t>(diff.count),
          static_cast<std::int64_t>(diff.nonfinite_reference),
          static_cast<std::int64_t>(diff.nonfinite_test)};
}

void save_output(result::Run& run, const std::vector<double>& values, const std::filesystem::path& folder) {
  io::ensure_writable_directory(folder / "outputs");
  const std::string relative = "outputs/" + file_stem(run.name) + ".npy";
  io::write_npy(folder / relative, io::make_npy(core::DType::fp32, run.quality->map_shape, values));
  run.quality->output_file = relative;
}

void compare_with(result::Run& run, const std::vector<double>& values, const result::Run& reference,
                  const std::vector<double>& reference_values) {
  if (run.quality->map_shape != reference.quality->map_shape) {
    run.warnings.push_back({result::WarningKind::cross_engine_shape_mismatch,
                            {},
                            {{"shape", core::shape_to_string(run.quality->map_shape)},
                             {"reference", reference.name},
                             {"reference_shape", core::shape_to_string(reference.quality->map_shape)}}});
    return;
  }
  try {
    run.quality->vs_reference = comparison_of(reference.name, quality::compare_outputs(reference_values, values));
  } catch (const core::InputError& error) {  // no finite pair left
    run.warnings.push_back(
        {result::WarningKind::cross_engine_not_compared, {}, {{"reference", reference.name}, {"reason", error.what()}}});
  }
}

}  // namespace

std::string file_stem(const std::string& name) {
  std::string stem = name;
  for (char& c : stem) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) c = '_';
  }
  return stem;
}

void compare_across_engines(result::Result& result, const std::vector<std::vector<double>>& compared,
                            const std::optional<std::filesystem::path>& save_into) {
  const auto reference = std::find_if(result.runs.begin(), result.runs.end(),
                                      [](const result::Run& run) { return run.quality.has_value(); });
  const auto r = static_cast<std::size_t>(reference - result.runs.begin());
  for (std::size_t i = 0; i < result.runs.size(); ++i) {
    result::Run& run = result.runs[i];
    if (!run.quality) continue;
    if (save_into) save_output(run, compared[i], *save_into);
    if (i != r) compare_with(run, compared[i], *reference, compared[r]);
  }
}

}  // namespace ib::engine
