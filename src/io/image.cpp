#include "io/image.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "inferbench/errors.hpp"
#include "core/half.hpp"
#include "inferbench/shape.hpp"

// stb_image is one header holding both the API and, with STB_IMAGE_IMPLEMENTATION, the decoder. We compile
// the decoder here with static linkage (no clash with another copy of stb in a process that loads Torch or
// OpenCV), only for the formats we document, reading from memory only (we open files ourselves to report
// missing files clearly), and with stb's own size limit matching ours in case its header check and its
// decoder ever disagree. Its code is not written to our warning flags: silence warnings around it only.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNG
#define STBI_ONLY_BMP
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_MAX_DIMENSIONS 32768
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#include <stb/stb_image.h>
#pragma GCC diagnostic pop

namespace ib::io {
namespace {

static_assert(STBI_MAX_DIMENSIONS == kMaxImageSide, "keep stb's limit equal to ours");

constexpr int kChannels = 3;

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view reason) {
  throw core::InputError(fmt::format("{}: {}", path.string(), reason));
}

std::string read_bytes(const std::filesystem::path& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) fail(path, "no such file");
  if (!std::filesystem::is_regular_file(status)) fail(path, "not a regular file");
  std::ifstream file(path, std::ios::binary);
  if (!file) fail(path, "cannot open the file for reading");
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) fail(path, "read error");
  return bytes;
}

struct StbFree {
  void operator()(void* pixels) const noexcept { stbi_image_free(pixels); }
};

constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1a\n";

// What the file's header says, checked against the limits; `data` points into the caller's bytes.
struct Header {
  const stbi_uc* data = nullptr;
  int length = 0;
  int width = 0;
  int height = 0;
  int channels = 0;
};

// Reads the dimensions from the header first, so the size limit holds before any pixel memory is taken.
Header read_header(const std::filesystem::path& path, const std::string& bytes, std::int64_t max_pixels) {
  check_max_image_pixels(max_pixels);
  if (bytes.empty()) fail(path, "empty file");
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    fail(path, "file too large to be an image (over 2 GiB)");
  Header header;
  header.data = reinterpret_cast<const stbi_uc*>(bytes.data());
  header.length = static_cast<int>(bytes.size());
  if (stbi_info_from_memory(header.data, header.length, &header.width, &header.height, &header.channels) ==
      0) {
    fail(path, fmt::format("not a readable JPEG, PNG or BMP image ({})", stbi_failure_reason()));
  }
  // A BMP with a negative height stores its rows top-down (BITMAPINFOHEADER); stb's decoder handles it, but
  // its header query passes the stored height on unchanged.
  if (header.height < 0 && header.height != INT_MIN && bytes.starts_with("BM")) header.height = -header.height;
  if (header.width < 1 || header.height < 1) {
    fail(path, fmt::format("the header gives an image of {}x{} pixels", header.width, header.height));
  }
  const std::int64_t pixels = std::int64_t{header.width} * header.height;
  if (header.width > kMaxImageSide || header.height > kMaxImageSide || pixels > kMaxImagePixels) {
    fail(path, fmt::format("image of {}x{} pixels is larger than inferbench handles ({} per side, {} pixels)",
                           header.width, header.height, kMaxImageSide, kMaxImagePixels));
  }
  if (pixels > max_pixels) {
    fail(path, fmt::format("image of {}x{} pixels ({:.1f} megapixels) is above the limit of {} pixels; "
                           "raise it with --max-image-pixels",
                           header.width, header.height, static_cast<double>(pixels) / 1e6, max_pixels));
  }
  return header;
}

void check_image(const Image& image, std::string_view what) {
  if (image.width < 1 || image.height < 1 ||
      image.rgb.size() !=
          static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * kChannels) {
    throw core::InputError(fmt::format("{}: the image is empty or its pixel buffer does not match {}x{}x3",
                                       what, image.width, image.height));
  }
}

void check_size(int width, int height, std::string_view what) {
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide ||
      std::int64_t{width} * height > kMaxImagePixels) {
    throw core::InputError(fmt::format("{}: target size {}x{} is outside 1..{} per side or above {} pixels",
                                       what, width, height, kMaxImageSide, kMaxImagePixels));
  }
}

