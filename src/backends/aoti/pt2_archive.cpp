#include "backends/aoti/pt2_archive.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "inferbench/errors.hpp"

namespace ib::backends {
namespace {

constexpr std::string_view kLocalHeader("PK\x03\x04", 4);
constexpr std::string_view kEndOfDirectory("PK\x05\x06", 4);
// The end record is 22 bytes plus a comment of at most 65535 bytes, so it starts within this many of the end.
constexpr std::uintmax_t kEndSearchBytes = 22 + 65535;

[[noreturn]] void reject(const std::filesystem::path& path, const std::string& reason) {
  throw core::InputError("cannot load AOTInductor package '" + path.string() + "': " + reason);
}

[[nodiscard]] std::string read_at(std::ifstream& in, std::uintmax_t offset, std::uintmax_t bytes) {
  std::string data(static_cast<std::size_t>(bytes), '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(data.data(), static_cast<std::streamsize>(bytes));
  data.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return data;
}

}  // namespace

void check_pt2_archive(const std::filesystem::path& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) reject(path, "no such file");
  if (std::filesystem::is_directory(status)) reject(path, "it is a directory");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) reject(path, "cannot read its size: " + error.message());
  if (size == 0) reject(path, "the file is empty");
  std::ifstream in(path, std::ios::binary);
  if (!in) reject(path, "cannot open it for reading");
  if (read_at(in, 0, kLocalHeader.size()) != kLocalHeader) {
    reject(path, "it is not a zip archive (an AOTInductor .pt2 package is one; see scripts/export_model.py)");
  }
  const std::uintmax_t tail_bytes = std::min(size, kEndSearchBytes);
  const std::string tail = read_at(in, size - tail_bytes, tail_bytes);
  if (tail.rfind(kEndOfDirectory) == std::string::npos) {
    reject(path, "the zip archive is truncated (it has no end-of-central-directory record)");
  }
}

}  // namespace ib::backends
