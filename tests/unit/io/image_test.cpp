// Image inputs: decoding files written here with stb_image_write (PNG and BMP must come back bit for bit),
// every broken-file case ending in an InputError that names the file, the bicubic resize against numbers
// cv2.resize printed (OpenCV 4.6, numpy 1.24; each block names the Python that made it), and the NCHW
// tensors against numpy float32 arithmetic.
#include "io/image.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "../../support/png_bytes.hpp"
#include "inferbench/errors.hpp"
#include "core/half.hpp"

// Only the test writes images, so the encoder is compiled here, static, with warnings silenced around it
// (stb is not written to our warning flags).
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace ib::io {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// The gradient used for the cv2 comparisons, with wrap-arounds so the cubic kernel overshoots and saturates:
//   def img(w, h):
//       a = np.zeros((h, w, 3), np.uint8)
//       for y in range(h):
//           for x in range(w):
//               for c in range(3): a[y, x, c] = (x*40 + y*25 + c*60 + x*y*13) % 256
//       return a
Image gradient(int width, int height) {
  Image image{width, height, {}};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < 3; ++c)
        image.rgb.push_back(static_cast<std::uint8_t>((x * 40 + y * 25 + c * 60 + x * y * 13) % 256));
    }
  }
  return image;
}

Image constant(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  Image image{width, height, {}};
  for (int i = 0; i < width * height; ++i) image.rgb.insert(image.rgb.end(), {r, g, b});
  return image;
}

class ImageFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ib_image_test." + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  [[nodiscard]] fs::path path(const std::string& name) const { return dir_ / name; }
  void write_bytes(const fs::path& file, const std::string& bytes) const {
    std::ofstream out(file, std::ios::binary);
    out << bytes;
  }
  [[nodiscard]] static std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  // Expects an InputError whose message starts with the path and contains `reason`.
  static void expect_input_error(const fs::path& file, const std::string& reason) {
    try {
      (void)read_image(file);
      ADD_FAILURE() << "no error for " << file;
    } catch (const core::InputError& error) {
      EXPECT_THAT(error.what(), ::testing::StartsWith(file.string() + ": "));
      EXPECT_THAT(error.what(), HasSubstr(reason));
    }
  }
  fs::path dir_;
};

TEST_F(ImageFiles, PngAndBmpDecodeExactly) {
  const Image image = gradient(7, 5);
  const fs::path png = path("gradient.png");
  const fs::path bmp = path("gradient.bmp");
  ASSERT_NE(stbi_write_png(png.c_str(), 7, 5, 3, image.rgb.data(), 7 * 3), 0);
  ASSERT_NE(stbi_write_bmp(bmp.c_str(), 7, 5, 3, image.rgb.data()), 0);
  EXPECT_EQ(read_image(png), image);
  EXPECT_EQ(read_image(bmp), image);
}

TEST_F(ImageFiles, GreyIsReplicatedAndAlphaDropped) {
  const std::vector<std::uint8_t> grey{0, 100, 200, 255};
  const std::vector<std::uint8_t> rgba{1, 2, 3, 0, 4, 5, 6, 128, 7, 8, 9, 255};
  const fs::path grey_png = path("grey.png");
  const fs::path rgba_png = path("rgba.png");
  ASSERT_NE(stbi_write_png(grey_png.c_str(), 2, 2, 1, grey.data(), 2), 0);
  ASSERT_NE(stbi_write_png(rgba_png.c_str(), 3, 1, 4, rgba.data(), 3 * 4), 0);
  EXPECT_EQ(read_image(grey_png), (Image{2, 2, {0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255}}));
  EXPECT_EQ(read_image(rgba_png), (Image{3, 1, {1, 2, 3, 4, 5, 6, 7, 8, 9}}));
}

TEST_F(ImageFiles, JpegDecodesToItsSizeAndNearlyItsColour) {
  // JPEG is lossy; a flat colour at quality 100 (no chroma subsampling in stb) only suffers the YCbCr
  // conversion's rounding, a few levels at most.
  const Image image = constant(16, 8, 200, 100, 50);
  const fs::path jpg = path("flat.jpg");
  ASSERT_NE(stbi_write_jpg(jpg.c_str(), 16, 8, 3, image.rgb.data(), 100), 0);
  const Image decoded = read_image(jpg);
  ASSERT_EQ(decoded.width, 16);
  ASSERT_EQ(decoded.height, 8);
  ASSERT_EQ(decoded.rgb.size(), image.rgb.size());
  for (std::size_t i = 0; i < image.rgb.size(); ++i) EXPECT_NEAR(decoded.rgb[i], image.rgb[i], 3) << i;
}

