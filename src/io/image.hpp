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

#include "inferbench/tensor_spec.hpp"

namespace ib::io {

/// A decoded image: `rgb` holds width * height * 3 bytes, row-major, each pixel R, G, B (HWC, 8 bits).
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
  bool operator==(const Image&) const = default;
};

/// Largest side and pixel count we ever handle (image files, resize targets, --max-image-pixels): 2^28 RGB
/// pixels are 768 MiB.
inline constexpr int kMaxImageSide = 32768;
inline constexpr std::int64_t kMaxImagePixels = std::int64_t{1} << 28;
/// Default limit on the pixels of an image file, read from its header before anything is decoded (a 2.5 KB
/// JPEG can claim 16000x16000). 100 megapixels covers every camera up to medium format and leaves datasets
/// (KITTI 0.5 MP, Cityscapes 2 MP) far below; decoding it takes about 300 MB for the RGB pixels plus stb's
/// working buffers. --max-image-pixels raises it up to kMaxImagePixels (docs/methodology.md, "Image inputs").
inline constexpr std::int64_t kDefaultMaxImagePixels = 100'000'000;

/// Throws ib::core::InputError naming --max-image-pixels unless 1 <= max_pixels <= kMaxImagePixels.
void check_max_image_pixels(std::int64_t max_pixels);

/// Decodes a JPEG, PNG or BMP file to 8-bit RGB (grey is replicated, an alpha channel dropped, 16-bit PNG
/// reduced to 8 bits; EXIF orientation is not applied; top-down BMPs are accepted). The header's size is
/// checked against `max_pixels` (and kMaxImageSide) before decoding. Throws ib::core::InputError("<path>:
/// <reason>").
[[nodiscard]] Image read_image(const std::filesystem::path& path,
                               std::int64_t max_pixels = kDefaultMaxImagePixels);

struct ImageSize {
  int width = 0;
  int height = 0;
};

/// The size a JPEG, PNG or BMP file's header gives, checked as read_image checks it, without decoding: lets
/// a caller refuse a whole dataset before any work. Throws InputError like read_image.
[[nodiscard]] ImageSize read_image_size(const std::filesystem::path& path,
                                        std::int64_t max_pixels = kDefaultMaxImagePixels);

/// A single-channel PNG at its stored bit depth: how depth maps are stored as images (KITTI: 16-bit,
/// depth = value / 256, 0 = no measurement). `values` holds width * height samples, row-major.
struct GreyImage {
  int width = 0;
  int height = 0;
  int bits = 8;  ///< 8 or 16, as stored
  std::vector<std::uint16_t> values;
};

/// Reads a grey (one-channel) 8- or 16-bit PNG without any scaling of its values. Throws InputError for
/// another format, a PNG with colour or alpha channels, or one above `max_pixels` (checked before decoding).
[[nodiscard]] GreyImage read_grey_png(const std::filesystem::path& path,
                                      std::int64_t max_pixels = kDefaultMaxImagePixels);

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
