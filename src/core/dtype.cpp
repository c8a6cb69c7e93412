#include "inferbench/dtype.hpp"

#include <array>
#include <utility>

#include "inferbench/errors.hpp"

namespace ib::core {

std::size_t dtype_size(DType dtype) noexcept {
  switch (dtype) {
    case DType::fp64:
    case DType::int64:
      return 8;
    case DType::fp32:
    case DType::int32:
      return 4;
    case DType::fp16:
    case DType::bf16:
      return 2;
    case DType::int8:
    case DType::uint8:
    case DType::boolean:
      return 1;
  }
  return 0;
}

std::string_view dtype_name(DType dtype) noexcept {
  switch (dtype) {
    case DType::fp32:
      return "fp32";
    case DType::fp16:
      return "fp16";
    case DType::bf16:
      return "bf16";
    case DType::fp64:
      return "fp64";
    case DType::int8:
      return "int8";
    case DType::uint8:
      return "uint8";
    case DType::int32:
      return "int32";
    case DType::int64:
      return "int64";
    case DType::boolean:
      return "bool";
  }
  return "unknown";
}

DType parse_dtype(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, DType>, 18> names{{
      {"fp32", DType::fp32},
      {"float32", DType::fp32},
      {"float", DType::fp32},
      {"fp16", DType::fp16},
      {"float16", DType::fp16},
      {"half", DType::fp16},
      {"bf16", DType::bf16},
      {"bfloat16", DType::bf16},
      {"fp64", DType::fp64},
      {"float64", DType::fp64},
      {"double", DType::fp64},
      {"int8", DType::int8},
      {"uint8", DType::uint8},
      {"int32", DType::int32},
      {"int", DType::int32},
      {"int64", DType::int64},
      {"long", DType::int64},
      {"bool", DType::boolean},
  }};
  for (const auto& [name, dtype] : names) {
    if (name == text) return dtype;
  }
  throw InputError("unknown dtype '" + std::string(text) +
                   "' (expected fp32, fp16, bf16, fp64, int8, uint8, int32, int64 or bool)");
}

}  // namespace ib::core