// Keys' cubic convolution kernel with a = -0.75 (OpenCV's choice; Keys proposed -0.5): the four weights for
// the source samples at offsets -1, 0, 1, 2 from floor(position), t being the fractional part.
std::array<float, 4> cubic_weights(float t) {
  constexpr float a = -0.75f;
  const auto inner = [](float u) { return ((a + 2.0f) * u - (a + 3.0f)) * u * u + 1.0f; };  // |u| <= 1
  const auto outer = [](float u) {
    return ((a * u - 5.0f * a) * u + 8.0f * a) * u - 4.0f * a;
  };  // 1 < |u| < 2
  const float w0 = outer(t + 1.0f);
  const float w1 = inner(t);
  const float w2 = inner(1.0f - t);
  // The exact weights sum to one; taking the last as the remainder keeps that true in floats, so flat
  // regions stay exactly flat.
  return {w0, w1, w2, 1.0f - w0 - w1 - w2};
}

// For every destination index along one axis: the four clamped source indices (border replicated) and
// their weights.
struct Taps {
  std::vector<std::array<int, 4>> index;
  std::vector<std::array<float, 4>> weight;
};

Taps make_taps(int source_length, int target_length) {
  Taps taps;
  taps.index.resize(static_cast<std::size_t>(target_length));
  taps.weight.resize(static_cast<std::size_t>(target_length));
  const double scale = static_cast<double>(source_length) / target_length;
  for (int d = 0; d < target_length; ++d) {
    // Pixel centres line up (half-pixel offset), as in OpenCV and PIL, rather than corner samples.
    // The position is rounded to float before its fraction is taken, as OpenCV does: far from the origin
    // that moves the weights by ~1e-5, visible against cv2 on noisy images if we kept doubles.
    const auto position = static_cast<float>((d + 0.5) * scale - 0.5);
    const float first = std::floor(position);
    const auto base = static_cast<int>(first);
    taps.weight[static_cast<std::size_t>(d)] = cubic_weights(position - first);
    for (int k = 0; k < 4; ++k) {
      taps.index[static_cast<std::size_t>(d)][static_cast<std::size_t>(k)] =
          std::clamp(base - 1 + k, 0, source_length - 1);
    }
  }
  return taps;
}

// Separable bicubic resize of interleaved RGB bytes, horizontal pass then vertical, keeping float results
// unrounded (callers round to bytes or normalise them directly). Output is HWC, 3 channels.
std::vector<float> resize_to_floats(const Image& image, int width, int height) {
  const Taps columns = make_taps(image.width, width);
  const Taps rows = make_taps(image.height, height);
  const auto row_stride_in = static_cast<std::size_t>(image.width) * kChannels;
  const auto row_stride_out = static_cast<std::size_t>(width) * kChannels;

  std::vector<float> horizontal(static_cast<std::size_t>(image.height) * row_stride_out);
  for (std::size_t y = 0; y < static_cast<std::size_t>(image.height); ++y) {
    const std::uint8_t* in = image.rgb.data() + y * row_stride_in;
    float* out = horizontal.data() + y * row_stride_out;
    for (std::size_t x = 0; x < static_cast<std::size_t>(width); ++x) {
      const auto& index = columns.index[x];
      const auto& weight = columns.weight[x];
      for (std::size_t c = 0; c < kChannels; ++c) {
        float sum = 0.0f;
        for (std::size_t k = 0; k < 4; ++k) {
          sum += weight[k] * static_cast<float>(in[static_cast<std::size_t>(index[k]) * kChannels + c]);
        }
        out[x * kChannels + c] = sum;
      }
    }
  }

  std::vector<float> result(static_cast<std::size_t>(height) * row_stride_out);
  for (std::size_t y = 0; y < static_cast<std::size_t>(height); ++y) {
    const auto& index = rows.index[y];
    const auto& weight = rows.weight[y];
    float* out = result.data() + y * row_stride_out;
    for (std::size_t k = 0; k < 4; ++k) {
      const float* in = horizontal.data() + static_cast<std::size_t>(index[k]) * row_stride_out;
      for (std::size_t i = 0; i < row_stride_out; ++i) out[i] += weight[k] * in[i];
    }
  }
  return result;
}

template <typename Bits>
void store(std::byte* destination, Bits bits) {
  std::memcpy(destination, &bits, sizeof bits);
}

}  // namespace