TEST_F(ImageFiles, MissingEmptyCorruptAndTruncatedFilesAreInputErrors) {
  expect_input_error(path("missing.png"), "no such file");
  expect_input_error(dir_, "not a regular file");

  write_bytes(path("empty.png"), "");
  expect_input_error(path("empty.png"), "empty file");

  write_bytes(path("text.jpg"), "this is not an image at all, just some text");
  expect_input_error(path("text.jpg"), "not a readable JPEG, PNG or BMP image");

  // A valid PNG cut in half: its header still reads, the pixel data does not.
  const Image image = gradient(7, 5);
  const fs::path png = path("whole.png");
  ASSERT_NE(stbi_write_png(png.c_str(), 7, 5, 3, image.rgb.data(), 7 * 3), 0);
  const std::string whole = read_bytes(png);
  write_bytes(path("half.png"), whole.substr(0, whole.size() / 2));
  expect_input_error(path("half.png"), "cannot decode the image");

  // Another format (a GIF header) is refused as unreadable, not guessed at.
  write_bytes(path("anim.gif"), std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14));
  expect_input_error(path("anim.gif"), "not a readable JPEG, PNG or BMP image");
}

// A PNG signature and IHDR chunk announcing width x height 8-bit grey pixels, with no pixel data (stb does
// not check chunk CRCs, so zeros do).
std::string png_header(std::uint32_t width, std::uint32_t height) {
  std::string bytes("\x89PNG\r\n\x1a\n", 8);
  const auto put32 = [&bytes](std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>((value >> shift) & 0xff));
  };
  put32(13);
  bytes += "IHDR";
  put32(width);
  put32(height);
  bytes += std::string("\x08\x00\x00\x00\x00", 5);  // bit depth 8, grey, deflate, no filter, no interlace
  put32(0);                                         // CRC
  return bytes;
}

TEST_F(ImageFiles, OversizedImagesAreRefusedBeforeDecoding) {
  // 16385 x 16384 passes stb's own checks but is just over 2^28 pixels.
  write_bytes(path("huge.png"), png_header(16385, 16384));
  expect_input_error(path("huge.png"), "larger than inferbench handles");
  // Wider than 32768: stb's header check refuses it first; either way an InputError naming the file.
  write_bytes(path("wide.png"), png_header(40000, 1));
  expect_input_error(path("wide.png"), "not a readable JPEG, PNG or BMP image");
}

// The 2.5 KB JPEG of issue 19 claimed 16000x16000 (256 megapixels, under the old 2^28 cap): it must be
// refused from its header, naming the file, its size and the flag that raises the limit.
TEST_F(ImageFiles, ImagesAboveThePixelLimitAreRefusedFromTheHeader) {
  const Image image = gradient(16, 8);
  const fs::path jpg = path("small.jpg");
  ASSERT_NE(stbi_write_jpg(jpg.c_str(), 16, 8, 3, image.rgb.data(), 90), 0);
  std::string jpeg = read_bytes(jpg);
  const std::size_t sof = jpeg.find("\xff\xc0");  // baseline frame header: FFC0, length, precision, H, W
  ASSERT_NE(sof, std::string::npos);
  jpeg.replace(sof + 5, 4, std::string("\x3e\x80\x3e\x80", 4));  // 16000 x 16000
  write_bytes(path("claims.jpg"), jpeg);
  ASSERT_NE(stbi_write_png(path("small.png").c_str(), 16, 8, 3, image.rgb.data(), 16 * 3), 0);
  write_bytes(path("claims.png"), ib::testing::with_png_size(read_bytes(path("small.png")), 16000, 16000));
  for (const char* name : {"claims.jpg", "claims.png"}) {
    expect_input_error(path(name),
                       "image of 16000x16000 pixels (256.0 megapixels) is above the limit of 100000000 "
                       "pixels; raise it with --max-image-pixels");
    EXPECT_THROW((void)read_image_size(path(name)), core::InputError) << name;
  }
  // The limit is the caller's: 16 x 8 = 128 pixels pass at 128, not at 127.
  EXPECT_EQ(read_image(path("small.png"), 128), image);
  EXPECT_EQ(read_image_size(path("small.png"), 128).width, 16);
  EXPECT_THROW((void)read_image(path("small.png"), 127), core::InputError);
  EXPECT_THROW(check_max_image_pixels(0), core::InputError);
  EXPECT_THROW(check_max_image_pixels(kMaxImagePixels + 1), core::InputError);
  EXPECT_NO_THROW(check_max_image_pixels(kMaxImagePixels));
}

