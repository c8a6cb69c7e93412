#include "inferbench/shape.hpp"

#include <charconv>
#include <limits>

#include "inferbench/errors.hpp"

namespace ib::core {

Shape parse_shape(std::string_view text) {
  if (text.empty()) throw InputError("empty shape (expected e.g. 1x3x224x224)");
  Shape shape;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('x', start), text.size());
    const std::string_view part = text.substr(start, end - start);
    std::int64_t dim = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), dim);
    if (part.empty() || ec != std::errc{} || ptr != part.data() + part.size() || dim <= 0) {
      throw InputError("bad shape '" + std::string(text) +
                       "': every dimension must be a positive integer, e.g. 1x3x224x224");
    }
    shape.push_back(dim);
    start = end + 1;
  }
  (void)element_count(shape);
  return shape;
}

std::string shape_to_string(const Shape& shape) {
  if (shape.empty()) return "scalar";
  std::string out;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += 'x';
    out += std::to_string(shape[i]);
  }
  return out;
}

std::int64_t element_count(const Shape& shape) {
  std::int64_t count = 1;
  for (const std::int64_t dim : shape) {
    if (dim < 0 || (dim > 0 && count > std::numeric_limits<std::int64_t>::max() / dim)) {
      throw InputError("shape " + shape_to_string(shape) + " is too large");
    }
    count *= dim;
  }
  return count;
}

ShapeArg parse_shape_arg(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return ShapeArg{std::nullopt, parse_shape(text)};
  if (colon == 0) throw InputError("bad --shape '" + std::string(text) + "': empty input name before ':'");
  return ShapeArg{std::string(text.substr(0, colon)), parse_shape(text.substr(colon + 1))};
}

}  // namespace ib::core