void check_max_image_pixels(std::int64_t max_pixels) {
  if (max_pixels < 1 || max_pixels > kMaxImagePixels) {
    throw core::InputError(
        fmt::format("--max-image-pixels must be between 1 and {} (got {})", kMaxImagePixels, max_pixels));
  }
}

Image read_image(const std::filesystem::path& path, std::int64_t max_pixels) {
  const std::string bytes = read_bytes(path);
  const Header header = read_header(path, bytes, max_pixels);
  int decoded_width = 0;
  int decoded_height = 0;
  int channels_in_file = 0;
  const std::unique_ptr<stbi_uc, StbFree> pixels(stbi_load_from_memory(
      header.data, header.length, &decoded_width, &decoded_height, &channels_in_file, kChannels));
  if (!pixels) fail(path, fmt::format("cannot decode the image ({})", stbi_failure_reason()));
  if (decoded_width != header.width || decoded_height != header.height) {
    fail(path, "decoded size differs from the size in the header");
  }
  Image image{header.width, header.height, {}};
  image.rgb.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(header.width) *
                                                    static_cast<std::size_t>(header.height) * kChannels);
  return image;
}

ImageSize read_image_size(const std::filesystem::path& path, std::int64_t max_pixels) {
  const std::string bytes = read_bytes(path);
  const Header header = read_header(path, bytes, max_pixels);
  return {header.width, header.height};
}

GreyImage read_grey_png(const std::filesystem::path& path, std::int64_t max_pixels) {
  const std::string bytes = read_bytes(path);
  if (!bytes.starts_with(kPngSignature)) fail(path, "not a PNG file");
  const Header header = read_header(path, bytes, max_pixels);
  if (header.channels != 1) {
    fail(path, fmt::format("the PNG has {} channels; a depth map PNG has one (grey, no alpha)",
                           header.channels));
  }
  GreyImage image{header.width, header.height, 8, {}};
  const auto count = static_cast<std::size_t>(header.width) * static_cast<std::size_t>(header.height);
  int width = 0;
  int height = 0;
  int channels_in_file = 0;
  // stbi_load_16 would widen 8-bit samples by 257 (to span 0..65535): an 8-bit file is read as 8 bits.
  if (stbi_is_16_bit_from_memory(header.data, header.length) != 0) {
    const std::unique_ptr<stbi_us, StbFree> pixels(
        stbi_load_16_from_memory(header.data, header.length, &width, &height, &channels_in_file, 1));
    if (!pixels) fail(path, fmt::format("cannot decode the image ({})", stbi_failure_reason()));
    image.bits = 16;
    image.values.assign(pixels.get(), pixels.get() + count);
  } else {
    const std::unique_ptr<stbi_uc, StbFree> pixels(
        stbi_load_from_memory(header.data, header.length, &width, &height, &channels_in_file, 1));
    if (!pixels) fail(path, fmt::format("cannot decode the image ({})", stbi_failure_reason()));
    image.values.assign(pixels.get(), pixels.get() + count);
  }
  if (width != header.width || height != header.height) {
    fail(path, "decoded size differs from the size in the header");
  }
  return image;
}

Image resize_bicubic(const Image& image, int width, int height) {
  check_image(image, "resize_bicubic");
  check_size(width, height, "resize_bicubic");
  // Same size is a copy, as in OpenCV; the kernel would give the same pixels (weights 0, 1, 0, 0).
  if (width == image.width && height == image.height) return image;
  const std::vector<float> values = resize_to_floats(image, width, height);
  Image result{width, height, std::vector<std::uint8_t>(values.size())};
  std::transform(values.begin(), values.end(), result.rgb.begin(), [](float v) {
    // Bicubic overshoots near edges; saturate like OpenCV rather than wrap.
    return static_cast<std::uint8_t>(std::clamp(std::round(v), 0.0f, 255.0f));
  });
  return result;
}