// A BITMAPINFOHEADER with a negative height stores its rows top-down; stb decodes it, and we must not
// refuse it for the sign of its height.
TEST_F(ImageFiles, TopDownBmpDecodesInItsRowOrder) {
  const auto put32 = [](std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  const int width = 3;
  const int height = 2;
  const int row = 12;  // 9 bytes of BGR padded to 4
  std::string bytes = "BM";
  put32(bytes, 54 + row * height);
  put32(bytes, 0);
  put32(bytes, 54);
  put32(bytes, 40);
  put32(bytes, width);
  put32(bytes, static_cast<std::uint32_t>(-height));
  put32(bytes, 1 | (24u << 16));  // planes, bits per pixel
  for (int i = 0; i < 6; ++i) put32(bytes, 0);
  // First stored row (the top): red, green, blue; second: three greys.
  bytes += std::string("\x00\x00\xff\x00\xff\x00\xff\x00\x00\x00\x00\x00", 12);
  bytes += std::string("\x10\x10\x10\x20\x20\x20\x30\x30\x30\x00\x00\x00", 12);
  write_bytes(path("topdown.bmp"), bytes);
  EXPECT_EQ(read_image(path("topdown.bmp")),
            (Image{3, 2, {255, 0, 0, 0, 255, 0, 0, 0, 255, 16, 16, 16, 32, 32, 32, 48, 48, 48}}));
  EXPECT_EQ(read_image_size(path("topdown.bmp")).height, 2);
}

TEST_F(ImageFiles, GreyPngKeepsItsSixteenBitValues) {
  const std::vector<std::uint16_t> values{0, 256, 512, 65535, 1, 1000};
  write_bytes(path("depth16.png"), ib::testing::grey_png(3, 2, 16, values));
  const GreyImage depth = read_grey_png(path("depth16.png"));
  EXPECT_EQ(depth.width, 3);
  EXPECT_EQ(depth.height, 2);
  EXPECT_EQ(depth.bits, 16);
  EXPECT_EQ(depth.values, values);
  // 8-bit samples stay 0..255 (stbi_load_16 would stretch them by 257).
  write_bytes(path("depth8.png"), ib::testing::grey_png(2, 1, 8, {7, 255}));
  const GreyImage eight = read_grey_png(path("depth8.png"));
  EXPECT_EQ(eight.bits, 8);
  EXPECT_EQ(eight.values, (std::vector<std::uint16_t>{7, 255}));
  // Colour is no depth map; neither is a JPEG.
  const Image image = gradient(2, 2);
  ASSERT_NE(stbi_write_png(path("rgb.png").c_str(), 2, 2, 3, image.rgb.data(), 2 * 3), 0);
  EXPECT_THROW((void)read_grey_png(path("rgb.png")), core::InputError);
  ASSERT_NE(stbi_write_jpg(path("grey.jpg").c_str(), 2, 2, 3, image.rgb.data(), 90), 0);
  EXPECT_THROW((void)read_grey_png(path("grey.jpg")), core::InputError);
  write_bytes(path("huge16.png"), ib::testing::with_png_size(read_bytes(path("depth16.png")), 20000, 20000));
  EXPECT_THROW((void)read_grey_png(path("huge16.png")), core::InputError);
}

TEST(ImageResize, SameSizeGivesIdenticalPixels) {
  const Image image = gradient(7, 5);
  EXPECT_EQ(resize_bicubic(image, 7, 5), image);
}

TEST(ImageResize, ConstantImageStaysConstant) {
  const Image image = constant(5, 4, 17, 200, 99);
  EXPECT_EQ(resize_bicubic(image, 13, 7), constant(13, 7, 17, 200, 99));
  EXPECT_EQ(resize_bicubic(image, 3, 2), constant(3, 2, 17, 200, 99));
  EXPECT_EQ(resize_bicubic(constant(1, 1, 1, 2, 3), 4, 4), constant(4, 4, 1, 2, 3));
}

// OpenCV's uint8 path uses 11-bit fixed-point weights, ours are floats, so a pixel may differ by one level.
void expect_within_one(const Image& actual, const Image& expected) {
  ASSERT_EQ(actual.width, expected.width);
  ASSERT_EQ(actual.height, expected.height);
  ASSERT_EQ(actual.rgb.size(), expected.rgb.size());
  for (std::size_t i = 0; i < expected.rgb.size(); ++i) {
    EXPECT_NEAR(actual.rgb[i], expected.rgb[i], 1) << "byte " << i;
  }
}

TEST(ImageResize, DownscaleMatchesOpenCvWithinOne) {
  // cv2.resize(img(7, 5), (4, 3), interpolation=cv2.INTER_CUBIC).flatten()
  expect_within_one(
      resize_bicubic(gradient(7, 5), 4, 3),
      Image{4, 3, {19, 79,  138, 100, 163, 228, 192, 175, 54,  167, 46, 127, 69,  129, 206, 196, 226, 39,
                   74, 104, 167, 171, 231, 127, 131, 197, 141, 87,  59, 152, 187, 87,  147, 96,  127, 84}});
}

TEST(ImageResize, UpscaleMatchesOpenCvWithinOneIncludingSaturation) {
  // cv2.resize(img(4, 3), (9, 6), interpolation=cv2.INTER_CUBIC).flatten()
  expect_within_one(
      resize_bicubic(gradient(4, 3), 9, 6),
      Image{
          9, 6, {0,   53,  113, 2,   62,  122, 17,  77,  137, 39,  99,  159, 55,  115, 173, 72,  132, 191,
                 93,  153, 223, 108, 168, 251, 117, 177, 255, 0,   60,  120, 10,  70,  130, 27,  87,  146,
                 51,  111, 171, 69,  128, 199, 86,  146, 217, 110, 174, 215, 127, 195, 199, 137, 207, 191,
                 11,  71,  131, 23,  83,  142, 42,  102, 159, 69,  129, 191, 90,  147, 244, 110, 169, 255,
                 138, 208, 203, 157, 240, 111, 168, 255, 66,  27,  87,  147, 40,  100, 161, 63,  123, 189,
                 95,  155, 213, 119, 185, 231, 143, 206, 216, 176, 214, 147, 198, 208, 66,  211, 207, 24,
                 38,  98,  158, 53,  113, 177, 78,  138, 220, 114, 174, 225, 140, 219, 168, 167, 235, 100,
                 203, 189, 78,  228, 118, 89,  243, 83,  90,  45,  105, 165, 61,  121, 186, 87,  147, 238,
                 125, 186, 233, 154, 240, 130, 182, 253, 30,  220, 174, 36,  246, 64,  101, 255, 8,   129}});
}

TEST(ImageResize, BadArgumentsAreInputErrors) {
  EXPECT_THROW((void)resize_bicubic(Image{}, 2, 2), core::InputError);
  EXPECT_THROW((void)resize_bicubic(Image{2, 2, {1, 2, 3}}, 2, 2), core::InputError);
  EXPECT_THROW((void)resize_bicubic(gradient(2, 2), 0, 2), core::InputError);
  EXPECT_THROW((void)resize_bicubic(gradient(2, 2), 2, kMaxImageSide + 1), core::InputError);
}

std::vector<float> as_floats(const std::vector<std::byte>& bytes) {
  std::vector<float> values(bytes.size() / sizeof(float));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));
  return values;
}

