// `inferbench quality depth|diff`: the accuracy metrics on .npy files, without a model, so users can check
// our numbers against their own scripts and reuse them on outputs saved by any tool.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "core/errors.hpp"
#include "io/npy.hpp"
#include "quality/depth_metrics.hpp"
#include "quality/output_diff.hpp"

namespace ib::cli {
namespace {

struct Map {
  core::Shape shape;  ///< leading 1-dimensions squeezed: 1x1xHxW and HxW compare equal
  std::vector<double> values;
};

Map load_map(const std::string& path) {
  const io::NpyArray array = io::read_npy(path);
  core::Shape shape = array.shape;
  std::size_t leading = 0;
  while (leading + 1 < shape.size() && shape[leading] == 1) ++leading;
  shape.erase(shape.begin(), shape.begin() + static_cast<std::ptrdiff_t>(leading));
  return {std::move(shape), io::to_doubles(array)};
}

void require_same_shape(const Map& a, const std::string& a_name, const Map& b, const std::string& b_name) {
  if (a.shape != b.shape)
    throw core::InputError(
        fmt::format("{} has shape {} but {} has shape {} (after dropping leading 1-dimensions)", a_name,
                    core::shape_to_string(a.shape), b_name, core::shape_to_string(b.shape)));
}

// JSON has no NaN or Infinity; 17 significant digits round-trip a double exactly.
std::string json_number(double value) {
  return std::isfinite(value) ? fmt::format("{:.17g}", value) : "null";
}

using Row = std::pair<const char*, double>;

void print_rows(std::ostream& out, const std::vector<Row>& rows,
                const std::vector<std::pair<const char*, std::size_t>>& counts, bool json) {
  if (json) {
    std::string text = "{";
    for (const auto& [key, value] : rows) text += fmt::format("\"{}\": {}, ", key, json_number(value));
    for (const auto& [key, value] : counts) text += fmt::format("\"{}\": {}, ", key, value);
    text.resize(text.size() - 2);
    text += "}\n";
    out << text;
    return;
  }
  for (const auto& [key, value] : rows) fmt::print(out, "{:<20} {:.6g}\n", key, value);
  for (const auto& [key, value] : counts) fmt::print(out, "{:<20} {}\n", key, value);
}

}  // namespace

int quality_depth_command(const QualityDepthOptions& options, std::ostream& out) {
  const Map pred = load_map(options.pred);
  const Map gt = load_map(options.gt);
  require_same_shape(pred, "--pred " + options.pred, gt, "--gt " + options.gt);
  const quality::DepthMetrics m = quality::depth_metrics(
      pred.values, gt.values,
      {options.min_depth, options.max_depth, options.median_scaling, options.disparity});
  print_rows(out,
             {{"abs_rel", m.abs_rel},
              {"sq_rel", m.sq_rel},
              {"rmse", m.rmse},
              {"rmse_log", m.rmse_log},
              {"log10", m.log10},
              {"silog", m.silog},
              {"d1", m.d1},
              {"d2", m.d2},
              {"d3", m.d3},
              {"scale", m.scale}},
             {{"valid_pixels", m.valid_pixels}, {"invalid_predictions", m.invalid_predictions}},
             options.json);
  return 0;
}

int quality_diff_command(const QualityDiffOptions& options, std::ostream& out) {
  const Map ref = load_map(options.ref);
  const Map test = load_map(options.test);
  require_same_shape(ref, "--ref " + options.ref, test, "--test " + options.test);
  const quality::DiffMetrics m = quality::compare_outputs(ref.values, test.values);
  print_rows(
      out,
      {{"mae", m.mae}, {"rmse", m.rmse}, {"max_abs", m.max_abs}, {"cosine", m.cosine}, {"rel_l2", m.rel_l2}},
      {{"count", m.count},
       {"nonfinite_reference", m.nonfinite_reference},
       {"nonfinite_test", m.nonfinite_test}},
      options.json);
  return 0;
}

}  // namespace ib::cli