std::vector<double> resize_map_bicubic(std::span<const double> map, int width, int height, int new_width,
                                       int new_height) {
  check_size(width, height, "map");
  check_size(new_width, new_height, "resized map");
  if (map.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
    throw core::InputError(fmt::format("a {}x{} map needs {} values, not {}", width, height,
                                       static_cast<std::size_t>(width) * static_cast<std::size_t>(height),
                                       map.size()));
  }
  const Taps columns = make_taps(width, new_width);
  const Taps rows = make_taps(height, new_height);
  const auto w_in = static_cast<std::size_t>(width);
  const auto w_out = static_cast<std::size_t>(new_width);
  std::vector<double> horizontal(static_cast<std::size_t>(height) * w_out);
  for (std::size_t y = 0; y < static_cast<std::size_t>(height); ++y) {
    for (std::size_t x = 0; x < w_out; ++x) {
      double sum = 0.0;
      for (std::size_t k = 0; k < 4; ++k) {
        sum += columns.weight[x][k] * map[y * w_in + static_cast<std::size_t>(columns.index[x][k])];
      }
      horizontal[y * w_out + x] = sum;
    }
  }
  std::vector<double> result(static_cast<std::size_t>(new_height) * w_out, 0.0);
  for (std::size_t y = 0; y < static_cast<std::size_t>(new_height); ++y) {
    double* out = result.data() + y * w_out;
    for (std::size_t k = 0; k < 4; ++k) {
      const double* in = horizontal.data() + static_cast<std::size_t>(rows.index[y][k]) * w_out;
      const double weight = rows.weight[y][k];
      for (std::size_t x = 0; x < w_out; ++x) out[x] += weight * in[x];
    }
  }
  return result;
}

std::vector<std::byte> to_nchw(const Image& image, const core::TensorSpec& input,
                               const Preprocess& preprocess) {
  check_image(image, "image input");
  const core::Shape& shape = input.shape;
  if (shape.size() != 4 || shape[0] < 1 || shape[1] != kChannels || shape[2] < 1 || shape[3] < 1) {
    throw core::InputError(
        fmt::format("input '{}' has shape {}; an image input needs the NCHW layout [N, 3, H, W]", input.name,
                    core::shape_to_string(shape)));
  }
  if (input.dtype != core::DType::fp32 && input.dtype != core::DType::fp16 &&
      input.dtype != core::DType::bf16) {
    throw core::InputError(fmt::format("input '{}' has dtype {}; image inputs can be fp32, fp16 or bf16",
                                       input.name, core::dtype_name(input.dtype)));
  }
  for (const float value : preprocess.std) {
    if (!(value != 0.0f) || !std::isfinite(value)) {
      throw core::InputError(fmt::format("--std values must be finite and non-zero, got {}", value));
    }
  }
  if (shape[2] > kMaxImageSide || shape[3] > kMaxImageSide || shape[2] * shape[3] > kMaxImagePixels) {
    throw core::InputError(
        fmt::format("input '{}' has shape {}; image inputs are limited to {} per side and {} pixels",
                    input.name, core::shape_to_string(shape), kMaxImageSide, kMaxImagePixels));
  }
  const auto height = static_cast<int>(shape[2]);
  const auto width = static_cast<int>(shape[3]);

  // Unrounded resize: the users' script divides by 255 before resizing, so its resized values never pass
  // through 8 bits; rounding here would move inputs by up to 0.5 / 255 / std (about 0.009).
  std::vector<float> pixels;
  if (width == image.width && height == image.height) {
    pixels.assign(image.rgb.begin(), image.rgb.end());
  } else {
    pixels = resize_to_floats(image, width, height);
  }

  const std::size_t plane = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  const std::size_t element_size = core::dtype_size(input.dtype);
  const std::size_t batch_bytes = plane * kChannels * element_size;
  std::vector<std::byte> bytes(input.size_bytes());
  for (std::size_t c = 0; c < kChannels; ++c) {
    const float mean = preprocess.mean[c];
    const float std = preprocess.std[c];
    std::byte* out = bytes.data() + c * plane * element_size;
    for (std::size_t i = 0; i < plane; ++i) {
      const float value = (pixels[i * kChannels + c] * preprocess.scale - mean) / std;
      std::byte* destination = out + i * element_size;
      switch (input.dtype) {
        case core::DType::fp16:
          store(destination, core::float_to_half_bits(value));
          break;
        case core::DType::bf16:
          store(destination, core::float_to_bf16_bits(value));
          break;
        default:
          store(destination, value);
          break;
      }
    }
  }
  // Every batch element is the same image: copy the first.
  for (std::size_t n = 1; n < static_cast<std::size_t>(shape[0]); ++n) {
    std::memcpy(bytes.data() + n * batch_bytes, bytes.data(), batch_bytes);
  }
  return bytes;
}

}  // namespace ib::io