std::vector<std::uint16_t> as_halves(const std::vector<std::byte>& bytes) {
  std::vector<std::uint16_t> values(bytes.size() / sizeof(std::uint16_t));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(std::uint16_t));
  return values;
}

// Pixels (R, G, B): (10, 20, 30) (40, 50, 60) / (70, 80, 90) (255, 0, 128).
const Image kTwoByTwo{2, 2, {10, 20, 30, 40, 50, 60, 70, 80, 90, 255, 0, 128}};
// p = np.array([[[10,20,30],[40,50,60]],[[70,80,90],[255,0,128]]], np.uint8)
// m = np.array([0.485,0.456,0.406], np.float32); s = np.array([0.229,0.224,0.225], np.float32)
// v = ((p.astype(np.float32) * np.float32(1/255) - m) / s).transpose(2, 0, 1)
// print(", ".join(float(x).hex() for x in v.flatten()))
const std::vector<float> kTwoByTwoNchw{
    -0x1.f25814p+0f, -0x1.6ed372p+0f, -0x1.d69d9ap-1f, 0x1.1fdc3ap+1f,   // R plane
    -0x1.af81cap+0f, -0x1.290d9ep+0f, -0x1.4532e8p-1f, -0x1.049248p+1f,  // G plane
    -0x1.4814e0p+0f, -0x1.84735ep-1f, -0x1.e2f3fap-3f, 0x1.b4ba78p-2f,   // B plane
};

