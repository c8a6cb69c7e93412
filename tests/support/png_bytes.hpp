#pragma once
// PNG files written byte by byte for tests that need what stb_image_write cannot make: 16-bit grey maps
// (KITTI-style depth ground truth) and headers that claim another size than the pixels behind them. The
// pixel data goes into stored (uncompressed) deflate blocks; chunk CRCs and the zlib Adler-32 are computed,
// so the files are valid PNGs for any reader.
#include <cstdint>
#include <string>
#include <vector>

namespace ib::testing {

inline std::uint32_t png_crc32(const std::string& bytes) {
  std::uint32_t crc = 0xffffffffu;
  for (const char c : bytes) {
    crc ^= static_cast<std::uint8_t>(c);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xffffffffu;
}

inline void put_be32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}

inline std::string png_chunk(const std::string& type, const std::string& data) {
  std::string chunk;
  put_be32(chunk, static_cast<std::uint32_t>(data.size()));
  chunk += type + data;
  put_be32(chunk, png_crc32(type + data));
  return chunk;
}

inline std::string png_ihdr(std::uint32_t width, std::uint32_t height, int bits, int colour_type) {
  std::string data;
  put_be32(data, width);
  put_be32(data, height);
  data.push_back(static_cast<char>(bits));
  data.push_back(static_cast<char>(colour_type));
  data += std::string(3, '\0');  // deflate, adaptive filtering, no interlace
  return png_chunk("IHDR", data);
}

/// A grey PNG (colour type 0) of `bits` 8 or 16, `values` row-major, width * height of them.
inline std::string grey_png(int width, int height, int bits, const std::vector<std::uint16_t>& values) {
  std::string raw;  // each row: filter byte 0, then the samples big-endian
  for (int y = 0; y < height; ++y) {
    raw.push_back('\0');
    for (int x = 0; x < width; ++x) {
      const std::uint16_t v = values[static_cast<std::size_t>(y * width + x)];
      if (bits == 16) raw.push_back(static_cast<char>(v >> 8));
      raw.push_back(static_cast<char>(v & 0xff));
    }
  }
  std::string zlib("\x78\x01", 2);
  for (std::size_t at = 0; at < raw.size(); at += 65535) {
    const std::string block = raw.substr(at, 65535);
    zlib.push_back(at + block.size() >= raw.size() ? '\x01' : '\x00');
    const auto length = static_cast<std::uint16_t>(block.size());
    zlib.push_back(static_cast<char>(length & 0xff));
    zlib.push_back(static_cast<char>(length >> 8));
    zlib.push_back(static_cast<char>(~length & 0xff));
    zlib.push_back(static_cast<char>((~length >> 8) & 0xff));
    zlib += block;
  }
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (const char c : raw) {
    a = (a + static_cast<std::uint8_t>(c)) % 65521;
    b = (b + a) % 65521;
  }
  put_be32(zlib, (b << 16) | a);
  return std::string("\x89PNG\r\n\x1a\n", 8) + png_ihdr(static_cast<std::uint32_t>(width),
                                                         static_cast<std::uint32_t>(height), bits, 0) +
         png_chunk("IDAT", zlib) + png_chunk("IEND", "");
}

/// `png` with the size in its IHDR replaced (and the CRC recomputed): a small file that claims a huge image.
inline std::string with_png_size(std::string png, std::uint32_t width, std::uint32_t height) {
  std::string fields;
  put_be32(fields, width);
  put_be32(fields, height);
  png.replace(16, 8, fields);                    // after the signature (8), length (4) and "IHDR" (4)
  const std::string typed = png.substr(12, 17);  // "IHDR" + 13 bytes of data
  std::string crc;
  put_be32(crc, png_crc32(typed));
  png.replace(29, 4, crc);
  return png;
}

}  // namespace ib::testing
