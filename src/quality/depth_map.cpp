#include "quality/depth_map.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include "inferbench/errors.hpp"
#include "io/npy.hpp"

namespace ib::quality {

using io::NpyArray;

core::Shape squeeze(const core::Shape& shape) {
  core::Shape dims;
  for (const std::int64_t d : shape) {
    if (d != 1) dims.push_back(d);
  }
  return dims;
}

std::optional<std::pair<int, int>> dense_map_size(const core::Shape& shape) {
  const core::Shape dims = squeeze(shape);
  if (dims.size() != 2 || dims[0] > std::numeric_limits<int>::max() ||
      dims[1] > std::numeric_limits<int>::max()) {
    return std::nullopt;
  }
  return std::pair<int, int>{static_cast<int>(dims[0]), static_cast<int>(dims[1])};
}

bool is_png_depth_file(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".png";
}

DepthMap read_npy_depth_map(const std::filesystem::path& path) {
  const NpyArray array = io::read_npy(path);
  const auto size = dense_map_size(array.shape);
  if (!size) {
    throw core::InputError(
        fmt::format("{}: a depth map must be H x W (after dropping 1-dimensions), not {}", path.string(),
                    core::shape_to_string(array.shape)));
  }
  return {size->second, size->first, io::to_doubles(array)};
}

ChannelMap read_npy_first_channel(const std::filesystem::path& path) {
  const NpyArray array = io::read_npy(path);
  core::Shape dims = squeeze(array.shape);
  ChannelMap out;
  if (dims.size() == 3) {
    out.channels = dims.front();
    dims.erase(dims.begin());
  }
  const auto size = dense_map_size(dims);
  if (!size) {
    throw core::InputError(fmt::format("{}: shape {} is not a map (H x W or C x H x W after dropping 1-dimensions)",
                                       path.string(), core::shape_to_string(array.shape)));
  }
  out.map = {size->second, size->first, io::to_doubles(array)};
  out.map.values.resize(static_cast<std::size_t>(size->first) * static_cast<std::size_t>(size->second));
  return out;
}

void validate(const DepthFileOptions& options) {
  if (options.scale && !(std::isfinite(*options.scale) && *options.scale > 0)) {
    throw core::InputError(fmt::format("--gt-scale must be a positive number (got {})", *options.scale));
  }
  io::check_max_image_pixels(options.max_pixels);
}

DepthMap read_depth_map(const std::filesystem::path& path, const DepthFileOptions& options) {
  validate(options);
  DepthMap map;
  if (is_png_depth_file(path)) {
    if (!options.scale) {
      throw core::InputError(
          fmt::format("{}: a PNG depth map stores integers: give --gt-scale, the number they are divided "
                      "by to give depth (KITTI: 256; millimetres to metres: 1000)",
                      path.string()));
    }
    const io::GreyImage image = io::read_grey_png(path, options.max_pixels);
    map = {image.width, image.height, std::vector<double>(image.values.begin(), image.values.end())};
  } else {
    map = read_npy_depth_map(path);
  }
  const double scale = options.scale.value_or(1.0);
  if (scale != 1.0) {
    for (double& value : map.values) value /= scale;
  }
  return map;
}

}  // namespace ib::quality
