#pragma once
// A 24-bit bottom-up BMP with a fixed pixel pattern, written byte by byte: test images need no image library.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace ib::testing {

inline void write_bmp(const std::filesystem::path& path, int width, int height) {
  const int row = (width * 3 + 3) / 4 * 4;
  const auto put32 = [](std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  std::string bytes = "BM";
  put32(bytes, static_cast<std::uint32_t>(54 + row * height));
  put32(bytes, 0);
  put32(bytes, 54);
  put32(bytes, 40);
  put32(bytes, static_cast<std::uint32_t>(width));
  put32(bytes, static_cast<std::uint32_t>(height));
  put32(bytes, 1 | (24u << 16));  // planes, bits per pixel
  for (int i = 0; i < 6; ++i) put32(bytes, 0);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < row; ++x) bytes.push_back(static_cast<char>(x < width * 3 ? (x * 7 + y) % 256 : 0));
  }
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace ib::testing
