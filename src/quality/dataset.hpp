#pragma once
// The dataset mode's bookkeeping, apart from any model: which images have a ground truth, how a GT map of
// another size is matched to a prediction, and how per-image metrics are averaged.
#include <filesystem>
#include <span>
#include <vector>

#include "quality/depth_metrics.hpp"

namespace ib::quality {

struct DatasetPair {
  std::filesystem::path image;
  std::filesystem::path gt;
};

struct Dataset {
  std::vector<DatasetPair> pairs;              ///< sorted by image file name
  std::vector<std::filesystem::path> skipped;  ///< images without a GT file of the same basename
};

/// Image files (.jpg, .jpeg, .png, .bmp, any case) directly in `images_dir`, each paired with
/// `gt_dir`/<its basename without extension>.npy, or .png when there is no .npy. Throws core::InputError naming the flag when a directory is
/// missing or unreadable, holds no image, or no image has a GT file (never an empty dataset).
[[nodiscard]] Dataset pair_dataset(const std::filesystem::path& images_dir,
                                   const std::filesystem::path& gt_dir);

/// How a prediction map of `map_width` x `map_height` (the image's size) meets a GT map: same size, or the
/// prediction resized to the GT's size when only the scale differs (aspect ratios within 1%). Throws
/// core::InputError for another aspect ratio: comparing would need a crop nobody asked for.
enum class GroundTruthFit { same_size, resize_prediction };
[[nodiscard]] GroundTruthFit fit_ground_truth(int map_width, int map_height, int gt_width, int gt_height);

/// The per-image mean of every metric (what the depth script reports in dataset mode); valid_pixels and
/// invalid_predictions are summed, scale averaged. Throws core::InputError for no images.
[[nodiscard]] DepthMetrics mean_metrics(std::span<const DepthMetrics> per_image);

}  // namespace ib::quality
