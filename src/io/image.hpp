#pragma once
// Images as model inputs: what `--image FILE` turns into before the timed loop. Files are decoded with
// Debian's stb_image (JPEG, PNG and BMP only; always 8-bit RGB, so the users' BGR->RGB step after cv2.imread
// is implicit), resized with the bicubic filter OpenCV's cv2.resize(..., INTER_CUBIC) uses, normalised
// (ImageNet mean/std by default) and laid out NCHW in the input's dtype, as the depth-model benchmark scripts
// users bring do it. Image files come from anywhere, so every missing, corrupt, truncated, oversized or
// unsupported file becomes one ib::core::InputError naming the file and the reason.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "core/tensor_spec.hpp"

namespace ib::io {

/// A decoded image: `rgb` holds width * height * 3 bytes, row-major, each pixel R, G, B (HWC, 8 bits).
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
  bool operator==(const Image&) const = default;
};

/// Largest accepted side and pixel count. Checked from the file header before decoding, so a hostile file
/// cannot make us allocate gigabytes (2^28 RGB pixels are 768 MiB).
inline constexpr int kMaxImageSide = 32768;
inline constexpr std::int64_t kMaxImagePixels = std::int64_t{1} << 28;

/// Decodes a JPEG, PNG or BMP file to 8-bit RGB (grey is replicated, an alpha channel dropped, 16-bit PNG
/// reduced to 8 bits; EXIF orientation is not applied). Throws ib::core::InputError("<path>: <reason>").
[[nodiscard]] Image read_image(const std::filesystem::path& path);

/// Bicubic resize as cv2.resize(src, (width, height), interpolation=cv2.INTER_CUBIC) on uint8 images: Keys
/// kernel with a = -0.75, pixel centres mapped by (x + 0.5) * scale - 0.5, border pixels replicated, results
/// rounded and saturated to 0..255. OpenCV uses fixed-point weights here, we use floats: results may differ
/// from OpenCV's by 1. Throws InputError for an empty image or a size below 1.
[[nodiscard]] Image resize_bicubic(const Image& image, int width, int height);

/// Bicubic resize of a single-channel map of doubles (a depth map, a model output) from width x height to
/// new_width x new_height, row-major, with the same kernel and pixel-centre mapping as resize_bicubic and no
/// rounding (cv2.resize on a float32 map, computed in doubles). A NaN or Inf spreads to the pixels whose taps
/// reach it, as in OpenCV. Throws InputError when map.size() != width * height or a size is below 1.
[[nodiscard]] std::vector<double> resize_map_bicubic(std::span<const double> map, int width, int height,
                                                     int new_width, int new_height);

/// How pixels become input values: value = (pixel * scale - mean[c]) / std[c], c in R, G, B order. `size` is
/// the default square side when the model's input shape does not fix one (the caller decides; to_nchw takes
/// H and W from the spec).
struct Preprocess {
  int size = 518;
  std::array<float, 3> mean{0.485f, 0.456f, 0.406f};
  std::array<float, 3> std{0.229f, 0.224f, 0.225f};
  float scale = 1.0f / 255.0f;
};

/// The bytes of `input` (shape [N, 3, H, W], N >= 1; dtype fp32, fp16 or bf16) filled from `image`: resized
/// to W x H with the bicubic filter above, ignoring the aspect ratio, normalised with `preprocess`, planar
/// NCHW, the same image in every batch element. The resize keeps its values unrounded (the users' script
/// divides by 255 before resizing, so it never rounds to 8 bits). Returns exactly input.size_bytes() bytes.
/// Throws InputError for another layout or dtype, or a std of 0.
[[nodiscard]] std::vector<std::byte> to_nchw(const Image& image, const core::TensorSpec& input,
                                             const Preprocess& preprocess);

}  // namespace ib::io
