#pragma once
// Element types of model inputs and outputs, named as users write them on the command line (fp32, fp16, ...).
#include <cstddef>
#include <string>
#include <string_view>

namespace ib::core {

enum class DType { fp32, fp16, bf16, fp64, int8, uint8, int32, int64, boolean };

/// Bytes per element.
[[nodiscard]] std::size_t dtype_size(DType dtype) noexcept;
/// Canonical short name: "fp32", "fp16", "bf16", "fp64", "int8", "uint8", "int32", "int64", "bool".
[[nodiscard]] std::string_view dtype_name(DType dtype) noexcept;
/// Parses a canonical name or a common alias (float32, float, half, float16, bfloat16, double, long, int).
/// Throws InputError naming the accepted values.
[[nodiscard]] DType parse_dtype(std::string_view text);

}  // namespace ib::core
