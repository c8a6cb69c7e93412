#pragma once
// NumPy .npy files: the format users already have their ground-truth depth maps and saved model outputs in.
// Files come from anywhere (datasets downloaded from the web, other tools), so reading is strict: every
// malformed, truncated or unsupported file becomes one ib::core::InputError naming the file and the reason,
// never a crash and never an allocation larger than twice the file. Arrays are held in C order, little
// endian, whatever the file used (Fortran order is transposed, big-endian data byte-swapped), and integer
// types without a core::DType are widened, so consumers never see those variants.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "inferbench/dtype.hpp"
#include "inferbench/shape.hpp"

namespace ib::io {

/// One array as read from or written to a .npy file. `data` holds element_count(shape) * dtype_size(dtype)
/// bytes, C order (last index fastest), little endian. A scalar has an empty shape and one element.
struct NpyArray {
  core::DType dtype = core::DType::fp32;
  core::Shape shape;
  std::vector<std::byte> data;
  bool operator==(const NpyArray&) const = default;
};

/// Reads a .npy file (format versions 1.0, 2.0 and 3.0). Supported element types: every bool, integer and
/// float type numpy writes (b1 i1 u1 i2 u2 i4 u4 i8 u8 f2 f4 f8) in either byte order ('<', '>', '=', and '|'
/// for 1-byte types). int16 and uint16 are held as int32, uint32 as int64 and uint64 as fp64 (exact up to
/// 2^53), since core::DType has no such types. Anything else (complex, object, strings, structured) is
/// refused by name. Throws ib::core::InputError("<path>: <reason>").
[[nodiscard]] NpyArray read_npy(const std::filesystem::path& path);

/// Parses the bytes of a .npy file; `name_for_errors` starts every error message (usually the path).
[[nodiscard]] NpyArray parse_npy(std::string_view bytes, const std::string& name_for_errors);

/// The bytes numpy.save would write for `array` (format 1.0, C order, header padded to a multiple of 64 bytes
/// with numpy's spare room for a growing first axis), so files we write are byte-identical to numpy's.
/// Throws ib::core::InputError for bf16 (numpy has no such type) or when data does not match shape and dtype.
[[nodiscard]] std::string serialize_npy(const NpyArray& array);

/// Writes serialize_npy(array) to `path` atomically (io::write_file_atomically).
void write_npy(const std::filesystem::path& path, const NpyArray& array);

/// Every element as a double, C order (bool -> 0/1, fp16/bf16 widened exactly; int64 beyond 2^53 rounds).
[[nodiscard]] std::vector<double> to_doubles(const NpyArray& array);

/// An fp32 or fp64 array built from doubles, for writing outputs and test fixtures.
[[nodiscard]] NpyArray make_npy(core::DType dtype, core::Shape shape, const std::vector<double>& values);

}  // namespace ib::io