core::TensorSpec spec(core::DType dtype, core::Shape shape) {
  return {"pixel_values", dtype, std::move(shape)};
}

TEST(ImageToNchw, Fp32ValuesAreExactAndPlanarRgb) {
  const auto input = spec(core::DType::fp32, {1, 3, 2, 2});
  const std::vector<std::byte> bytes = to_nchw(kTwoByTwo, input, Preprocess{});
  ASSERT_EQ(bytes.size(), input.size_bytes());
  EXPECT_EQ(as_floats(bytes), kTwoByTwoNchw);
}

TEST(ImageToNchw, ChannelOrderIsRgb) {
  // A pure red image: only the first plane is above its mean.
  const auto values =
      as_floats(to_nchw(constant(2, 2, 255, 0, 0), spec(core::DType::fp32, {1, 3, 2, 2}), {}));
  for (int i = 0; i < 4; ++i) {
    EXPECT_FLOAT_EQ(values[static_cast<std::size_t>(i)], (1.0f - 0.485f) / 0.229f);
    EXPECT_FLOAT_EQ(values[static_cast<std::size_t>(4 + i)], -0.456f / 0.224f);
    EXPECT_FLOAT_EQ(values[static_cast<std::size_t>(8 + i)], -0.406f / 0.225f);
  }
}

TEST(ImageToNchw, CustomMeanStdAndScale) {
  const Preprocess raw{.size = 2, .mean = {0.0f, 0.0f, 0.0f}, .std = {1.0f, 1.0f, 1.0f}, .scale = 1.0f};
  const auto values = as_floats(to_nchw(kTwoByTwo, spec(core::DType::fp32, {1, 3, 2, 2}), raw));
  EXPECT_EQ(values, (std::vector<float>{10, 40, 70, 255, 20, 50, 80, 0, 30, 60, 90, 128}));
}

TEST(ImageToNchw, BatchElementsRepeatTheImage) {
  const auto input = spec(core::DType::fp32, {2, 3, 2, 2});
  const auto values = as_floats(to_nchw(kTwoByTwo, input, Preprocess{}));
  ASSERT_EQ(values.size() * sizeof(float), input.size_bytes());
  EXPECT_EQ(std::vector<float>(values.begin(), values.begin() + 12), kTwoByTwoNchw);
  EXPECT_EQ(std::vector<float>(values.begin() + 12, values.end()), kTwoByTwoNchw);
}

TEST(ImageToNchw, HalfTypesRoundTheFp32Values) {
  const auto fp16 = as_halves(to_nchw(kTwoByTwo, spec(core::DType::fp16, {1, 3, 2, 2}), Preprocess{}));
  const auto bf16 = as_halves(to_nchw(kTwoByTwo, spec(core::DType::bf16, {1, 3, 2, 2}), Preprocess{}));
  ASSERT_EQ(fp16.size(), kTwoByTwoNchw.size());
  ASSERT_EQ(bf16.size(), kTwoByTwoNchw.size());
  for (std::size_t i = 0; i < kTwoByTwoNchw.size(); ++i) {
    EXPECT_EQ(fp16[i], core::float_to_half_bits(kTwoByTwoNchw[i])) << i;
    EXPECT_EQ(bf16[i], core::float_to_bf16_bits(kTwoByTwoNchw[i])) << i;
  }
}

