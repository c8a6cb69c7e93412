#pragma once
// Identity of an input file (a model, mostly) for the result: size, content hash and modification time, so
// two results can be told apart when the "same" model path held different bytes.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace ib::io {

struct FileInfo {
  std::uint64_t size_bytes = 0;
  std::string sha256;     ///< lowercase hex
  std::string mtime_utc;  ///< ISO 8601 UTC to the second, e.g. 2026-11-22T23:01:02Z
  bool operator==(const FileInfo&) const = default;
};

/// Reads the whole file (1 MiB at a time, so multi-GB engines need no memory) and hashes it. Throws
/// ib::core::InputError when the file is missing, unreadable or not a regular file (a directory, a FIFO).
[[nodiscard]] FileInfo describe_file(const std::filesystem::path& path);

/// SHA-256 of `bytes` as lowercase hex.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace ib::io
