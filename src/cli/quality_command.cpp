// `inferbench quality depth|diff`: the accuracy metrics on .npy files, without a model, so users can check
// our numbers against their own scripts and reuse them on outputs saved by any tool.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "inferbench/errors.hpp"
#include "quality/depth_map.hpp"
#include "io/image.hpp"
#include "io/npy.hpp"
#include "quality/dataset.hpp"
#include "quality/depth_metrics.hpp"
#include "quality/output_diff.hpp"
#include "result/warning_text.hpp"

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
using Count = std::pair<const char*, std::size_t>;
using Text = std::pair<const char*, std::string>;  ///< fixed words only (no escaping in the JSON below)

void print_rows(std::ostream& out, const std::vector<Row>& rows, const std::vector<Count>& counts,
                const std::vector<Text>& texts, bool json) {
  if (json) {
    std::string text = "{";
    for (const auto& [key, value] : rows) text += fmt::format("\"{}\": {}, ", key, json_number(value));
    for (const auto& [key, value] : counts) text += fmt::format("\"{}\": {}, ", key, value);
    for (const auto& [key, value] : texts) text += fmt::format("\"{}\": \"{}\", ", key, value);
    text.resize(text.size() - 2);
    text += "}\n";
    out << text;
    return;
  }
  for (const auto& [key, value] : rows) fmt::print(out, "{:<20} {:.6g}\n", key, value);
  for (const auto& [key, value] : counts) fmt::print(out, "{:<20} {}\n", key, value);
  for (const auto& [key, value] : texts) fmt::print(out, "{:<20} {}\n", key, value);
}

// The prediction at the GT's size: as it is, or resized with the bicubic filter `run` uses (cv2.resize
// INTER_CUBIC, the depth-evaluation scripts' choice) when only the scale differs. Returns the interpolation.
std::string fit_to_ground_truth(quality::DepthMap& pred, const quality::DepthMap& gt, const QualityDepthOptions& options) {
  try {
    if (quality::fit_ground_truth(pred.width, pred.height, gt.width, gt.height) ==
        quality::GroundTruthFit::same_size) {
      return "none";
    }
  } catch (const core::InputError& error) {
    throw core::InputError(fmt::format("--pred {} vs --gt {}: {}", options.pred, options.gt, error.what()));
  }
  pred.values = io::resize_map_bicubic(pred.values, pred.width, pred.height, gt.width, gt.height);
  pred.width = gt.width;
  pred.height = gt.height;
  return "bicubic";
}

}  // namespace

int quality_depth_command(const QualityDepthOptions& options, std::ostream& out, std::ostream& err) {
  quality::DepthMap pred = quality::read_npy_depth_map(options.pred);
  const quality::DepthMap gt = quality::read_depth_map(options.gt, {options.gt_scale});
  const std::string pred_size = fmt::format("{}x{}", pred.width, pred.height);
  const std::string interpolation = fit_to_ground_truth(pred, gt, options);
  const quality::DepthMetrics m = quality::depth_metrics(
      pred.values, gt.values,
      {options.min_depth, options.max_depth, options.median_scaling, options.disparity});
  if (m.invalid_predictions > 0) {
    fmt::print(err, "inferbench: warning: {}\n",
               result::warning_text({result::WarningKind::invalid_predictions,
                                     {{"count", static_cast<double>(m.invalid_predictions)}},
                                     {}}));
  }
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
              {"scale", m.scale},
              {"gt_scale", options.gt_scale.value_or(1.0)}},
             {{"valid_pixels", m.valid_pixels}, {"invalid_predictions", m.invalid_predictions}},
             {{"pred_size", pred_size},
              {"gt_size", fmt::format("{}x{}", gt.width, gt.height)},
              {"interpolation", interpolation}},
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
      {}, options.json);
  return 0;
}

}  // namespace ib::cli
