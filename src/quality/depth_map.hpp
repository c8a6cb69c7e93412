#pragma once
// Depth maps from files: ground truth as .npy (any integer or float dtype numpy writes) or as a grey 8- or
// 16-bit PNG (KITTI's format: depth = value / 256, 0 = no measurement), and the rule that makes an array
// shape a map. One loader for every reader of a GT file (`run --gt`, the dataset mode, `quality depth`, the
// depth figure), so they agree on which files and shapes are maps and on the units.
//
// The squeeze rule, the same for every reader: every size-1 dimension of the array's shape is dropped
// (1x1xHxW, 1xHxW, HxWx1 and 1xHx1xW are all H x W). What is left must be H x W; only a model output that
// is drawn (read_npy_first_channel) may also be C x H x W, of which the first channel is used. An H x W map
// with H or W equal to 1 is therefore not a map (it squeezes to one dimension).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include "inferbench/shape.hpp"
#include "io/image.hpp"

namespace ib::quality {

using io::kDefaultMaxImagePixels;

/// A dense map, row-major: a ground-truth depth map, or a model's output at the image's size.
struct DepthMap {
  int width = 0;
  int height = 0;
  std::vector<double> values;
};

/// `shape` without its size-1 dimensions: the squeeze rule above.
[[nodiscard]] core::Shape squeeze(const core::Shape& shape);

/// (H, W) when squeeze(shape) is H x W: a dense map.
[[nodiscard]] std::optional<std::pair<int, int>> dense_map_size(const core::Shape& shape);

struct DepthFileOptions {
  /// --gt-scale: depth = stored value / scale. Needed for a PNG (its integers have no unit of their own:
  /// KITTI uses 256, millimetre maps 1000); 1 for a .npy when unset.
  std::optional<double> scale;
  std::int64_t max_pixels = io::kDefaultMaxImagePixels;  ///< --max-image-pixels, for PNG files
};

/// Throws core::InputError naming the flag for a scale that is not a positive finite number, or a pixel
/// limit outside 1..kMaxImagePixels.
void validate(const DepthFileOptions& options);

/// True when `path` is read as a PNG depth map (extension .png, any case); anything else is read as .npy.
[[nodiscard]] bool is_png_depth_file(const std::filesystem::path& path);

/// Reads a .npy whose shape is H x W after dropping 1-dimensions (a depth map or a model's saved output),
/// values as stored. Throws core::InputError naming the file otherwise.
[[nodiscard]] DepthMap read_npy_depth_map(const std::filesystem::path& path);

/// A saved model output to draw: H x W, or C x H x W (a model that is not a depth model) after squeezing.
struct ChannelMap {
  std::int64_t channels = 1;  ///< C; the map is channel 0
  DepthMap map;
};

/// Reads a .npy that squeezes to H x W or C x H x W, keeping the first channel. Throws core::InputError
/// naming the file otherwise.
[[nodiscard]] ChannelMap read_npy_first_channel(const std::filesystem::path& path);

/// Reads a GT depth map: a .npy whose shape is H x W after dropping 1-dimensions, or a one-channel PNG,
/// every value divided by the scale (a stored 0 stays 0, below any --min-depth, so it is never scored).
/// Throws core::InputError naming the file (or --gt-scale) otherwise.
[[nodiscard]] DepthMap read_depth_map(const std::filesystem::path& path, const DepthFileOptions& options = {});

}  // namespace ib::quality
