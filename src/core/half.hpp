#pragma once
// fp32 -> fp16 / bf16 bit patterns (round to nearest, ties to even), for filling inputs of half-precision
// models without a CUDA or Torch dependency.
#include <cstdint>

namespace ib::core {

[[nodiscard]] std::uint16_t float_to_half_bits(float value) noexcept;
[[nodiscard]] std::uint16_t float_to_bf16_bits(float value) noexcept;

}  // namespace ib::core
