#pragma once
// What a model says about one of its inputs or outputs.
#include <cstddef>
#include <string>

#include "inferbench/dtype.hpp"
#include "inferbench/shape.hpp"

namespace ib::core {

struct TensorSpec {
  std::string name;
  DType dtype = DType::fp32;
  Shape shape;

  [[nodiscard]] std::size_t size_bytes() const {
    return static_cast<std::size_t>(element_count(shape)) * dtype_size(dtype);
  }
  bool operator==(const TensorSpec&) const = default;
};

}  // namespace ib::core
