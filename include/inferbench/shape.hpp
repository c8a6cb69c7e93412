#pragma once
// Tensor shapes and the `--shape` syntax users bring from trtexec: "1x3x224x224" or "input:1x3x224x224".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ib::core {

using Shape = std::vector<std::int64_t>;

/// "1x3x224x224" -> {1, 3, 224, 224}. Every dimension must be a positive integer; a scalar is written "" only
/// in results, never accepted here. Throws InputError with the offending text.
[[nodiscard]] Shape parse_shape(std::string_view text);
/// {1, 3, 224, 224} -> "1x3x224x224"; {} -> "scalar".
[[nodiscard]] std::string shape_to_string(const Shape& shape);
/// Product of the dimensions (1 for a scalar). Throws InputError if it would overflow.
[[nodiscard]] std::int64_t element_count(const Shape& shape);

/// One `--shape` value: an optional input name and the shape.
struct ShapeArg {
  std::optional<std::string> input_name;
  Shape shape;
  bool operator==(const ShapeArg&) const = default;
};
/// "name:1x3x8x8" or "1x3x8x8". The name is everything before the last ':' (input names may contain ':').
[[nodiscard]] ShapeArg parse_shape_arg(std::string_view text);

}  // namespace ib::core
