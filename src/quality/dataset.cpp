#include "quality/dataset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <system_error>

#include "inferbench/errors.hpp"

namespace ib::quality {
namespace {

bool is_image_file(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".jpg" || extension == ".jpeg" || extension == ".png" || extension == ".bmp";
}

void require_directory(const std::filesystem::path& dir, const char* flag) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw core::InputError(fmt::format("{} {}: not a directory", flag, dir.string()));
  }
}

// <gt_dir>/<image basename>.npy, else .png (a .npy holds depth as it is; a PNG needs --gt-scale).
std::optional<std::filesystem::path> gt_file_for(const std::filesystem::path& image,
                                                 const std::filesystem::path& gt_dir) {
  for (const char* extension : {".npy", ".png"}) {
    std::filesystem::path gt = gt_dir / image.stem();
    gt += extension;
    std::error_code error;
    if (std::filesystem::is_regular_file(gt, error)) return gt;
  }
  return std::nullopt;
}

}  // namespace

Dataset pair_dataset(const std::filesystem::path& images_dir, const std::filesystem::path& gt_dir) {
  require_directory(images_dir, "--metric-images-dir");
  require_directory(gt_dir, "--metric-gt-dir");
  std::vector<std::filesystem::path> images;
  std::error_code error;
  for (std::filesystem::directory_iterator it(images_dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file(error) && is_image_file(it->path())) images.push_back(it->path());
  }
  if (error) {
    throw core::InputError(
        fmt::format("--metric-images-dir {}: cannot list it ({})", images_dir.string(), error.message()));
  }
  if (images.empty()) {
    throw core::InputError(
        fmt::format("--metric-images-dir {}: no .jpg, .jpeg, .png or .bmp files in it", images_dir.string()));
  }
  std::sort(images.begin(), images.end());
  Dataset dataset;
  for (const auto& image : images) {
    if (const auto gt = gt_file_for(image, gt_dir)) {
      dataset.pairs.push_back({image, *gt});
    } else {
      dataset.skipped.push_back(image);
    }
  }
  if (dataset.pairs.empty()) {
    throw core::InputError(
        fmt::format("--metric-gt-dir {}: none of the {} images has a GT file <basename>.npy or "
                    "<basename>.png",
                    gt_dir.string(), images.size()));
  }
  return dataset;
}

GroundTruthFit fit_ground_truth(int map_width, int map_height, int gt_width, int gt_height) {
  if (map_width == gt_width && map_height == gt_height) return GroundTruthFit::same_size;
  const double map_aspect = static_cast<double>(map_width) / map_height;
  const double gt_aspect = static_cast<double>(gt_width) / gt_height;
  if (std::abs(map_aspect / gt_aspect - 1.0) > 0.01) {
    throw core::InputError(fmt::format(
        "the GT is {}x{} (WxH) but the prediction is {}x{}: different aspect ratios ({:.4g} vs {:.4g}); "
        "give a GT of the same size or shape",
        gt_width, gt_height, map_width, map_height, gt_aspect, map_aspect));
  }
  return GroundTruthFit::resize_prediction;
}

DepthMetrics mean_metrics(std::span<const DepthMetrics> per_image) {
  if (per_image.empty()) throw core::InputError("no image was scored");
  DepthMetrics mean;
  mean.scale = 0;
  for (const DepthMetrics& m : per_image) {
    mean.abs_rel += m.abs_rel;
    mean.sq_rel += m.sq_rel;
    mean.rmse += m.rmse;
    mean.rmse_log += m.rmse_log;
    mean.log10 += m.log10;
    mean.silog += m.silog;
    mean.d1 += m.d1;
    mean.d2 += m.d2;
    mean.d3 += m.d3;
    mean.scale += m.scale;
    mean.valid_pixels += m.valid_pixels;
    mean.invalid_predictions += m.invalid_predictions;
  }
  const auto n = static_cast<double>(per_image.size());
  for (double* field : {&mean.abs_rel, &mean.sq_rel, &mean.rmse, &mean.rmse_log, &mean.log10, &mean.silog,
                        &mean.d1, &mean.d2, &mean.d3, &mean.scale}) {
    *field /= n;
  }
  return mean;
}

}  // namespace ib::quality