TEST(ImageToNchw, ResizesWithoutRoundingToBytesLikeTheUsersScript) {
  // The script divides by 255 before resizing (float64), so no 8-bit rounding happens in between:
  // f = cv2.resize(img(7, 5).astype(np.float64) / 255.0, (4, 3), interpolation=cv2.INTER_CUBIC)
  // n = ((f - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]).transpose(2, 0, 1).flatten()
  // Float weights and float32 arithmetic here against OpenCV's float weights on doubles: 1e-5 covers it.
  const std::vector<float> expected{
      -1.7882323f, -0.4006927f, 1.1752629f,  0.7434953f,  -0.9288875f, 1.2313902f,  -0.8542175f, 0.8030205f,
      0.1284619f,  -0.6205015f, 1.0922172f,  -0.4810732f, -0.6482637f, 0.8158389f,  1.0247500f,  -1.2238881f,
      0.2302629f,  1.9244928f,  -0.2076686f, 2.0008295f,  1.4206325f,  -1.0000277f, -0.5091765f, 0.1829232f,
      0.6062514f,  2.1616845f,  -0.8611889f, 0.4096076f,  1.7913310f,  -1.1319907f, 1.1069798f,  0.4058803f,
      0.6583283f,  0.8502148f,  0.7585186f,  -0.3468984f};
  const auto values = as_floats(to_nchw(gradient(7, 5), spec(core::DType::fp32, {1, 3, 3, 4}), Preprocess{}));
  ASSERT_EQ(values.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(values[i], expected[i], 1e-5) << i;
}

TEST(ImageToNchw, OtherLayoutsAndDtypesAreInputErrors) {
  const auto message = [](const core::TensorSpec& input) {
    try {
      (void)to_nchw(kTwoByTwo, input, Preprocess{});
    } catch (const core::InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(message(spec(core::DType::fp32, {1, 2, 2, 3})), HasSubstr("NCHW layout [N, 3, H, W]"));  // NHWC
  EXPECT_THAT(message(spec(core::DType::fp32, {3, 2, 2})), HasSubstr("NCHW layout [N, 3, H, W]"));
  EXPECT_THAT(message(spec(core::DType::fp32, {0, 3, 2, 2})), HasSubstr("NCHW layout [N, 3, H, W]"));
  EXPECT_THAT(message(spec(core::DType::fp32, {1, 3, 2, 2, 1})), HasSubstr("pixel_values"));
  EXPECT_THAT(message(spec(core::DType::int8, {1, 3, 2, 2})), HasSubstr("fp32, fp16 or bf16"));
  EXPECT_THAT(message(spec(core::DType::fp32, {1, 3, 40000, 2})), HasSubstr("limited to"));
  Preprocess zero_std;
  zero_std.std[1] = 0.0f;
  EXPECT_THROW((void)to_nchw(kTwoByTwo, spec(core::DType::fp32, {1, 3, 2, 2}), zero_std), core::InputError);
}

}  // namespace
}  // namespace ib::io

namespace ib::io {
namespace {

TEST(ResizeMapBicubic, MatchesCv2OnAFloatMap) {
  // The red channel of gradient(7, 5) / 255 is a single-channel float map; its cv2 resize to 4x3 is the first
  // plane of the test above, before normalisation: expected * 0.229 + 0.485.
  const Image image = gradient(7, 5);
  std::vector<double> red;
  for (std::size_t i = 0; i < image.rgb.size(); i += 3) red.push_back(image.rgb[i] / 255.0);
  const std::vector<double> normalised{-1.7882323, -0.4006927, 1.1752629, 0.7434953,  -0.9288875, 1.2313902,
                                       -0.8542175, 0.8030205,  0.1284619, -0.6205015, 1.0922172,  -0.4810732};
  const std::vector<double> resized = resize_map_bicubic(red, 7, 5, 4, 3);
  ASSERT_EQ(resized.size(), 12u);
  for (std::size_t i = 0; i < 12; ++i) EXPECT_NEAR(resized[i], normalised[i] * 0.229 + 0.485, 3e-6) << i;
}

TEST(ResizeMapBicubic, SameSizeIsTheIdentityAndConstantsStayExact) {
  const std::vector<double> map{1.5, -2.0, 3.25, 4.0, 0.0, 7.5};
  EXPECT_EQ(resize_map_bicubic(map, 3, 2, 3, 2), map);
  const std::vector<double> flat(12, 2.5);
  for (const double v : resize_map_bicubic(flat, 4, 3, 9, 5)) EXPECT_NEAR(v, 2.5, 1e-6);
}

TEST(ResizeMapBicubic, NonFiniteValuesSpreadAndBadSizesAreInputErrors) {
  std::vector<double> map(16, 1.0);
  map[5] = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> resized = resize_map_bicubic(map, 4, 4, 8, 8);
  EXPECT_GT(std::count_if(resized.begin(), resized.end(), [](double v) { return std::isnan(v); }), 0);
  EXPECT_THROW((void)resize_map_bicubic(map, 5, 4, 8, 8), core::InputError);
  EXPECT_THROW((void)resize_map_bicubic(map, 4, 4, 0, 8), core::InputError);
}

}  // namespace
}  // namespace ib::io
